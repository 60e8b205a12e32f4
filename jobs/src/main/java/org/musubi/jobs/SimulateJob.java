package org.musubi.jobs;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.musubi.error.MusubiUserException;
import org.musubi.jobs.options.OutputDirOptions;
import org.musubi.simulate.SimulatePlan;
import org.musubi.simulate.SimulateRequest;
import org.musubi.simulate.model.SimulationParams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code musubi simulate}: a synthetic multi-bank cohort for demos, tests and benchmarks. */
@Command(
        name = "simulate",
        header = "Simulate a multi-bank cohort with phenotypes and true effects.",
        sortOptions = false,
        description = {
            "Simulate a multi-bank cohort, deterministic from --seed: rare-heavy allele-frequency spectrum, LD",
            "blocks, three populations mixed differently in each bank, trios and sibling pairs, XY samples haploid",
            "on X, causal variants with known effects, a quantitative (qt) and a binary (cc) trait and covariates",
            "(age, sex, PC1, PC2). Per bank: cohort.vcf.gz (+ .tbi) and/or the variant table cohort.mvt,",
            "samples.tsv, pheno.tsv, covar.tsv, withdrawn.txt, release.yaml; truth/causal.tsv and a PGS Catalog",
            "scoring file truth/SIM_PGS.txt.gz; simulation.json."
        },
        footer = {
            "",
            "Example:",
            "  bin/musubi simulate --banks 3 --samples 2000 --variants 5000 --seed 7 \\",
            "      --format both --out sim/"
        })
public final class SimulateJob extends JobBase {
    @Option(names = "--banks", paramLabel = "N", description = "number of banks (default ${DEFAULT-VALUE})")
    int banks = 3;

    @Option(
            names = "--samples",
            split = ",",
            paramLabel = "N",
            description = "samples per bank: one number for all banks or one per bank (default 2000)")
    List<Integer> samples = new ArrayList<>(List.of(2000));

    @Option(names = "--variants", paramLabel = "N", description = "variants (SNVs) (default ${DEFAULT-VALUE})")
    int variants = 5000;

    @Option(names = "--seed", paramLabel = "N", description = "random seed (default ${DEFAULT-VALUE})")
    long seed = SimulationParams.DEFAULT_SEED;

    @Option(
            names = "--contigs",
            split = ",",
            paramLabel = "C",
            description = "contigs: 1-22, X (default 21,22,X); X variants lie outside the PARs")
    List<String> contigs = new ArrayList<>(SimulationParams.DEFAULT_CONTIGS);

    @Option(
            names = "--format",
            paramLabel = "F",
            description = "vcf (bgzipped VCF + .tbi), table (variant table) or both (default ${DEFAULT-VALUE})")
    String format = "vcf";

    @Option(names = "--causal", paramLabel = "N", description = "causal variants (default ${DEFAULT-VALUE})")
    int causal = SimulationParams.DEFAULT_CAUSAL;

    @Option(names = "--h2", paramLabel = "F", description = "heritability (default ${DEFAULT-VALUE})")
    double h2 = SimulationParams.DEFAULT_H2;

    @Option(
            names = "--prevalence",
            paramLabel = "F",
            description = "prevalence of the binary trait (default ${DEFAULT-VALUE})")
    double prevalence = SimulationParams.DEFAULT_PREVALENCE;

    @Option(
            names = "--related-fraction",
            paramLabel = "F",
            description = "share of samples in families (default ${DEFAULT-VALUE})")
    double relatedFraction = SimulationParams.DEFAULT_RELATED_FRACTION;

    @Option(
            names = "--missing-rate",
            paramLabel = "F",
            description = "share of genotypes missing (default ${DEFAULT-VALUE})")
    double missingRate = SimulationParams.DEFAULT_MISSING_RATE;

    @Option(
            names = "--shuffle-samples",
            description = "number the samples in random order (families scattered, as in a biobank) instead of"
                    + " each family's members next to each other")
    boolean shuffleSamples;

    @Mixin
    OutputDirOptions output;

    private SimulateRequest request;

    @Override
    protected String name() {
        return "simulate";
    }

    @Override
    protected void validate() {
        SimulationParams params =
                params(banks, samples, variants, seed, contigs, causal, h2, prevalence, relatedFraction, missingRate);
        request = new SimulateRequest(
                shuffleSamples ? params.shuffled() : params, format, output.out, output.overwrite, arguments());
    }

    static SimulationParams params(
            int banks,
            List<Integer> samples,
            int variants,
            long seed,
            List<String> contigs,
            int causal,
            double h2,
            double prevalence,
            double relatedFraction,
            double missingRate) {
        if (banks < 1) {
            throw new MusubiUserException("--banks " + banks + ": must be at least 1");
        }
        int[] perBank = new int[banks];
        if (samples.size() == 1) {
            java.util.Arrays.fill(perBank, samples.get(0));
        } else if (samples.size() == banks) {
            for (int b = 0; b < banks; b++) {
                perBank[b] = samples.get(b);
            }
        } else {
            throw new MusubiUserException("--samples " + samples + ": give one number, or one per bank (" + banks
                    + " numbers, comma-separated)");
        }
        return new SimulationParams(
                perBank, variants, seed, contigs, causal, h2, prevalence, relatedFraction, missingRate);
    }

    @Override
    protected int run(SparkSession spark) throws Exception {
        SimulatePlan.run(spark, request);
        return 0;
    }
}
