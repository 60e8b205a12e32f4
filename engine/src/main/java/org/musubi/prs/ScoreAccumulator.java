package org.musubi.prs;

import java.io.Serializable;
import org.musubi.prs.kernel.ScoreKernel;

/**
 * Per-sample score sums for several scores at once (PLINK 2 {@code --score} semantics), fed one variant at a time
 * and merged across partitions: the prs plan's view of {@link ScoreKernel} (which holds the semantics: mean
 * imputation, effect types, missing calls), with a variant's weights as {@link Weight} records and the results per
 * score. No Spark.
 */
public final class ScoreAccumulator implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * The weight of one score on one table variant.
     *
     * @param score index of the score
     * @param effectIsAlt whether the effect allele is the variant's ALT (else REF)
     */
    public record Weight(int score, boolean effectIsAlt, double weight, ScoringFile.EffectType type)
            implements Serializable {}

    /** Per-sample results of one score. */
    public record ScoreResult(double[] sum, double[] namedDosage, int[] alleleCt, int[] denom, long variants) {
        public double avg(int i) {
            return denom[i] == 0 ? Double.NaN : sum[i] / denom[i];
        }
    }

    private final ScoreKernel kernel;

    public ScoreAccumulator(int nScores, int sampleCount, boolean meanImpute) {
        this.kernel = new ScoreKernel(nScores, sampleCount, meanImpute);
    }

    /** The kernel, fed directly by the scoring pass ({@link PrsTableScan#score}). */
    ScoreKernel kernel() {
        return kernel;
    }

    static double transform(ScoringFile.EffectType t, double d) {
        return ScoreKernel.transform((byte) t.ordinal(), d);
    }

    /**
     * Adds one variant.
     *
     * @param calls the encoded calls (TwoBitVector)
     * @param dosage the encoded dosages, or null to score the hard calls
     * @param weights the scores that use this variant
     */
    public void add(byte[] calls, byte[] dosage, Weight[] weights) {
        int m = weights.length;
        int[] score = new int[m];
        boolean[] ea = new boolean[m];
        double[] w = new double[m];
        byte[] type = new byte[m];
        for (int j = 0; j < m; j++) {
            score[j] = weights[j].score();
            ea[j] = weights[j].effectIsAlt();
            w[j] = weights[j].weight();
            type[j] = (byte) weights[j].type().ordinal();
        }
        kernel.add(calls, dosage, score, ea, w, type, 0, m);
    }

    /** Adds {@code o} into this accumulator and returns this. */
    public ScoreAccumulator merge(ScoreAccumulator o) {
        kernel.merge(o.kernel);
        return this;
    }

    /** Variants scored for score {@code s}. */
    public long variants(int s) {
        return kernel.variants(s);
    }

    /** The per-sample results of score {@code s}. */
    public ScoreResult result(int s) {
        int n = kernel.sampleCount();
        double[] su = new double[n];
        double[] na = new double[n];
        long[] miss = new long[n];
        kernel.sums(s, su);
        kernel.namedDosages(s, na);
        kernel.missingCounts(s, miss);
        long variants = kernel.variants(s);
        int[] ct = new int[n];
        int[] de = new int[n];
        for (int i = 0; i < n; i++) {
            ct[i] = (int) (2 * (variants - miss[i]));
            de[i] = kernel.meanImpute() ? (int) (2 * variants) : ct[i];
        }
        return new ScoreResult(su, na, ct, de, variants);
    }
}
