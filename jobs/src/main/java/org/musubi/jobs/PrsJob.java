package org.musubi.jobs;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.musubi.error.MusubiUserException;
import org.musubi.jobs.options.OutputDirOptions;
import org.musubi.jobs.options.TableOption;
import org.musubi.prs.PrsEvaluation;
import org.musubi.prs.PrsPlan;
import org.musubi.prs.PrsRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code musubi prs}: polygenic scores from PGS Catalog scoring files, pgsc_calc matching, PLINK 2 scoring. */
@Command(
        name = "prs",
        header = "Polygenic scores from PGS Catalog files, and their evaluation.",
        sortOptions = false,
        description = {
            "Score every sample of a table with one or more PGS Catalog scoring files (format 2.0, plain or",
            ".gz, hm_* harmonized columns preferred) or plink2-style 'ID effect_allele weight…' files.",
            "Variants are matched as pgsc_calc does (position and alleles, strand flips; strand-ambiguous and",
            "multi-allelic variants and duplicate IDs excluded by default); a score whose match rate is below",
            "--min-overlap fails the run. Scoring follows plink2 --score: missing genotypes are mean-imputed",
            "from the cohort frequency (not below 50 samples, as pgsc_calc). Outputs: <score>.sscore,",
            "scores.parquet, scores.tsv.gz, match_summary.csv, match_log.csv.gz, summary.json.",
            "With --outcome, each score (SUM, standardised) is evaluated against each outcome: binary (0/1 or",
            "1/2) gives AUC with DeLong CI (covariates, PGS, both, difference), OR per SD, OR of the top",
            "1/5/10/20%% vs the rest, Nagelkerke R2 gain, OR by decile vs deciles 5-6, calibration by decile",
            "(Hosmer-Lemeshow); quantitative gives beta per SD and R2 gain. Outputs: evaluation.tsv,",
            "evaluation_ppm.csv (PGS Catalog style), deciles.tsv, calibration.tsv, prs_report.html.",
            "With --release-policy the output is for sharing: no per-sample file is written, withdrawn samples",
            "are left out and every count 0 < c < k is suppressed."
        },
        footer = {
            "",
            "Examples:",
            "  bin/musubi prs --table cohort.mvt --score PGS001229_hmPOS_GRCh37.txt.gz \\",
            "      --score custom.txt --out prs/",
            "  bin/musubi prs --table cohort.mvt --score PGS000018.txt.gz \\",
            "      --outcome pheno.tsv --outcome-name cad \\",
            "      --covar covar.tsv --covar-name age,sex,PC1,PC2 \\",
            "      --release-policy conf/release.yaml --out prs-eval/"
        })
public final class PrsJob extends JobBase {
    @Mixin
    TableOption input;

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

    @Option(
            names = "--outcome",
            paramLabel = "FILE",
            description = "outcomes to evaluate the scores against: header 'FID IID name…' or 'IID name…'")
    String outcome;

    @Option(names = "--outcome-name", split = ",", paramLabel = "NAME", description = "outcome columns (default: all)")
    List<String> outcomeNames = new ArrayList<>();

    @Option(names = "--covar", paramLabel = "FILE", description = "covariates, same format (non-numeric → dummies)")
    String covar;

    @Option(names = "--covar-name", split = ",", paramLabel = "NAME", description = "covariates to use (default: all)")
    List<String> covarNames = new ArrayList<>();

    @Option(names = "--missing-code", paramLabel = "V", description = "missing value code besides NA (default -9)")
    String missingCode = "-9";

    @Option(
            names = "--standardise",
            paramLabel = "BASIS",
            description = "mean and SD of the score from 'all' evaluated samples (default) or 'controls'")
    String standardise = "all";

    @Option(
            names = "--prevalence",
            paramLabel = "K",
            description = "population prevalence of binary outcomes: adds the liability-scale R2 gain (Lee 2012)")
    Double prevalence;

    @Option(
            names = "--release-policy",
            paramLabel = "YAML",
            description = "output for sharing: release gate k and withdrawn samples (see conf/release.yaml); no"
                    + " per-sample output is written")
    String releasePolicy;

    @Mixin
    OutputDirOptions output;

    @Override
    protected String name() {
        return "prs";
    }

    @Override
    protected String output() {
        return output.out;
    }

    @Override
    protected void validate() {
        if (!(minOverlap >= 0 && minOverlap <= 1)) {
            throw new MusubiUserException("--min-overlap " + minOverlap + ": must be in [0, 1]");
        }
        if (outcome == null && (!outcomeNames.isEmpty() || covar != null || prevalence != null)) {
            throw new MusubiUserException(
                    "--outcome-name, --covar and --prevalence need --outcome FILE (the outcomes to evaluate against)");
        }
        if (outcome == null) {
            for (String o : List.of("--covar-name", "--missing-code", "--standardise")) {
                refuseIgnored(o, "without --outcome FILE (it applies to the evaluation against outcomes)");
            }
        } else if (covar == null) {
            refuseIgnored("--covar-name", "without --covar FILE: give the covariate file, or leave --covar-name out");
        }
        if (!standardise.equals("all") && !standardise.equals("controls")) {
            throw new MusubiUserException("--standardise " + standardise + ": use all or controls");
        }
        if (prevalence != null && !(prevalence > 0 && prevalence < 1)) {
            throw new MusubiUserException("--prevalence " + prevalence + ": must be a fraction in (0, 1), e.g. 0.05");
        }
    }

    @Override
    protected int run(SparkSession spark) throws Exception {
        PrsPlan.run(
                spark,
                PrsRequest.builder()
                        .table(input.table)
                        .scoreFiles(scores)
                        .minOverlap(minOverlap)
                        .meanImputation(!noMeanImputation)
                        .keepAmbiguous(keepAmbiguous)
                        .keepMultiallelic(keepMultiallelic)
                        .out(output.out)
                        .overwrite(output.overwrite)
                        .arguments(arguments())
                        .evaluation(
                                outcome == null
                                        ? null
                                        : new PrsRequest.Evaluation(
                                                outcome,
                                                outcomeNames,
                                                covar,
                                                covarNames,
                                                missingCode,
                                                standardise.equals("all")
                                                        ? PrsEvaluation.Basis.ALL
                                                        : PrsEvaluation.Basis.CONTROLS,
                                                prevalence == null ? Double.NaN : prevalence))
                        .releasePolicy(releasePolicy)
                        .build());
        return 0;
    }
}
