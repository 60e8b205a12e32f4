package org.musubi.jobs;

import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.musubi.error.MusubiUserException;
import org.musubi.jobs.options.OutputDirOptions;
import org.musubi.jobs.options.PhenotypeOptions;
import org.musubi.jobs.options.TableOption;
import org.musubi.wgr.KeptVariants;
import org.musubi.wgr.WgrPlan;
import org.musubi.wgr.WgrRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code musubi wgr}: whole-genome regression step 1 (REGENIE v1.0.6.7), LOCO predictions for {@code gwas --pred}. */
@Command(
        name = "wgr",
        header = "Whole-genome regression step 1 (REGENIE): LOCO predictions.",
        sortOptions = false,
        description = {
            "REGENIE v1.0.6.7's step 1: covariates projected out, genotypes mean-imputed and scaled, level 0 ridge",
            "per block of variants with K-fold CV (contiguous folds in sample order), level 1 ridge (quantitative)",
            "or ridge logistic with the covariates' offset (binary; leave-one-out below 5000 samples), h2 chosen by",
            "CV, leave-one-chromosome-out predictions. Every phenotype in one pass over the genotypes. Outputs:",
            "<prefix>_pred.list and <prefix>_<k>.loco (REGENIE's formats, read by gwas --pred and REGENIE step 2)",
            "and summary.json (h2 chosen per phenotype, CV R2/MSE/-logLik, timings)."
        },
        footer = {
            "",
            "Example:",
            "  bin/musubi wgr --table cohort.mvt --pheno pheno.tsv --covar covar.tsv \\",
            "      --block-size 1000 --out wgr/"
        })
public final class WgrJob extends JobBase {
    @Mixin
    TableOption input;

    @Mixin
    PhenotypeOptions phenotypes;

    @Option(
            names = "--variants",
            paramLabel = "FILE",
            description = "only these variants, one per line as contig:pos:ref:alt (qc's keep.variants.txt) or ID"
                    + " (REGENIE --extract); blocks form over the kept variants")
    String variants;

    @Option(
            names = "--maf",
            paramLabel = "F",
            description = "only variants with minor allele frequency >= F over the analysis samples (default 0)")
    double maf;

    @Option(
            names = "--min-call-rate",
            paramLabel = "F",
            description = "only variants called in >= F of the analysis samples (default 0)")
    double minCallRate;

    @Option(
            names = "--block-size",
            paramLabel = "B",
            description = "variants per level-0 block (REGENIE --bsize; default ${DEFAULT-VALUE})")
    int blockSize = 1000;

    @Option(names = "--folds", paramLabel = "K", description = "CV folds (default ${DEFAULT-VALUE})")
    int folds = 5;

    @Option(
            names = "--binary",
            paramLabel = "MODE",
            description = "auto (0/1 or 1/2 phenotypes are binary), linear or logistic (default ${DEFAULT-VALUE})")
    String binary = "auto";

    @Option(
            names = "--cv",
            paramLabel = "MODE",
            description = "auto (binary traits below 5000 samples: leave-one-out, as REGENIE) or kfold (always K)")
    String cv = "auto";

    @Option(names = "--prefix", paramLabel = "NAME", description = "output file prefix (default ${DEFAULT-VALUE})")
    String prefix = "wgr";

    @Option(names = "--gz", description = "write <prefix>_<k>.loco.gz")
    boolean gzip;

    @Option(names = "--partitions", paramLabel = "N", description = "level-0 tasks (default: automatic)")
    int partitions;

    @Mixin
    OutputDirOptions output;

    private WgrRequest request;

    @Override
    protected String name() {
        return "wgr";
    }

    @Override
    protected String output() {
        return output.out;
    }

    @Override
    protected void validate() {
        checkPartitions(partitions);
        phenotypes.validate();
        if (blockSize < 1) {
            throw new MusubiUserException("--block-size " + blockSize + ": use a positive number of variants (1000)");
        }
        if (folds < 2) {
            throw new MusubiUserException("--folds " + folds + ": use at least 2 folds (REGENIE's default is 5)");
        }
        if (!Set.of("auto", "linear", "logistic").contains(binary)) {
            throw new MusubiUserException("--binary " + binary + ": use auto, linear or logistic");
        }
        if (!Set.of("auto", "kfold").contains(cv)) {
            throw new MusubiUserException("--cv " + cv + ": use auto or kfold");
        }
        if (prefix.isEmpty() || prefix.contains("/")) {
            throw new MusubiUserException("--prefix '" + prefix + "': use a file name prefix without '/'");
        }
        request = phenotypes
                .applyTo(WgrRequest.builder())
                .table(input.table)
                .variants(new KeptVariants(variants, maf, minCallRate))
                .blockSize(blockSize)
                .folds(folds)
                .binary(binary)
                .cv(cv)
                .prefix(prefix)
                .gzip(gzip)
                .partitions(partitions)
                .out(output.out)
                .overwrite(output.overwrite)
                .arguments(arguments())
                .build();
    }

    @Override
    protected int run(SparkSession spark) throws Exception {
        WgrPlan.run(spark, request);
        return 0;
    }
}
