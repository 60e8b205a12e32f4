package org.musubi.jobs;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.musubi.error.MusubiUserException;
import org.musubi.prs.PrsPlan;
import org.musubi.prs.PrsRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code musubi prs}: polygenic scores from PGS Catalog scoring files, pgsc_calc matching, PLINK 2 scoring. */
@Command(
        name = "prs",
        sortOptions = false,
        description = {
            "Score every sample of a table with one or more PGS Catalog scoring files (format 2.0, plain or",
            ".gz, hm_* harmonized columns preferred) or plink2-style 'ID effect_allele weight…' files.",
            "Variants are matched as pgsc_calc does (position and alleles, strand flips; strand-ambiguous and",
            "multi-allelic variants and duplicate IDs excluded by default); a score whose match rate is below",
            "--min-overlap fails the run. Scoring follows plink2 --score: missing genotypes are mean-imputed",
            "from the cohort frequency (not below 50 samples, as pgsc_calc). Outputs: <score>.sscore,",
            "scores.parquet, scores.tsv.gz, match_summary.csv, match_log.csv.gz, summary.json."
        },
        footer = {
            "",
            "Example:",
            "  musubi prs --table cohort.mvt --score PGS001229_hmPOS_GRCh37.txt.gz --score custom.txt \\",
            "      --out prs/"
        })
public final class PrsJob extends JobBase {
    @Option(names = "--table", required = true, paramLabel = "DIR", description = "the variant table")
    String table;

    @Option(
            names = "--score",
            required = true,
            paramLabel = "FILE",
            description = "scoring file (repeatable): PGS Catalog format 2.0 or plink2-style ID effect_allele weight…")
    List<String> scores = new ArrayList<>();

    @Option(
            names = "--min-overlap",
            paramLabel = "F",
            description = "minimum fraction of a score's rows matched (default ${DEFAULT-VALUE})")
    double minOverlap = 0.75;

    @Option(
            names = "--no-mean-imputation",
            description = "drop missing genotypes (DENOM shrinks) instead of adding 2·p·w")
    boolean noMeanImputation;

    @Option(names = "--keep-ambiguous", description = "keep strand-ambiguous (A/T, C/G) matches")
    boolean keepAmbiguous;

    @Option(names = "--keep-multiallelic", description = "keep matches on rows split from multi-allelic records")
    boolean keepMultiallelic;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory")
    String out;

    @Option(names = "--overwrite", description = "replace an existing output directory")
    boolean overwrite;

    @Override
    protected String name() {
        return "prs";
    }

    @Override
    protected void validate() {
        if (!(minOverlap >= 0 && minOverlap <= 1)) {
            throw new MusubiUserException("--min-overlap " + minOverlap + ": must be in [0, 1]");
        }
    }

    @Override
    protected int run(SparkSession spark) throws Exception {
        PrsPlan.run(
                spark,
                new PrsRequest(
                        table,
                        scores,
                        minOverlap,
                        !noMeanImputation,
                        keepAmbiguous,
                        keepMultiallelic,
                        out,
                        overwrite,
                        arguments()));
        return 0;
    }
}
