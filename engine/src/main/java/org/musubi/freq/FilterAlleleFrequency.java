package org.musubi.freq;

import org.apache.commons.math3.special.Gamma;
import org.musubi.freq.count.PairCache;

/**
 * The filtering allele frequency (FAF) exactly as Hail's {@code calcFilterAlleleFreq}, which gnomAD uses
 * (../shared/SPECS.md §4.2): the largest AF, on a 10⁻⁶ grid, whose one-sided upper Poisson bound on the allele count
 * ({@code qpois(ci, an·af)}) is still below the observed AC. 0 when AC ≤ 1 or AN = 0. The root is found with Hail's
 * port of R's {@code zeroin} (Brent), rounded to 10⁻⁸ and walked up in steps of 10⁻⁶ as Hail does, so the values
 * agree with Hail to the last bit as long as the Poisson quantiles agree. The root finder's quantile questions are
 * answered from {@link PoissonThresholds} (a per-JVM table of where the Poisson CDF crosses 0.95 / 0.99) and
 * evaluated directly only near a threshold, which gives the same bits as evaluating all of them ({@link #fafDirect},
 * tested) at a fraction of the cost. Pure Java.
 */
public final class FilterAlleleFrequency {
    private FilterAlleleFrequency() {}

    public static final double CI95 = 0.95;
    public static final double CI99 = 0.99;

    private static final double LOWER = 1e-10;
    private static final double UPPER = 2;
    private static final double TOL = 1e-7;
    private static final double PRECISION = 1e-6;

    /** (AC, AN) → {faf95, faf99}, shared by every caller in this JVM (the values depend on (AC, AN) only). */
    private static final PairCache MEMO = new PairCache(20);

    private static final double[] ZERO = {0, 0};

    /**
     * {@code {faf95(ac, an), faf99(ac, an)}}, memoised: variants share few (AC, AN) pairs, and each FAF costs a root
     * find. Do not modify the array returned.
     */
    public static double[] faf95And99(long ac, long an) {
        if (ac <= 1 || an == 0) {
            return ZERO;
        }
        double[] out = new double[2];
        faf95And99(ac, an, out);
        return out;
    }

    /** {@link #faf95And99(long, long)} into {@code out[0]}, {@code out[1]}: no array per call. */
    public static void faf95And99(long ac, long an, double[] out) {
        if (ac <= 1 || an == 0) {
            out[0] = 0;
            out[1] = 0;
        } else if (ac >= 1L << 31 || an >= 1L << 31 || ac < 0 || an < 0) {
            out[0] = faf95(ac, an);
            out[1] = faf99(ac, an);
        } else {
            MEMO.get((ac << 32) | an, FilterAlleleFrequency::faf95And99OfKey, out);
        }
    }

    private static double[] faf95And99OfKey(long key) {
        long ac = key >>> 32;
        long an = key & 0xFFFFFFFFL;
        return new double[] {faf95(ac, an), faf99(ac, an)};
    }

    public static double faf95(long ac, long an) {
        return faf(ac, an, CI95);
    }

    public static double faf99(long ac, long an) {
        return faf(ac, an, CI99);
    }

    /** The FAF at confidence {@code ci} (0.95 → faf95, 0.99 → faf99). */
    public static double faf(long ac, long an, double ci) {
        return faf(ac, an, ci, PoissonThresholds.of(ci));
    }

    /** {@link #faf} with every Poisson quantile evaluated directly (no threshold table): the reference in tests. */
    static double fafDirect(long ac, long an, double ci) {
        return faf(ac, an, ci, null);
    }

    /** The FAF; {@code t} answers the quantile questions away from its thresholds (null: all evaluated directly). */
    private static double faf(long ac, long an, double ci, PoissonThresholds t) {
        if (ac <= 1 || an == 0) {
            return 0;
        }
        double root = uniroot(ac, an, ci, t);
        if (Double.isNaN(root)) {
            root = 0; // Hail: root.getOrElse(0.0)
        }
        double rounder = 1d / (PRECISION / 100d);
        double start = Math.round(root * rounder) / rounder;
        // Hail: while (qpois(ci, an * max_af) < ac) max_af += precision. qpois(ci, λ) < ac ⟺ P(X ≤ ac-1) ≥ ci,
        // monotone in max_af, so the number of steps is found by galloping and bisection; the value is then
        // rebuilt by the same repeated additions so it is bit-identical to Hail's loop.
        if (!below(start, ac, an, ci, t)) {
            return start - PRECISION;
        }
        long lo = 0; // below(value(lo)) holds; value(j) = start + j sequential additions of the precision
        double vLo = start;
        long hi = 1;
        double vHi = advance(start, 1);
        while (below(vHi, ac, an, ci, t)) {
            lo = hi;
            vLo = vHi;
            vHi = advance(vHi, hi);
            hi *= 2;
        }
        while (hi - lo > 1) {
            long mid = (lo + hi) >>> 1;
            double vMid = advance(vLo, mid - lo);
            if (below(vMid, ac, an, ci, t)) {
                lo = mid;
                vLo = vMid;
            } else {
                hi = mid;
                vHi = vMid;
            }
        }
        return vHi - PRECISION;
    }

    /** {@code v} plus {@code steps} additions of the precision, one at a time as Hail's loop does. */
    private static double advance(double v, long steps) {
        for (long i = 0; i < steps; i++) {
            v += PRECISION;
        }
        return v;
    }

    /** Hail's {@code findMaxAC(af, an, ci) < ac}. */
    private static boolean below(double af, long ac, long an, double ci, PoissonThresholds t) {
        if (af == 0) {
            return true; // findMaxAC returns 0 for af = 0
        }
        double lambda = an * af;
        if (t != null && lambda > 0 && ac >= 1) {
            int sure = t.atMost(ac - 1, lambda);
            if (sure != PoissonThresholds.UNSURE) {
                return sure == 1;
            }
        }
        return ppois(ac - 1, lambda) >= ci;
    }

    /** P(X ≤ k) for X ~ Poisson(λ). */
    static double ppois(long k, double lambda) {
        if (k < 0) {
            return 0;
        }
        if (lambda <= 0) {
            return 1;
        }
        return Gamma.regularizedGammaQ(k + 1.0, lambda);
    }

    /** The smallest k with P(Poisson(λ) ≤ k) ≥ p (R's / Hail's {@code qpois}). */
    static long qpois(double p, double lambda) {
        if (lambda <= 0) {
            return 0;
        }
        // Start at the Cornish–Fisher guess and step to the exact quantile.
        long k = cornishFisher(lambda, p);
        // One CDF evaluation, then the pmf recurrence P(k±1) from P(k) for the steps.
        double cdf = ppois(k, lambda);
        double pmf = Math.exp(-lambda + k * Math.log(lambda) - lnFactorial(k));
        if (cdf >= p) {
            while (k > 0 && cdf - pmf >= p) {
                cdf -= pmf;
                pmf = pmf * k / lambda;
                k--;
            }
        } else {
            while (cdf < p) {
                k++;
                pmf = pmf * lambda / k;
                cdf += pmf;
            }
        }
        return k;
    }

    /** The Cornish–Fisher guess of {@code qpois(p, λ)} (exact for 0.95 / 0.99, the normal median otherwise). */
    private static long cornishFisher(double lambda, double p) {
        double z = p == CI99 ? 2.3263478740408408 : p == CI95 ? 1.6448536269514722 : 0;
        return Math.max(0, Math.round(lambda + z * Math.sqrt(lambda) + (z * z - 1) / 6));
    }

    private static double lnFactorial(long k) {
        return Gamma.logGamma(k + 1.0);
    }

    /** Hail's {@code uniroot} (R's zeroin, Brent's method) on f(af) = ac - 1 - qpois(ci, an·af); NaN if none. */
    private static double uniroot(long ac, long an, double ci, PoissonThresholds t) {
        double a = LOWER;
        double b = UPPER;
        double c = a;
        double fa = f(a, ac, an, ci, t);
        double fb = f(b, ac, an, ci, t);
        double fc = fa;
        final double epsilon = 2.2204460492503131e-16;
        if (fa == 0d) {
            return a;
        }
        if (fb == 0d) {
            return b;
        }
        for (int iter = 0; iter < 1001; iter++) {
            double previousStep = b - a;
            double q;
            double p;
            double toleranceActual = 2 * epsilon * Math.abs(b) + TOL / 2;
            double newStep = (c - b) / 2;
            if (Math.abs(fc) < Math.abs(fb)) {
                a = b;
                b = c;
                c = a;
                fa = fb;
                fb = fc;
                fc = fa;
            }
            // Hail computes newStep before the swap; kept as is.
            if (Math.abs(newStep) <= toleranceActual || fb == 0d) {
                return b;
            }
            if (Math.abs(previousStep) >= toleranceActual && Math.abs(fa) > Math.abs(fb)) {
                double cb = c - b;
                if (a == c) {
                    double t1 = fb / fa;
                    p = cb * t1;
                    q = 1.0 - t1;
                } else {
                    q = fa / fc;
                    double t1 = fb / fc;
                    double t2 = fb / fa;
                    p = t2 * (cb * q * (q - t1) - (b - a) * (t1 - 1d));
                    q = (q - 1d) * (t1 - 1d) * (t2 - 1d);
                }
                if (p > 0d) {
                    q = -q;
                } else {
                    p = -p;
                }
                if (p < (0.75 * cb * q - Math.abs(toleranceActual * q) / 2) && p < Math.abs(previousStep * q / 2)) {
                    newStep = p / q;
                }
            }
            if (Math.abs(newStep) < toleranceActual) {
                newStep = newStep > 0d ? toleranceActual : -toleranceActual;
            }
            a = b;
            fa = fb;
            b += newStep;
            fb = f(b, ac, an, ci, t);
            if ((fb > 0d && fc > 0d) || (fb < 0d && fc < 0d)) {
                c = a;
                fc = fa;
            }
        }
        return Double.NaN;
    }

    private static double f(double af, long ac, long an, double ci, PoissonThresholds t) {
        double lambda = an * af;
        if (t != null && lambda > 0) {
            long k = t.quantile(lambda);
            if (k != PoissonThresholds.UNSURE) {
                return ac - 1.0 - k;
            }
        }
        return ac - 1.0 - qpois(ci, lambda);
    }
}
