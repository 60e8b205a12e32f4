package org.musubi.jobs;

import org.apache.spark.sql.SparkSession;
import org.musubi.adam.AdamExportPlan;
import org.musubi.error.MusubiUserException;
import org.musubi.export.ExportPlan;
import org.musubi.export.PlinkExportPlan;
import org.musubi.jobs.options.TableOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code musubi export}: variant table → VCF or a PLINK 1 fileset. */
@Command(
        name = "export",
        header = "Write a variant table as VCF or as a PLINK 1 fileset.",
        sortOptions = false,
        description = {
            "Write a variant table as VCF: bgzipped (.vcf.gz, tabix-indexable, with its .tbi on any file system)",
            "or plain (.vcf). Genotypes are those of the table (multi-allelics stay split).",
            "--format plink writes <output>.bed/.bim/.fam as plink2 --make-bed does (A1 = ALT, hard calls).",
            "--format adam writes an ADAM genotype Parquet directory with ADAM's saveAsParquet (ADAM loads it)."
        },
        footer = {
            "",
            "Examples:",
            "  bin/musubi export --table cohort.mvt --format vcf --output cohort.vcf.gz",
            "  bin/musubi export --table cohort.mvt --format plink --output cohort"
        })
public final class ExportJob extends JobBase {
    @Mixin
    TableOption input;

    @Option(names = "--format", paramLabel = "FORMAT", description = "output format: vcf (default), plink or adam")
    String format = "vcf";

    @Option(
            names = "--output",
            required = true,
            paramLabel = "FILE",
            description = "out.vcf.gz or out.vcf; for plink the prefix of .bed/.bim/.fam; for adam a directory")
    String output;

    @Option(names = "--no-index", description = "do not write the .tbi index")
    boolean noIndex;

    @Option(names = "--overwrite", description = "replace an existing output")
    boolean overwrite;

    @Override
    protected String name() {
        return "export";
    }

    @Override
    protected void validate() {
        if (!format.equals("vcf") && !format.equals("plink") && !format.equals("adam")) {
            throw new MusubiUserException(
                    "--format " + format + ": use vcf or plink, or adam for ADAM genotype Parquet");
        }
        String lower = output.toLowerCase(java.util.Locale.ROOT);
        if (!lower.endsWith(".gz") && !lower.endsWith(".bgz")) {
            refuseIgnored("--no-index", "for a plain .vcf output (only a bgzipped .vcf.gz is indexed): leave it out");
        }
    }

    @Override
    protected int run(SparkSession spark) throws Exception {
        ExportPlan.Request req = new ExportPlan.Request(input.table, output, overwrite, !noIndex, arguments());
        if (format.equals("plink")) {
            PlinkExportPlan.run(spark, req);
        } else if (format.equals("adam")) {
            AdamExportPlan.run(spark, req);
        } else {
            ExportPlan.run(spark, req);
        }
        return 0;
    }
}
