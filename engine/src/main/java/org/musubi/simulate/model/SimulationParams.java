package org.musubi.simulate.model;

import java.util.List;
import org.musubi.error.MusubiUserException;

/**
 * What to simulate. Checked on construction; every value that reaches the generator is valid.
 *
 * @param samplesPerBank samples of each bank (its length is the number of banks)
 * @param variants biallelic SNVs, the same sites in every bank (as a jointly called panel; a site can be
 *     monomorphic in a bank)
 * @param seed the run's seed: the same parameters and seed give the same cohort
 * @param contigs contigs to spread the variants over (1–22, X, with or without "chr"; GRCh38 lengths); variants on X
 *     lie outside the PARs (haploid in XY samples)
 * @param causal number of causal variants (common, autosomal, not strand-ambiguous)
 * @param h2 narrow-sense heritability of the quantitative trait and of the liability of the binary trait
 * @param prevalence prevalence of the binary trait (liability threshold)
 * @param relatedFraction share of each bank's samples that belong to a family (trio or sibling pair)
 * @param missingRate share of genotypes set missing (at random)
 * @param shuffleSamples whether the samples are listed in random order (families scattered) rather than each family's
 *     members next to each other; the people, genotypes and phenotypes are the same, only the sample numbering
 *     changes (REGENIE's contiguous CV folds then put relatives in different folds, as in a biobank's random order)
 */
public record SimulationParams(
        int[] samplesPerBank,
        int variants,
        long seed,
        List<String> contigs,
        int causal,
        double h2,
        double prevalence,
        double relatedFraction,
        double missingRate,
        boolean shuffleSamples)
        implements java.io.Serializable {

    public static final long DEFAULT_SEED = 20_260_101L;
    public static final List<String> DEFAULT_CONTIGS = List.of("21", "22", "X");
    public static final int DEFAULT_CAUSAL = 20;
    public static final double DEFAULT_H2 = 0.5;
    public static final double DEFAULT_PREVALENCE = 0.1;
    public static final double DEFAULT_RELATED_FRACTION = 0.1;
    public static final double DEFAULT_MISSING_RATE = 0.002;

    public SimulationParams {
        samplesPerBank = samplesPerBank.clone();
        contigs = List.copyOf(contigs);
        if (samplesPerBank.length < 1 || samplesPerBank.length > 26) {
            throw new MusubiUserException("--banks " + samplesPerBank.length + ": simulate 1 to 26 banks");
        }
        for (int n : samplesPerBank) {
            if (n < 10) {
                throw new MusubiUserException("--samples " + n + ": a bank needs at least 10 samples");
            }
        }
        if (variants < 1) {
            throw new MusubiUserException("--variants " + variants + ": must be at least 1");
        }
        if (contigs.isEmpty()) {
            throw new MusubiUserException("--contigs: name at least one contig (1-22, X)");
        }
        for (String c : contigs) {
            Genome.length(c); // checks the name
        }
        if (causal < 0) {
            throw new MusubiUserException("--causal " + causal + ": must be >= 0");
        }
        if (!(h2 >= 0 && h2 < 1)) {
            throw new MusubiUserException("--h2 " + h2 + ": must be in [0, 1)");
        }
        if (causal == 0 && h2 > 0) {
            throw new MusubiUserException("--h2 " + h2 + " needs causal variants; give --causal N (N >= 1) or --h2 0");
        }
        if (!(prevalence > 0 && prevalence < 1)) {
            throw new MusubiUserException("--prevalence " + prevalence + ": must be in (0, 1)");
        }
        if (!(relatedFraction >= 0 && relatedFraction <= 0.8)) {
            throw new MusubiUserException("--related-fraction " + relatedFraction + ": must be in [0, 0.8]");
        }
        if (!(missingRate >= 0 && missingRate < 0.5)) {
            throw new MusubiUserException("--missing-rate " + missingRate + ": must be in [0, 0.5)");
        }
    }

    /** Samples in family order (each family's members next to each other). */
    public SimulationParams(
            int[] samplesPerBank,
            int variants,
            long seed,
            List<String> contigs,
            int causal,
            double h2,
            double prevalence,
            double relatedFraction,
            double missingRate) {
        this(samplesPerBank, variants, seed, contigs, causal, h2, prevalence, relatedFraction, missingRate, false);
    }

    /** The same parameters with the samples in random order ({@code shuffleSamples}). */
    public SimulationParams shuffled() {
        return new SimulationParams(
                samplesPerBank, variants, seed, contigs, causal, h2, prevalence, relatedFraction, missingRate, true);
    }

    public int banks() {
        return samplesPerBank.length;
    }

    public int samples(int bank) {
        return samplesPerBank[bank];
    }

    public long totalSamples() {
        long t = 0;
        for (int n : samplesPerBank) {
            t += n;
        }
        return t;
    }

    /** Bank names: bankA, bankB, … */
    public static String bankName(int bank) {
        return "bank" + (char) ('A' + bank);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SimulationParams p
                && java.util.Arrays.equals(samplesPerBank, p.samplesPerBank)
                && variants == p.variants
                && seed == p.seed
                && contigs.equals(p.contigs)
                && causal == p.causal
                && Double.compare(h2, p.h2) == 0
                && Double.compare(prevalence, p.prevalence) == 0
                && Double.compare(relatedFraction, p.relatedFraction) == 0
                && Double.compare(missingRate, p.missingRate) == 0
                && shuffleSamples == p.shuffleSamples;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(
                java.util.Arrays.hashCode(samplesPerBank), variants, seed, contigs, causal, h2, prevalence);
    }

    @Override
    public String toString() {
        return "SimulationParams[samplesPerBank=" + java.util.Arrays.toString(samplesPerBank) + ", variants="
                + variants + ", seed=" + seed + ", contigs=" + contigs + ", causal=" + causal + ", h2=" + h2
                + ", prevalence=" + prevalence + ", relatedFraction=" + relatedFraction + ", missingRate="
                + missingRate + (shuffleSamples ? ", shuffleSamples=true" : "") + "]";
    }
}
