package org.musubi.stats;

import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;

/**
 * Two-sided p-values of test statistics, returned as natural logs ({@code lnP}) so that p-values
 * far below {@code Double.MIN_VALUE} (1e-300, 1e-100000, …) are still reported. PLINK 2 does the
 * same ({@code TstatToLnP}, {@code ZscoreToLnP}, {@code ChisqToLnP} in plink-ng {@code
 * 2.0/include/plink2_stats.cc}); this is our own code.
 *
 * <p>Method. Where the p-value is a normal double and well away from underflow, Commons Math's
 * special functions are used (they are accurate to ~1e-15 relative there). In the tails the
 * p-value's prefactor is taken in log space and the remaining continued fraction, which is of order
 * 1, is evaluated with the modified Lentz algorithm (Numerical Recipes 3rd ed. §5.2, §6.2, §6.4):
 *
 * <ul>
 *   <li>normal: {@code erfc(x) = exp(-x^2)/sqrt(pi) * 1/K(x)}, {@code K(x) = x + (1/2)/(x +
 *       1/(x + (3/2)/(x + ...)))} (Laplace's continued fraction), for {@code x = |z|/sqrt 2 >= 3};
 *   <li>Student t: {@code P = I_{df/(df+t^2)}(df/2, 1/2)} with the regularised incomplete beta's
 *       continued fraction and prefix {@code x^a y^b / (a B(a,b))} in logs, {@code x} and {@code y
 *       = 1-x} formed without cancellation; the symmetry {@code I_x(a,b) = 1 - I_{1-x}(b,a)} keeps
 *       the fraction in its fast-converging region;
 *   <li>chi-square: {@code P = Q(df/2, x/2)}, Legendre's continued fraction for the upper
 *       incomplete gamma when {@code x/2 >= df/2 + 1}, else {@code log1p(-P(df/2, x/2))} with
 *       Commons Math's series.
 * </ul>
 *
 * Accuracy (relative, on P; measured against mpmath at 40 digits): normal ≤ 1e-14; chi-square ≤
 * 2e-13 for df ≤ 100; Student t ≤ 1e-12 for df ≤ 1e4 and in the far tails, degrading in the body
 * of the distribution for biobank-sized df (≤ 1e-11 at df = 1e5, ≤ 5e-10 at 1e6 and 1e7: the
 * continued fraction is ill-conditioned near {@code x = df/(df+t^2) ~ 1}; Commons Math's {@code
 * TDistribution} is less accurate there). Didonato and Morris' BGRAT expansion for large a, small
 * b would restore full precision if ever needed. For very large chi-square df (≥ 1e6) the {@code a
 * ln z - z - ln Gamma(a)} prefix cancels (~1e-9).
 *
 * <p>Undefined inputs give NaN: a NaN statistic, {@code df <= 0} or NaN.
 */
public final class Distributions {
    private static final double LN_SQRT_PI = 0.5 * Math.log(Math.PI);
    private static final double LN_10 = Math.log(10.0);
    private static final double ERFC_CF_THRESHOLD = 3.0;
    private static final double CF_EPS = 1e-15;
    private static final double CF_TINY = 1e-300;
    private static final int CF_MAX_ITERATIONS = 100_000;

    private Distributions() {}

    /** {@code ln P} of a two-sided z test: {@code P = 2 Phi(-|z|) = erfc(|z|/sqrt 2)}. */
    public static double zToLnP(double z) {
        if (Double.isNaN(z)) {
            return Double.NaN;
        }
        final double az = Math.abs(z);
        if (az == Double.POSITIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        final double x = az * Math.sqrt(0.5);
        if (x < 0.5) {
            return Math.log1p(-Erf.erf(x));
        }
        if (x < ERFC_CF_THRESHOLD) {
            return Math.log(Erf.erfc(x));
        }
        // x^2 = z^2 / 2, computed from z to avoid the rounding of x
        return -0.5 * az * az - LN_SQRT_PI - Math.log(laplaceFraction(x));
    }

    /** {@code ln P} of a two-sided Student t test with {@code df} degrees of freedom. */
    public static double tStatToLnP(double t, double df) {
        if (Double.isNaN(t) || !(df > 0.0)) {
            return Double.NaN;
        }
        final double at = Math.abs(t);
        if (at == 0.0) {
            return 0.0;
        }
        if (at == Double.POSITIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        if (df == Double.POSITIVE_INFINITY) {
            return zToLnP(t);
        }
        // x = df / (df + t^2), y = t^2 / (df + t^2), each with its log, without cancellation;
        // r = t^2 / df or df / t^2 (whichever is < 1) is taken in logs too: it underflows for huge |t|
        final double lnR;
        final double r;
        final boolean small = at < Math.sqrt(df);
        if (small) {
            lnR = 2.0 * Math.log(at) - Math.log(df);
            r = (at / df) * at;
        } else {
            lnR = Math.log(df) - 2.0 * Math.log(at);
            r = (df / at) / at;
        }
        final double l1p = Math.log1p(r);
        final double x = small ? 1.0 / (1.0 + r) : r / (1.0 + r);
        final double y = small ? r / (1.0 + r) : 1.0 / (1.0 + r);
        final double lnX = small ? -l1p : lnR - l1p;
        final double lnY = small ? lnR - l1p : -l1p;
        final double a = 0.5 * df;
        final double b = 0.5;
        if (x <= (a + 1.0) / (a + b + 2.0)) {
            return lnRegularizedBetaFraction(x, y, lnX, lnY, a, b);
        }
        // P = 1 - I_y(b, a)
        return Math.log1p(-Math.exp(lnRegularizedBetaFraction(y, x, lnY, lnX, b, a)));
    }

    /** {@code ln P} of a chi-square statistic with {@code df} degrees of freedom (upper tail). */
    public static double chisqToLnP(double chisq, double df) {
        if (Double.isNaN(chisq) || !(df > 0.0)) {
            return Double.NaN;
        }
        if (chisq <= 0.0) {
            return 0.0;
        }
        if (chisq == Double.POSITIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        final double a = 0.5 * df;
        final double z = 0.5 * chisq;
        if (z < a + 1.0) {
            return Math.log1p(-Gamma.regularizedGammaP(a, z, 1e-16, CF_MAX_ITERATIONS));
        }
        return a * Math.log(z) - z - Gamma.logGamma(a) + Math.log(legendreGammaFraction(a, z));
    }

    /** {@code -log10 P} from {@code ln P}. */
    public static double lnPToNegLog10P(double lnP) {
        return -lnP / LN_10;
    }

    /** {@code P} from {@code ln P}; 0 when {@code P} is below the double range. */
    public static double lnPToP(double lnP) {
        return Math.exp(lnP);
    }

    /** {@code K(x) = x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))}, so {@code erfc(x) = e^{-x^2}/(sqrt(pi) K)}. */
    static double laplaceFraction(double x) {
        double f = x;
        double c = f;
        double d = 0.0;
        for (int j = 1; j < CF_MAX_ITERATIONS; j++) {
            final double aj = 0.5 * j;
            d = nonZero(x + aj * d);
            c = nonZero(x + aj / c);
            d = 1.0 / d;
            final double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1.0) < CF_EPS) {
                break;
            }
        }
        return f;
    }

    /**
     * {@code ln I_x(a, b)} by the incomplete beta continued fraction; accurate and fast for {@code x
     * <= (a+1)/(a+b+2)}. {@code y = 1 - x}; {@code lnX}, {@code lnY} are their logs.
     */
    static double lnRegularizedBetaFraction(double x, double y, double lnX, double lnY, double a, double b) {
        final double qab = a + b;
        final double qap = a + 1.0;
        final double qam = a - 1.0;
        double c = 1.0;
        // 1 - (a+b) x / (a+1) = (1 - b + (a+b) y) / (a+1): no cancellation near x = 1
        double d = nonZero((1.0 - b + qab * y) / qap);
        d = 1.0 / d;
        double h = d;
        for (int m = 1; m < CF_MAX_ITERATIONS; m++) {
            final int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = nonZero(1.0 + aa * d);
            c = nonZero(1.0 + aa / c);
            d = 1.0 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = nonZero(1.0 + aa * d);
            c = nonZero(1.0 + aa / c);
            d = 1.0 / d;
            final double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1.0) < CF_EPS) {
                break;
            }
        }
        return a * lnX + b * lnY - Math.log(a) - Beta.logBeta(a, b) + Math.log(h);
    }

    /**
     * Legendre's continued fraction {@code h} with {@code Q(a, z) = e^{-z} z^a / Gamma(a) * h};
     * converges for {@code z >= a + 1}.
     */
    static double legendreGammaFraction(double a, double z) {
        double b = z + 1.0 - a;
        double c = 1.0 / CF_TINY;
        double d = 1.0 / b;
        double h = d;
        for (int i = 1; i < CF_MAX_ITERATIONS; i++) {
            final double an = -i * (i - a);
            b += 2.0;
            d = nonZero(an * d + b);
            c = nonZero(b + an / c);
            d = 1.0 / d;
            final double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1.0) < CF_EPS) {
                break;
            }
        }
        return h;
    }

    /** Lentz's guard for a continued fraction's terms: a value closer to 0 than {@code CF_TINY} becomes {@code CF_TINY}. */
    private static double nonZero(double v) {
        return Math.abs(v) < CF_TINY ? CF_TINY : v;
    }
}
