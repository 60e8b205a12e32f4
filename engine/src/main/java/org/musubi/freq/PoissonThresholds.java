package org.musubi.freq;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.commons.math3.special.Gamma;

/**
 * The λ at which the Poisson CDF P(X ≤ k; λ) crosses a confidence level, per k, computed once per JVM and shared by
 * every task: the table that lets {@link FilterAlleleFrequency} answer its root finder's quantile questions ({@code
 * qpois(ci, λ)}, {@code ppois(k, λ) ≥ ci}) with a comparison instead of an incomplete-gamma evaluation.
 *
 * <p>P(X ≤ k; λ) decreases in λ, so {@code ppois(k, λ) ≥ ci ⟺ λ ≤ T(k)}. Each T(k) is solved (Newton on the
 * regularised gamma function, bracketed) on first use. A λ within a relative {@link #MARGIN} of a threshold is
 * answered "unknown" ({@link #UNSURE}) and the caller falls back to the direct evaluation, so the answers are exactly
 * the direct code's: the noise of the direct evaluation and of T(k) is below 10⁻¹⁰ relative, the margin 10⁻⁸.
 */
final class PoissonThresholds {
    /** Relative distance from a threshold below which the direct evaluation decides. */
    static final double MARGIN = 1e-8;

    /** Answer of {@link #atMost} when λ is too close to the threshold to decide from the table. */
    static final int UNSURE = -1;

    private static final int BLOCK_BITS = 10;
    private static final int BLOCK = 1 << BLOCK_BITS;

    /** Largest k served from the table (4·10⁶: AN up to 2·10⁶ alleles); above it the callers evaluate directly. */
    static final long MAX_K = (1L << 22) - 1;

    static final PoissonThresholds CI95 = new PoissonThresholds(FilterAlleleFrequency.CI95, 1.6448536269514722);
    static final PoissonThresholds CI99 = new PoissonThresholds(FilterAlleleFrequency.CI99, 2.3263478740408408);

    /** The table for {@code ci}, or null when there is none (only 0.95 and 0.99 have one). */
    static PoissonThresholds of(double ci) {
        return ci == FilterAlleleFrequency.CI95 ? CI95 : ci == FilterAlleleFrequency.CI99 ? CI99 : null;
    }

    private final double p;
    private final double z;

    /** Blocks of thresholds as raw double bits, 0 = not computed yet; opaque access (racing writers agree). */
    private final AtomicReferenceArray<AtomicLongArray> blocks =
            new AtomicReferenceArray<>((int) ((MAX_K + 1) >>> BLOCK_BITS));

    private PoissonThresholds(double p, double z) {
        this.p = p;
        this.z = z;
    }

    /** The confidence level of this table. */
    double level() {
        return p;
    }

    /**
     * 1 when {@code ppois(k, λ) ≥ level} surely, 0 when surely not, {@link #UNSURE} near the threshold or for k above
     * {@link #MAX_K}. {@code k ≥ 0}, {@code λ > 0}.
     */
    int atMost(long k, double lambda) {
        if (k > MAX_K) {
            return UNSURE;
        }
        double t = threshold((int) k);
        if (lambda < t * (1 - MARGIN)) {
            return 1;
        }
        if (lambda > t * (1 + MARGIN)) {
            return 0;
        }
        return UNSURE;
    }

    /**
     * The smallest k with {@code ppois(k, λ) ≥ level} (R's {@code qpois}), or {@link #UNSURE} when λ is near a
     * threshold; {@code λ > 0}. Starts at the Cornish–Fisher guess, at most a step or two from the answer.
     */
    long quantile(double lambda) {
        long k = Math.max(0, Math.round(lambda + z * Math.sqrt(lambda) + (z * z - 1) / 6));
        for (int step = 0; step < 64; step++) {
            int here = atMost(k, lambda);
            if (here == UNSURE) {
                return UNSURE;
            }
            if (here == 0) {
                k++;
                continue;
            }
            if (k == 0) {
                return 0;
            }
            int below = atMost(k - 1, lambda);
            if (below == UNSURE) {
                return UNSURE;
            }
            if (below == 0) {
                return k;
            }
            k--;
        }
        return UNSURE;
    }

    /** T(k): the λ with P(X ≤ k; λ) = level. */
    double threshold(int k) {
        int b = k >>> BLOCK_BITS;
        AtomicLongArray block = blocks.get(b);
        if (block == null) {
            blocks.compareAndSet(b, null, new AtomicLongArray(BLOCK));
            block = blocks.get(b);
        }
        int i = k & (BLOCK - 1);
        long bits = block.getOpaque(i);
        if (bits != 0) {
            return Double.longBitsToDouble(bits);
        }
        double t = solve(k);
        block.setOpaque(i, Double.doubleToRawLongBits(t));
        return t;
    }

    /**
     * Halley's method on g(λ) = P(X ≤ k; λ) − level (g' = −pmf(k; λ), g'' = −pmf·(k/λ − 1)), kept inside a bracket by
     * bisection, from the neighbouring threshold when known (T(k) − T(k−1) ≈ 1 + z/(2√k)): two or three
     * evaluations of the incomplete gamma function per threshold. Converged to 10⁻¹¹ relative, a thousandth of
     * {@link #MARGIN}.
     */
    private double solve(int k) {
        double x;
        double before = k > 0 ? known(k - 1) : Double.NaN;
        double after = k < MAX_K ? known(k + 1) : Double.NaN;
        if (!Double.isNaN(before)) {
            x = before + 1 + z / (2 * Math.sqrt(k + 0.5));
        } else if (!Double.isNaN(after)) {
            x = after - 1 - z / (2 * Math.sqrt(k + 1.5));
        } else {
            double s = (-z + Math.sqrt(z * z + 4 * (k + 0.5))) / 2;
            x = s * s;
        }
        x = Math.max(x, 1e-3);
        double lo = 0; // g(lo) ≥ 0
        double hi = Double.NaN; // g(hi) < 0
        double lnFact = Gamma.logGamma(k + 1.0);
        for (int iter = 0; iter < 100; iter++) {
            double g = Gamma.regularizedGammaQ(k + 1.0, x) - p;
            if (g >= 0) {
                lo = Math.max(lo, x);
            } else {
                hi = Double.isNaN(hi) ? x : Math.min(hi, x);
            }
            double pmf = Math.exp(-x + k * Math.log(x) - lnFact);
            double newton = g / pmf;
            double corr = 1 + newton * (k / x - 1) / 2;
            double step = corr > 0.5 && corr < 2 ? newton / corr : newton;
            double next = pmf > 0 ? x + step : Double.NaN;
            if (Double.isNaN(hi)) {
                if (!(next > x)) {
                    next = 2 * x + 1;
                }
            } else if (!(next > lo && next < hi)) {
                next = (lo + hi) / 2;
            }
            if (Math.abs(next - x) <= 1e-11 * x || (!Double.isNaN(hi) && hi - lo <= 1e-11 * hi)) {
                return next;
            }
            x = next;
        }
        return x;
    }

    /** T(k) if already computed, else NaN. */
    private double known(int k) {
        AtomicLongArray block = blocks.get(k >>> BLOCK_BITS);
        long bits = block == null ? 0 : block.getOpaque(k & (BLOCK - 1));
        return bits == 0 ? Double.NaN : Double.longBitsToDouble(bits);
    }
}
