package org.musubi.simulate.model;

import java.util.SplittableRandom;

/**
 * Random streams and draws for the simulator. Every stream is a {@link SplittableRandom} (its algorithm is fixed by
 * the JDK specification, so a seed gives the same numbers on every JVM) seeded by mixing the run's seed with the
 * stream's keys (SplitMix64 finaliser): a variant block, a bank or a population gets its own stream, so blocks can
 * be generated in any order, in any task, with identical results.
 */
public final class SimRandom {
    private SimRandom() {}

    private static final long SKIP_CAP = 1L << 31;

    /** A stream for the given keys. */
    public static SplittableRandom stream(long seed, long... keys) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (long k : keys) {
            h = mix(h ^ mix(k + 0x632BE59BD9B4E019L));
        }
        return new SplittableRandom(h);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A standard normal draw (Marsaglia's polar method; the second value is discarded to keep streams simple). */
    public static double gaussian(SplittableRandom r) {
        double u;
        double v;
        double s;
        do {
            u = 2 * r.nextDouble() - 1;
            v = 2 * r.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }

    /** A Gamma(shape, 1) draw (Marsaglia and Tsang 2000; shape below 1 through the U^(1/shape) boost). */
    public static double gamma(SplittableRandom r, double shape) {
        if (shape < 1) {
            double u = r.nextDouble();
            return gamma(r, shape + 1) * Math.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = gaussian(r);
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = r.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    /**
     * A Beta(a, b) draw as Gamma(a) / (Gamma(a) + Gamma(b)). When both gammas underflow to 0 (a, b far below 1,
     * where the Beta law is a point mass at 0 or 1 up to rounding), the draw is 1 with probability a / (a + b).
     */
    public static double beta(SplittableRandom r, double a, double b) {
        double x = gamma(r, a);
        double y = gamma(r, b);
        if (x + y == 0) {
            return r.nextDouble() < a / (a + b) ? 1 : 0;
        }
        return x / (x + y);
    }

    /**
     * The number of failures before the first success in Bernoulli(p) trials: skipping ahead by this many items
     * visits each item with probability p at a cost of O(p · items) draws. Capped at 2^31 (beyond any array here,
     * and small enough that adding skips never overflows a long).
     */
    public static long geometricSkip(SplittableRandom r, double p) {
        if (p >= 1) {
            return 0;
        }
        if (p <= 0) {
            return SKIP_CAP;
        }
        double u = 1 - r.nextDouble(); // (0, 1]
        double k = Math.floor(Math.log(u) / Math.log1p(-p));
        return k >= SKIP_CAP ? SKIP_CAP : (long) k;
    }

    /**
     * The standard normal quantile Φ⁻¹(p) (Acklam's rational approximation, relative error below 1.2e-9; that is
     * far below what the simulation needs: it sets liability thresholds and founder allele cut-offs).
     */
    public static double normalQuantile(double p) {
        if (p <= 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p >= 1) {
            return Double.POSITIVE_INFINITY;
        }
        final double[] a = {
            -3.969683028665376e+01,
            2.209460984245205e+02,
            -2.759285104469687e+02,
            1.383577518672690e+02,
            -3.066479806614716e+01,
            2.506628277459239e+00
        };
        final double[] b = {
            -5.447609879822406e+01,
            1.615858368580409e+02,
            -1.556989798598866e+02,
            6.680131188771972e+01,
            -1.328068155288572e+01
        };
        final double[] c = {
            -7.784894002430293e-03,
            -3.223964580411365e-01,
            -2.400758277161838e+00,
            -2.549732539343734e+00,
            4.374664141464968e+00,
            2.938163982698783e+00
        };
        final double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double pLow = 0.02425;
        if (p < pLow) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - pLow) {
            return -normalQuantile(1 - p);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
                * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
