package org.musubi.jobs;

import org.apache.spark.sql.SparkSession;
import org.musubi.error.MusubiUserException;
import org.musubi.export.ExportPlan;
import org.musubi.jobs.options.TableOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code musubi export}: variant table → VCF. */
@Command(
        name = "export",
        header = "Write a variant table as VCF (bgzipped + .tbi, or plain).",
        sortOptions = false,
        description = {
            "Write a variant table as VCF: bgzipped (.vcf.gz, tabix-indexable, with its .tbi on any file system)",
            "or plain (.vcf). Genotypes are those of the table (multi-allelics stay split)."
        },
        footer = {"", "Example:", "  bin/musubi export --table cohort.mvt --format vcf --output cohort.vcf.gz"})
public final class ExportJob extends JobBase {
    @Mixin
    TableOption input;

    @Option(names = "--format", paramLabel = "FORMAT", description = "output format: vcf (default)")
    String format = "vcf";

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "out.vcf.gz or out.vcf")
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
        if (!format.equals("vcf")) {
            throw new MusubiUserException("--format " + format + ": only vcf is supported");
        }
        String lower = output.toLowerCase(java.util.Locale.ROOT);
        if (!lower.endsWith(".gz") && !lower.endsWith(".bgz")) {
            refuseIgnored("--no-index", "for a plain .vcf output (only a bgzipped .vcf.gz is indexed): leave it out");
        }
    }

    @Override
    protected int run(SparkSession spark) throws Exception {
        ExportPlan.run(spark, new ExportPlan.Request(input.table, output, overwrite, !noIndex, arguments()));
        return 0;
    }
}
