package org.musubi.jobs;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.musubi.adam.AdamIngestPlan;
import org.musubi.error.MusubiUserException;
import org.musubi.ingest.BgenIngestOptions;
import org.musubi.ingest.IngestOptions;
import org.musubi.ingest.IngestPlan;
import org.musubi.ingest.IngestRequest;
import org.musubi.io.vcf.VcfRecordParser.DosageField;
import org.musubi.spark.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code musubi ingest}: VCF cohort or PLINK 1 fileset → variant table. */
@Command(
        name = "ingest",
        header = "Turn VCF files into a Parquet variant table.",
        sortOptions = false,
        description = {
            "Turn a VCF cohort (VCF, VCF.gz/bgzip, several shards) into a Parquet variant table:",
            "one row per biallelic variant (multi-allelics split), per-variant counts, packed calls.",
            "bgzip-compressed input is split across Spark tasks. A PLINK 1 fileset (--input x.bed or the prefix x)",
            "is read in tasks too: .bim A1 is ALT (plink2's convention) unless --plink-ref a1.",
            "A .bgen input (BGEN v1.1/v1.2) is read with its dosages and plink2's hard calls, split by its .bgi.",
            "--format adam reads an ADAM genotype Parquet dataset (ADAM's saveAsParquet) through ADAM's loader."
        },
        footer = {
            "",
            "Example:",
            "  bin/musubi ingest --input cohort.chr*.vcf.gz --output cohort.mvt \\",
            "      --bank biobank1 --samples manifest.tsv --stringency lenient"
        })
public final class IngestJob extends JobBase {
    private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

    @Option(
            names = "--input",
            required = true,
            arity = "1..*",
            paramLabel = "PATH",
            description = "VCF files, globs or directories (shards of one cohort, same samples), one PLINK 1"
                    + " fileset: x.bed or the prefix x, or .bgen files (e.g. one per chromosome, same samples)")
    List<String> inputs;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description = "input format: auto (default: VCF/BCF, PLINK 1 or BGEN, from the input) or adam (an ADAM"
                    + " genotype Parquet directory)")
    String format = "auto";

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "the table directory to write")
    String output;

    @Option(names = "--bank", paramLabel = "ID", description = "bank id recorded in the table")
    String bank;

    @Option(
            names = "--samples",
            paramLabel = "FILE",
            description = "sample manifest: TSV (sample_id, sex, population, bank, …), .psam or .fam")
    String samples;

    @Option(
            names = "--stringency",
            paramLabel = "MODE",
            description = "strict (default): stop at the first bad record; lenient: quarantine bad records")
    String stringency = "strict";

    @Option(
            names = "--max-bad-records",
            paramLabel = "N",
            description = "lenient mode: give up after N bad records (default ${DEFAULT-VALUE})")
    long maxBadRecords = 100_000;

    @Option(
            names = "--info-fields",
            split = ",",
            paramLabel = "KEY",
            description = "INFO fields to keep as columns (info_<KEY>), comma-separated")
    List<String> infoFields = new ArrayList<>();

    @Option(
            names = "--dosage",
            paramLabel = "FIELD",
            description = "dosages from FORMAT DS, GP, none, or auto (default: DS if the header defines it, else GP)")
    String dosage = "auto";

    @Option(names = "--genome-build", paramLabel = "BUILD", description = "GRCh37 or GRCh38 (default: from the header)")
    String genomeBuild;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            description = "number of input splits (default 0: automatic, 3 per core)")
    int partitions;

    @Option(
            names = "--plink-ref",
            paramLabel = "COLUMN",
            description = "PLINK input: the .bim allele column that is REF: a2 (default, plink2's convention: A1 = ALT)"
                    + " or a1 (files made with A1 = REF)")
    String plinkRef = "a2";

    @Option(names = "--overwrite", description = "replace an existing table")
    boolean overwrite;

    @Option(
            names = "--sample",
            paramLabel = "FILE",
            description = "BGEN input: Oxford .sample file naming the samples (default: the IDs in the BGEN)")
    String bgenSample;

    @Option(
            names = "--bgen-ref",
            paramLabel = "first|last",
            description = "BGEN input: which allele of each record is REF (default ${DEFAULT-VALUE})")
    String bgenRef = "first";

    @Option(
            names = "--hard-call-threshold",
            paramLabel = "X",
            description = "BGEN input: keep a hard call when the dosage is within X of it, as plink2 (default"
                    + " ${DEFAULT-VALUE})")
    double hardCallThreshold = 0.1;

    @Override
    protected String name() {
        return "ingest";
    }

    @Override
    protected void validate() {
        if (!stringency.equals("strict") && !stringency.equals("lenient")) {
            throw new MusubiUserException("--stringency " + stringency + ": use strict or lenient");
        }
        if (genomeBuild != null && !genomeBuild.equals("GRCh37") && !genomeBuild.equals("GRCh38")) {
            throw new MusubiUserException("--genome-build " + genomeBuild + ": use GRCh37 or GRCh38");
        }
        checkPartitions(partitions);
        if (!format.equals("auto") && !format.equals("adam")) {
            throw new MusubiUserException("--format " + format + ": use auto (VCF/BCF, PLINK 1, BGEN) or adam");
        }
        if (format.equals("adam")) {
            for (String o : List.of("--info-fields", "--dosage", "--plink-ref", "--stringency")) {
                refuseIgnored(
                        o, "with --format adam (ADAM genotypes carry no INFO, their dosage is read as is): drop it");
            }
        }
        if (!inputs.stream().allMatch(i -> i.toLowerCase(java.util.Locale.ROOT).endsWith(".bgen"))) {
            for (String o : List.of("--sample", "--bgen-ref", "--hard-call-threshold")) {
                refuseIgnored(o, "unless the inputs are .bgen files: drop it");
            }
        }
        if (!bgenRef.equals("first") && !bgenRef.equals("last")) {
            throw new MusubiUserException("--bgen-ref " + bgenRef + ": use first or last");
        }
        if (!(hardCallThreshold >= 0 && hardCallThreshold <= 0.5)) {
            throw new MusubiUserException("--hard-call-threshold " + hardCallThreshold + ": use a value in [0, 0.5]");
        }
        if (!plinkRef.equals("a1") && !plinkRef.equals("a2")) {
            throw new MusubiUserException("--plink-ref " + plinkRef + ": use a2 (A1 = ALT, plink2) or a1 (A1 = REF)");
        }
        if (stringency.equals("strict")) {
            refuseIgnored(
                    "--max-bad-records",
                    "with --stringency strict (the first bad record stops the run): add --stringency lenient");
        }
        if (!List.of("auto", "DS", "GP", "none").contains(dosage)) {
            throw new MusubiUserException("--dosage " + dosage + ": use auto, DS, GP or none");
        }
    }

    @Override
    protected int run(SparkSession spark) throws Exception {
        IngestOptions options =
                new IngestOptions(stringency.equals("lenient"), maxBadRecords, DosageField.NONE, List.of());
        IngestRequest req = IngestRequest.builder()
                .inputs(inputs)
                .out(output)
                .bank(bank)
                .samplesManifest(samples)
                .genomeBuild(genomeBuild)
                .options(options)
                .dosageField(dosage.equals("none") ? null : dosage)
                .infoFields(infoFields)
                .partitions(partitions)
                .overwrite(overwrite)
                .arguments(arguments())
                .bgen(new BgenIngestOptions(bgenSample, bgenRef.equals("first"), hardCallThreshold))
                .plinkRef(plinkRef)
                .build();
        IngestPlan.Summary s = format.equals("adam") ? AdamIngestPlan.run(spark, req) : IngestPlan.run(spark, req);
        LOG.info(
                "ingest: wrote {}: {} samples, {} variants ({} records, {} multi-allelic split), {} quarantined, in {}",
                s.table(),
                s.metadata().sampleCount,
                s.metadata().variantCount,
                s.metadata().recordCount,
                s.metadata().multiallelicSplitCount,
                s.metadata().quarantinedCount,
                Progress.duration(s.seconds()));
        return 0;
    }
}
