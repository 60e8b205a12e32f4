package org.musubi.jobs;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.musubi.error.MusubiUserException;
import org.musubi.gwas.GwasDesign;
import org.musubi.gwas.GwasPlan;
import org.musubi.gwas.GwasRequest;
import org.musubi.gwas.RegenieOptions;
import org.musubi.jobs.options.OutputDirOptions;
import org.musubi.jobs.options.PhenotypeOptions;
import org.musubi.jobs.options.TableOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code musubi gwas}: linear / logistic (Firth fallback) association tests, PLINK 2 semantics. */
@Command(
        name = "gwas",
        header = "Association tests, linear and logistic, as PLINK 2 --glm.",
        sortOptions = false,
        description = {
            "Test every variant of a table against one or more phenotypes with covariates: linear regression",
            "for quantitative traits, logistic regression with PLINK 2's Firth fallback for binary ones (0/1 or",
            "1/2 coding, detected). Outputs per phenotype: Parquet results, <pheno>.glm.linear or",
            "<pheno>.glm.logistic.hybrid (.glm.logistic with logistic-no-firth, .glm.firth with firth; PLINK 2",
            "columns), <pheno>.tsv.gz (GWAS-SSF) with -meta.yaml, Manhattan and QQ plots; summary.json with λGC."
        },
        footer = {
            "",
            "Example:",
            "  bin/musubi gwas --table cohort.mvt --pheno pheno.tsv --pheno-name bmi,t2d \\",
            "      --covar covar.tsv --covar-name age,sex,PC1,PC2 --maf 0.01 --out gwas/"
        })
public final class GwasJob extends JobBase {
    @Mixin
    TableOption input;

    @Mixin
    PhenotypeOptions phenotypes;

    @Option(
            names = "--model",
            paramLabel = "MODEL",
            description = "auto (default), linear, logistic (Firth fallback), logistic-no-firth, firth")
    String model = "auto";

    @Option(names = "--maf", paramLabel = "F", description = "minimum minor allele frequency (default 0)")
    double maf;

    @Option(names = "--min-call-rate", paramLabel = "F", description = "minimum call rate (default 0)")
    double minCallRate;

    @Option(
            names = "--mean-impute",
            description = "replace missing genotypes by the mean dosage (default: drop the sample for that variant)")
    boolean meanImpute;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            description =
                    "run N tasks, each on a contiguous slice of the table in genome order (default 0: automatic, 4 per core)")
    int partitions;

    @Option(
            names = "--release-policy",
            paramLabel = "YAML",
            description = "release policy for the GWAS-SSF files that leave the bank (conf/release.yaml): withdrawn"
                    + " samples excluded, EAF floored at k/(2n), n and case/control counts 0 < c < k suppressed")
    String releasePolicy;

    @Option(
            names = "--xchr-model",
            paramLabel = "M",
            description =
                    "chrX coding as PLINK 2: 0 skip chrX, 1 XY samples 0/1, 2 (default, as plink2) XY samples 0/2")
    int xchrModel = 2;

    @Option(names = "--no-x-sex", description = "do not add sex as a covariate on chrX (PLINK 2 --glm no-x-sex)")
    boolean noXSex;

    @Option(
            names = "--sex-covariate",
            description = "add sex as a covariate on every contig but chrY (PLINK 2 --glm sex); default: chrX only")
    boolean sexCovariate;

    @Option(
            names = "--pred",
            paramLabel = "FILE",
            description = "REGENIE step 2: the step-1 LOCO predictions (a _pred.list, Musubi's wgr or REGENIE's) as"
                    + " offsets; writes <pheno>.regenie besides the PLINK-style and GWAS-SSF files")
    String pred;

    @Option(
            names = "--approx",
            description = "with --pred: approximate Firth for binary traits (REGENIE --firth --approx)")
    boolean approx;

    @Option(
            names = "--pthresh",
            paramLabel = "P",
            description = "with --pred: Firth where the score test's P is below P (REGENIE --pThresh, default 0.05)")
    double pThresh = 0.05;

    @Option(
            names = "--min-mac",
            paramLabel = "N",
            description =
                    "with --pred: test only variants with a minor allele count >= N (REGENIE --minMAC, default 5)")
    double minMac = 5;

    @Mixin
    OutputDirOptions output;

    @Override
    protected String name() {
        return "gwas";
    }

    @Override
    protected String output() {
        return output.out;
    }

    @Override
    protected void validate() {
        if (!List.of("auto", "linear", "logistic", "logistic-no-firth", "firth").contains(model)) {
            throw new MusubiUserException(
                    "--model " + model + ": use auto, linear, logistic, logistic-no-firth or firth");
        }
        if (maf < 0 || maf >= 0.5) {
            throw new MusubiUserException("--maf " + maf + ": must be in [0, 0.5)");
        }
        if (minCallRate < 0 || minCallRate > 1) {
            throw new MusubiUserException("--min-call-rate " + minCallRate + ": must be in [0, 1]");
        }
        if (xchrModel < 0 || xchrModel > 2) {
            throw new MusubiUserException("--xchr-model " + xchrModel + ": use 0 (skip chrX), 1 or 2");
        }
        if (noXSex && sexCovariate) {
            throw new MusubiUserException("--no-x-sex and --sex-covariate contradict each other: use one");
        }
        checkPartitions(partitions);
        if (pred == null) {
            refuseIgnored("--approx", "without --pred FILE: give the step-1 predictions, or leave --approx out");
            refuseIgnored("--pthresh", "without --pred FILE: give the step-1 predictions, or leave --pthresh out");
            refuseIgnored("--min-mac", "without --pred FILE: give the step-1 predictions, or leave --min-mac out");
        } else {
            refuseIgnored("--maf", "with --pred (REGENIE step 2 tests variants by --min-mac): drop it");
            refuseIgnored("--min-call-rate", "with --pred (REGENIE step 2 tests variants by --min-mac): drop it");
            if (!(pThresh > 0 && pThresh <= 1)) {
                throw new MusubiUserException("--pthresh " + pThresh + ": must be in (0, 1]");
            }
            if (!(minMac >= 1)) {
                throw new MusubiUserException("--min-mac " + minMac + ": must be at least 1 (REGENIE --minMAC)");
            }
            if (meanImpute) {
                throw new MusubiUserException("--mean-impute has no effect with --pred (REGENIE's step 2 always"
                        + " mean-imputes missing genotypes): leave it out");
            }
        }
        phenotypes.validate();
        if (xchrModel == 0) {
            refuseIgnored("--no-x-sex", "with --xchr-model 0 (chrX skipped): leave one of them out");
        }
    }

    @Override
    protected int run(SparkSession spark) throws Exception {
        GwasPlan.run(
                spark,
                phenotypes
                        .applyTo(GwasRequest.builder())
                        .table(input.table)
                        .model(model)
                        .maf(maf)
                        .minCallRate(minCallRate)
                        .meanImpute(meanImpute)
                        .partitions(partitions)
                        .out(output.out)
                        .overwrite(output.overwrite)
                        .arguments(arguments())
                        .releasePolicy(releasePolicy)
                        .pred(
                                pred == null
                                        ? null
                                        : RegenieOptions.of(
                                                pred, model, approx, given("--pthresh") ? pThresh : null, minMac))
                        .sexChromosomes(new GwasDesign.SexChromosomes(
                                xchrModel,
                                noXSex
                                        ? GwasDesign.SexCovariate.NONE
                                        : sexCovariate ? GwasDesign.SexCovariate.ALL : GwasDesign.SexCovariate.X_ONLY))
                        .build());
        return 0;
    }
}
