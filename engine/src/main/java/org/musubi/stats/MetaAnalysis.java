package org.musubi.stats;

/**
 * Meta-analysis of one variant across k studies, whose effects are already on one effect allele (the plan aligns
 * them). The formulas are METAL's (Willer, Li &amp; Abecasis 2010, Table 1; statgen/METAL {@code metal/Main.cpp}),
 * SPECS §5.3:
 *
 * <ul>
 *   <li>inverse variance ({@code SCHEME STDERR}): {@code w_i = 1/SE_i²}, {@code β = Σ w_i β_i / Σ w_i}, {@code SE =
 *       √(1/Σ w_i)}, {@code Z = β/SE}, {@code P = 2Φ(−|Z|)}; Cochran's {@code Q = Σ w_i (β_i − β)²};
 *   <li>sample size ({@code SCHEME SAMPLESIZE}): {@code Z = Σ √N_i Z_i / √(Σ N_i)}; heterogeneity as METAL computes
 *       it there, {@code Q = Σ (Z_i − √N_i Z / √(Σ N_i))²};
 *   <li>heterogeneity: {@code df = k − 1}, {@code HetPVal} = upper χ²_df tail at Q (1 when df = 0), {@code I² =
 *       max(0, (Q − df)/Q)·100} (0 when df = 0);
 *   <li>DerSimonian–Laird random effects (random-metal): {@code τ² = max(0, (Q − df)/(Σw − Σw²/Σw))} (0 when k = 1),
 *       {@code w*_i = 1/(SE_i² + τ²)}, effect, SE and P as above with {@code w*};
 *   <li>allele frequency as METAL's {@code AVERAGEFREQ}/{@code MINMAXFREQ}: the mean weighted by each study's
 *       weight ({@code 1/SE²}, or N), {@code FreqSE = √(Σw f²/Σw − mean²)}, min and max; studies without a frequency
 *       are left out of it.
 * </ul>
 *
 * P-values are natural logs ({@link Distributions}), so that P below 1e-308 is kept.
 */
public final class MetaAnalysis {
    private MetaAnalysis() {}

    /**
     * A fixed-effects inverse-variance result, with heterogeneity and DerSimonian–Laird random effects.
     *
     * @param studies k, the studies with data
     * @param effect β, on the scale of the inputs (ln OR for odds ratios)
     * @param tau2 DerSimonian–Laird between-study variance τ²
     */
    public record InverseVariance(
            int studies,
            double effect,
            double stdErr,
            double z,
            double lnP,
            double hetChiSq,
            int hetDf,
            double hetLnP,
            double hetISq,
            double tau2,
            double effectRandom,
            double stdErrRandom,
            double lnPRandom) {}

    /**
     * A sample-size weighted result.
     *
     * @param weight Σ N_i (METAL's {@code Weight})
     * @param z the combined Z score
     */
    public record SampleSize(
            int studies,
            double weight,
            double z,
            double lnP,
            double hetChiSq,
            int hetDf,
            double hetLnP,
            double hetISq) {}

    /** Weighted mean allele frequency over the studies that report one; NaN everywhere when none does. */
    public record Frequency(double mean, double se, double min, double max) {}

    /**
     * Fixed-effects inverse-variance meta-analysis of {@code k} studies.
     *
     * @param beta effects, aligned to one allele
     * @param se their standard errors (finite, &gt; 0)
     */
    public static InverseVariance inverseVariance(double[] beta, double[] se, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("no study to combine");
        }
        double sw = 0;
        double sw2 = 0;
        double swb = 0;
        for (int i = 0; i < k; i++) {
            double w = 1 / (se[i] * se[i]);
            sw += w;
            sw2 += w * w;
            swb += w * beta[i];
        }
        double effect = swb / sw;
        double stdErr = Math.sqrt(1 / sw);
        double q = 0;
        for (int i = 0; k > 1 && i < k; i++) {
            double d = beta[i] - effect;
            q += d * d / (se[i] * se[i]);
        }
        int df = k - 1;
        double tau2 = 0;
        if (df > 0) {
            tau2 = Math.max(0, (q - df) / (sw - sw2 / sw));
        }
        double effectRandom = effect;
        double stdErrRandom = stdErr;
        if (tau2 > 0) {
            double swr = 0;
            double swrb = 0;
            for (int i = 0; i < k; i++) {
                double w = 1 / (se[i] * se[i] + tau2);
                swr += w;
                swrb += w * beta[i];
            }
            effectRandom = swrb / swr;
            stdErrRandom = Math.sqrt(1 / swr);
        }
        double z = effect / stdErr;
        return new InverseVariance(
                k,
                effect,
                stdErr,
                z,
                Distributions.zToLnP(z),
                q,
                df,
                hetLnP(q, df),
                iSquared(q, df),
                tau2,
                effectRandom,
                stdErrRandom,
                Distributions.zToLnP(effectRandom / stdErrRandom));
    }

    /**
     * Sample-size weighted Z meta-analysis of {@code k} studies.
     *
     * @param z signed Z score of each study (towards the common effect allele)
     * @param n sample size of each study (&gt; 0)
     */
    public static SampleSize sampleSize(double[] z, double[] n, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("no study to combine");
        }
        double sn = 0;
        double s = 0;
        for (int i = 0; i < k; i++) {
            sn += n[i];
            s += Math.sqrt(n[i]) * z[i];
        }
        double zMeta = s / Math.sqrt(sn);
        double q = 0;
        for (int i = 0; k > 1 && i < k; i++) {
            double expected = Math.sqrt(n[i]) * s / sn;
            double d = z[i] - expected;
            q += d * d;
        }
        int df = k - 1;
        return new SampleSize(k, sn, zMeta, Distributions.zToLnP(zMeta), q, df, hetLnP(q, df), iSquared(q, df));
    }

    /** {@code I² = max(0, (Q − df)/Q)·100}, in percent; 0 when df = 0 or Q = 0. */
    public static double iSquared(double q, int df) {
        if (df <= 0 || q <= df) {
            return 0;
        }
        return (q - df) / q * 100;
    }

    /** ln of the upper χ²_df tail at Q; 0 (P = 1) when df = 0. */
    public static double hetLnP(double q, int df) {
        if (df <= 0) {
            return 0;
        }
        return Distributions.chisqToLnP(q, df);
    }

    /**
     * Weighted allele frequency summary.
     *
     * @param freq frequency of the common effect allele per study, NaN when the study gives none
     * @param weight each study's weight (1/SE², or N)
     */
    public static Frequency frequency(double[] freq, double[] weight, int k) {
        double sw = 0;
        double swf = 0;
        double swf2 = 0;
        double min = Double.NaN;
        double max = Double.NaN;
        for (int i = 0; i < k; i++) {
            double f = freq[i];
            if (Double.isNaN(f)) {
                continue;
            }
            sw += weight[i];
            swf += weight[i] * f;
            swf2 += weight[i] * f * f;
            min = Double.isNaN(min) ? f : Math.min(min, f);
            max = Double.isNaN(max) ? f : Math.max(max, f);
        }
        if (sw == 0) {
            return new Frequency(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = swf / sw;
        double var = swf2 / sw - mean * mean;
        // rounding can make the variance of equal frequencies slightly negative (METAL clamps it too)
        return new Frequency(mean, var > 0 ? Math.sqrt(var) : 0, min, max);
    }

    /**
     * {@code |Z|} of a two-sided normal test from its {@code ln P}: the inverse of {@link Distributions#zToLnP},
     * also for P below the double range (Newton's method on {@code ln P(z)}, whose derivative is {@code
     * −2φ(z)/P}).
     */
    public static double absZFromLnP(double lnP) {
        if (Double.isNaN(lnP) || lnP > 0) {
            return Double.NaN;
        }
        if (lnP == 0) {
            return 0;
        }
        if (lnP == Double.NEGATIVE_INFINITY) {
            return Double.POSITIVE_INFINITY;
        }
        // start: the leading term of the tail, z² ≈ −2 ln P (over-estimates); for P near 1 start at 0.5
        double z = lnP > -1 ? 0.5 : Math.sqrt(-2 * lnP);
        final double lnTwoPhiConst = Math.log(2 / Math.sqrt(2 * Math.PI));
        for (int it = 0; it < 100; it++) {
            double f = Distributions.zToLnP(z) - lnP;
            // d lnP / dz = −2φ(z)/P = −exp(ln 2φ(z) − ln P(z))
            double slope = -Math.exp(lnTwoPhiConst - 0.5 * z * z - Distributions.zToLnP(z));
            double step = f / slope;
            double next = z - step;
            if (next < 0) {
                next = z / 2;
            }
            if (Math.abs(next - z) <= 1e-15 * Math.max(1, z)) {
                return next;
            }
            z = next;
        }
        return z;
    }
}
