package org.musubi.prs.kernel;

import java.io.Serializable;
import org.musubi.format.calls.CallsView;
import org.musubi.format.calls.DosageCodec;
import org.musubi.format.calls.GenotypeCode;
import org.musubi.prs.ScoringFile;

/**
 * The per-variant, per-weight scoring of {@code ScoreAccumulator} before {@link ScoreKernel} (score-major sums,
 * one weight object at a time), kept as the reference that {@link ScoreKernelTest} checks the kernel against.
 */
final class ScoreAccumulatorReference implements Serializable {
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

    private final int nScores;
    private final int n;
    private final boolean meanImpute;
    private final double[] base;
    private final double[] baseNamed;
    private final long[] variants;
    private double[] sum;
    private double[] named;
    private int[] missing;
    private transient CallsView view;
    private transient int[] idx;
    private transient byte[] codes;
    private transient double[] dos;
    private transient int[] counts;

    ScoreAccumulatorReference(int nScores, int sampleCount, boolean meanImpute) {
        this.nScores = nScores;
        this.n = sampleCount;
        this.meanImpute = meanImpute;
        this.base = new double[nScores];
        this.baseNamed = new double[nScores];
        this.variants = new long[nScores];
    }

    private void ensure() {
        if (sum == null) {
            sum = new double[nScores * n];
            named = new double[nScores * n];
            missing = new int[nScores * n];
        }
        if (view == null) {
            view = new CallsView();
            idx = new int[n];
            codes = new byte[n];
            counts = new int[4];
        }
    }

    static double transform(ScoringFile.EffectType t, double d) {
        return switch (t) {
            case ADDITIVE -> d;
            case DOMINANT -> Math.min(d, 1.0);
            case RECESSIVE -> Math.max(d - 1.0, 0.0);
        };
    }

    /**
     * Adds one variant.
     *
     * @param calls the encoded calls (TwoBitVector)
     * @param dosage the encoded dosages, or null to score the hard calls
     * @param weights the scores that use this variant
     */
    public void add(byte[] calls, byte[] dosage, Weight[] weights) {
        ensure();
        if (dosage != null) {
            addDosage(dosage, weights);
            return;
        }
        view.reset(calls, n);
        view.codeCounts(counts);
        long called = (long) counts[0] + counts[1] + counts[2];
        double pAlt = called == 0 ? 0 : (counts[1] + 2.0 * counts[2]) / (2.0 * called);
        int m = view.nonRefSamples(idx, codes);
        for (Weight wt : weights) {
            int s = wt.score();
            boolean ea = wt.effectIsAlt();
            double w = wt.weight();
            ScoringFile.EffectType t = wt.type();
            double pe = ea ? pAlt : 1 - pAlt;
            double dRef = ea ? 0 : 2;
            double dHom = ea ? 2 : 0;
            double vRef = w * transform(t, dRef);
            double vHet = w * transform(t, 1) - vRef;
            double vHom = w * transform(t, dHom) - vRef;
            double vMiss = (meanImpute ? w * transform(t, 2 * pe) : 0) - vRef;
            base[s] += vRef;
            baseNamed[s] += dRef;
            variants[s]++;
            int off = s * n;
            for (int j = 0; j < m; j++) {
                int i = off + idx[j];
                switch (codes[j]) {
                    case GenotypeCode.HET -> {
                        sum[i] += vHet;
                        named[i] += 1 - dRef;
                    }
                    case GenotypeCode.HOM_ALT -> {
                        sum[i] += vHom;
                        named[i] += dHom - dRef;
                    }
                    default -> {
                        sum[i] += vMiss;
                        named[i] -= dRef;
                        missing[i]++;
                    }
                }
            }
        }
    }

    private void addDosage(byte[] dosage, Weight[] weights) {
        if (dos == null) {
            dos = new double[n];
        }
        DosageCodec.decode(dosage, n, dos);
        double tot = 0;
        long called = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isNaN(dos[i])) {
                tot += dos[i];
                called++;
            }
        }
        double pAlt = called == 0 ? 0 : tot / (2.0 * called);
        for (Weight wt : weights) {
            int s = wt.score();
            boolean ea = wt.effectIsAlt();
            double w = wt.weight();
            ScoringFile.EffectType t = wt.type();
            double pe = ea ? pAlt : 1 - pAlt;
            double vMiss = meanImpute ? w * transform(t, 2 * pe) : 0;
            variants[s]++;
            int off = s * n;
            for (int i = 0; i < n; i++) {
                double d = dos[i];
                if (Double.isNaN(d)) {
                    sum[off + i] += vMiss;
                    missing[off + i]++;
                } else {
                    double de = ea ? d : 2 - d;
                    sum[off + i] += w * transform(t, de);
                    named[off + i] += de;
                }
            }
        }
    }

    /** Adds {@code o} into this accumulator and returns this. */
    ScoreAccumulatorReference merge(ScoreAccumulatorReference o) {
        if (o.nScores != nScores || o.n != n) {
            throw new IllegalArgumentException("accumulators of different shapes");
        }
        for (int s = 0; s < nScores; s++) {
            base[s] += o.base[s];
            baseNamed[s] += o.baseNamed[s];
            variants[s] += o.variants[s];
        }
        if (o.sum != null) {
            if (sum == null) {
                sum = o.sum.clone();
                named = o.named.clone();
                missing = o.missing.clone();
            } else {
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += o.sum[i];
                    named[i] += o.named[i];
                    missing[i] += o.missing[i];
                }
            }
        }
        return this;
    }

    /** Variants scored for score {@code s}. */
    public long variants(int s) {
        return variants[s];
    }

    /** The per-sample results of score {@code s}. */
    public ScoreResult result(int s) {
        double[] su = new double[n];
        double[] na = new double[n];
        int[] ct = new int[n];
        int[] de = new int[n];
        int off = s * n;
        for (int i = 0; i < n; i++) {
            su[i] = base[s] + (sum == null ? 0 : sum[off + i]);
            na[i] = baseNamed[s] + (named == null ? 0 : named[off + i]);
            ct[i] = (int) (2 * (variants[s] - (missing == null ? 0 : missing[off + i])));
            de[i] = meanImpute ? (int) (2 * variants[s]) : ct[i];
        }
        return new ScoreResult(su, na, ct, de, variants[s]);
    }
}
