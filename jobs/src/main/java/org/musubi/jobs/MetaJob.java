package org.musubi.jobs;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.musubi.error.MusubiUserException;
import org.musubi.jobs.options.OutputDirOptions;
import org.musubi.meta.MetaPlan;
import org.musubi.meta.MetaRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code musubi meta}: METAL-style meta-analysis of several banks' GWAS-SSF files. */
@Command(
        name = "meta",
        header = "Meta-analysis of several banks' GWAS-SSF files (METAL).",
        sortOptions = false,
        description = {
            "Meta-analysis of GWAS-SSF files (one per bank or study; Musubi's gwas output or any GWAS-SSF):",
            "variants matched by chromosome, position and allele pair, aligned to one effect allele (swapped",
            "alleles flip beta and EAF; other-strand SNPs complemented; A/T, C/G SNPs by REF or by EAF, else",
            "dropped), then fixed-effects inverse-variance (METAL SCHEME STDERR) or sample-size weighted Z",
            "(SCHEME SAMPLESIZE), with Cochran's Q, I², het P, Direction and optional DerSimonian-Laird random",
            "effects. Outputs: meta.tbl (METAL columns), meta.tsv.gz (GWAS-SSF) with -meta.yaml, meta.parquet,",
            "meta.manhattan.png, meta.qq.png, dropped.tsv.gz (every line left out, with its reason), summary.json."
        },
        footer = {
            "",
            "Example:",
            "  bin/musubi meta --random-effects --out meta-bmi/ --inputs \\",
            "      bankA/gwas/bmi.tsv.gz,bankB/gwas/bmi.tsv.gz,bankC/gwas/bmi.tsv.gz"
        })
public final class MetaJob extends JobBase {
    @Option(
            names = "--inputs",
            required = true,
            split = ",",
            arity = "1..*",
            paramLabel = "FILE",
            description = "GWAS-SSF files (.tsv.gz or .tsv), two or more, in the order of the Direction column")
    List<String> inputs = new ArrayList<>();

    @Option(
            names = "--scheme",
            paramLabel = "S",
            description = "stderr (inverse variance, default) or samplesize (Z weighted by sqrt N)")
    String scheme = "stderr";

    @Option(names = "--random-effects", description = "add DerSimonian-Laird random-effects columns (stderr scheme)")
    boolean randomEffects;

    @Option(
            names = "--palindrome-maf-max",
            paramLabel = "F",
            description = "align A/T, C/G SNPs by EAF only if their MAF is at most F in both studies (default 0.4)")
    double palindromeMafMax = 0.4;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            description =
                    "tasks for the combination step (default 0: automatic, one per 16 MiB of input, at most 4 per core)")
    int partitions;

    @Mixin
    OutputDirOptions output;

    @Override
    protected String name() {
        return "meta";
    }

    @Override
    protected String output() {
        return output.out;
    }

    @Override
    protected void validate() {
        if (!scheme.equals("stderr") && !scheme.equals("samplesize")) {
            throw new MusubiUserException("--scheme " + scheme + ": use stderr or samplesize");
        }
        if (randomEffects && scheme.equals("samplesize")) {
            throw new MusubiUserException(
                    "--random-effects needs effects and standard errors: use it with --scheme stderr");
        }
        if (!(palindromeMafMax >= 0 && palindromeMafMax < 0.5)) {
            throw new MusubiUserException("--palindrome-maf-max " + palindromeMafMax
                    + ": must be in [0, 0.5) (at 0.5 the frequency cannot tell the alleles apart)");
        }
        checkPartitions(partitions);
        if (inputs.size() < 2) {
            // as freq-merge: one study has nothing to be combined with
            throw new MusubiUserException(
                    "--inputs: give at least two GWAS-SSF files to combine (got " + inputs.size() + ")");
        }
    }

    @Override
    protected int run(SparkSession spark) throws Exception {
        MetaPlan.run(
                spark,
                MetaRequest.builder()
                        .inputs(inputs)
                        .sampleSize(scheme.equals("samplesize"))
                        .randomEffects(randomEffects)
                        .palindromeMafMax(palindromeMafMax)
                        .partitions(partitions)
                        .out(output.out)
                        .overwrite(output.overwrite)
                        .arguments(arguments())
                        .build());
        return 0;
    }
}
