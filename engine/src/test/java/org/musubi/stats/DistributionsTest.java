package org.musubi.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;

/**
 * Log-space p-values: against Commons Math where p is a normal double, and in the far tails against
 * closed forms (df = 1 and 2 for t and chi-square, the Mills-ratio asymptotic series for the normal)
 * and against values computed with mpmath 1.3 at 60 significant digits ({@code
 * mp.log(mp.betainc(df/2, 1/2, 0, df/(df+t^2), regularized=True))}, {@code mp.gammainc(df/2, x/2,
 * mp.inf, regularized=True)}, {@code mp.erfc(z/sqrt 2)}).
 */
class DistributionsTest {
    private static final double LN2 = Math.log(2.0);

    private static double relErr(double ours, double ref) {
        return Math.abs(ours - ref) / Math.abs(ref);
    }

    @Test
    void normalMatchesCommonsMathInTheNormalRange() {
        for (double z = 0.0; z <= 37.0; z += 0.037) {
            final double p = Erf.erfc(z / Math.sqrt(2.0));
            if (p < 1e-290) {
                break;
            }
            final double ours = Math.exp(Distributions.zToLnP(z));
            assertThat(relErr(ours, p)).as("z=%s", z).isLessThan(1e-12);
            assertThat(Distributions.zToLnP(-z)).isEqualTo(Distributions.zToLnP(z));
        }
    }

    @Test
    void normalTailMatchesMillsRatioSeries() {
        // one-sided tail: Phi(-z) = phi(z)/z * (1 - 1/z^2 + 3/z^4 - 15/z^6 + ...), asymptotic, terms
        // shrink while (2j-1) < z^2; for z >= 40 twenty terms leave < 1e-30
        for (double z : new double[] {40, 60, 100, 1e3, 1e5, 1e10}) {
            double series = 0;
            double term = 1;
            for (int j = 1; j <= 20; j++) {
                series += term;
                term *= -(2 * j - 1) / (z * z);
            }
            final double lnOneSided = -0.5 * z * z - 0.5 * Math.log(2 * Math.PI) - Math.log(z) + Math.log(series);
            final double lnP = Distributions.zToLnP(z);
            assertThat(lnP - LN2).as("z=%s", z).isCloseTo(lnOneSided, within(1e-13 * Math.abs(lnOneSided)));
        }
        // the normal tail at z = 40: ln Phi(-40) = -804.608442013753788 (mpmath)
        assertThat(Distributions.zToLnP(40) - LN2).isCloseTo(-804.6084420137537881666068, within(1e-10));
    }

    @Test
    void normalMatchesMpmath() {
        assertThat(Distributions.zToLnP(1.96)).isCloseTo(-2.99581647116969330916405, within(1e-14));
        assertThat(Distributions.zToLnP(8)).isCloseTo(-34.3202899793546045860869, within(1e-13));
        assertThat(Distributions.zToLnP(40)).isCloseTo(-803.9152948331938428571896, within(1e-11));
        assertThat(Distributions.zToLnP(1000)).isCloseTo(-500007.1335476316243644968, within(1e-8));
        assertThat(Distributions.zToLnP(1e5)).isCloseTo(-5000000011.738716817714956, within(1e-4));
        assertThat(Distributions.zToLnP(0)).isEqualTo(0.0);
        assertThat(Distributions.zToLnP(Double.POSITIVE_INFINITY)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Distributions.zToLnP(Double.NaN)).isNaN();
    }

    @Test
    void studentTMatchesCommonsMathInTheNormalRange() {
        for (double df : new double[] {1, 2, 3, 5, 10, 30, 100, 2497}) {
            final TDistribution dist = new TDistribution(null, df, 1e-14);
            // from t = 0.5: below, Commons Math's own error reaches ~3e-12 (P near 1, large df;
            // we match mpmath there, see studentTMatchesMpmath)
            for (double t = 0.5; t < 200; t *= 1.15) {
                final double p = 2.0 * dist.cumulativeProbability(-t);
                if (p < 1e-280) {
                    break;
                }
                final double ours = Math.exp(Distributions.tStatToLnP(t, df));
                assertThat(relErr(ours, p)).as("t=%s df=%s", t, df).isLessThan(1e-12);
            }
        }
    }

    @Test
    void studentTLargeDfMatchesMpmath() {
        // biobank-sized df: the continued fraction near x = df/(df+t^2) ~ 1 loses digits, so the
        // relative error on P grows with df (measured against mpmath: <= 1e-11 at df = 1e5, <= 5e-10 at
        // 1e6); Commons Math's own TDistribution is worse there (2.8e-11 at df = 1e5, t = 2)
        final double[][] cases = {
            {1e5, 0.5, -0.4827627981040045180457221},
            {1e5, 1.5, -2.012773592962103273676299},
            {1e5, 2, -3.08997782421195154073338},
            {1e5, 3, -5.914332822737317870679631},
            {1e5, 5, -14.37016587563837148747421},
            {1e5, 12, -74.6650184199659409697997},
            {1e5, 40, -797.5748184606855240584209},
            {1e6, 0.5, -0.4827644027403151534972902},
            {1e6, 1.5, -2.012794857504408991936465},
            {1e6, 2, -3.090031220098036821088785},
            {1e6, 3, -5.914554417852361064356249},
            {1e6, 5, -14.37168265481030069661861},
            {1e6, 12, -74.71227056063640030986099},
            {1e6, 40, -803.2751775697820550009997},
        };
        for (double[] c : cases) {
            final double relTolP = c[0] <= 1e5 ? 2e-11 : 1e-9;
            final double ours = Distributions.tStatToLnP(c[1], c[0]);
            assertThat(Math.abs(Math.expm1(ours - c[2])))
                    .as("df=%s t=%s", c[0], c[1])
                    .isLessThan(relTolP);
        }
    }

    @Test
    void studentTTailsMatchClosedForms() {
        // df = 1 (Cauchy): P = (2/pi) atan(1/|t|); df = 2: P = 1 - |t|/sqrt(2 + t^2) = 2/(s (s + |t|)), s = sqrt(2+t^2)
        for (double t : new double[] {0.3, 1, 7, 1e3, 1e10, 1e100, 1e300}) {
            final double lnCauchy = Math.log(2 / Math.PI) + Math.log(Math.atan(1 / t));
            assertThat(Distributions.tStatToLnP(t, 1))
                    .as("t=%s", t)
                    .isCloseTo(lnCauchy, within(1e-13 * Math.max(1, Math.abs(lnCauchy))));
            assertThat(Distributions.tStatToLnP(-t, 1)).isEqualTo(Distributions.tStatToLnP(t, 1));
            // ln(2/(s (s + t))) with s = |t| sqrt(1 + 2/t^2), in logs to avoid overflow
            final double lnS = Math.log(t) + 0.5 * Math.log1p(2 / (t * t));
            final double lnSPlusT = Math.log(t) + Math.log1p(Math.sqrt(1 + 2 / (t * t)));
            final double lnDf2 = LN2 - lnS - lnSPlusT;
            assertThat(Distributions.tStatToLnP(t, 2))
                    .as("t=%s", t)
                    .isCloseTo(lnDf2, within(1e-13 * Math.max(1, Math.abs(lnDf2))));
        }
    }

    @Test
    void studentTMatchesMpmath() {
        final double[][] cases = {
            // t, df, ln P (mpmath, 60 digits)
            {0.5, 10, -0.4653845444734531930539533},
            {0.01, 2497, Math.log(0.99202208621383373612)},
            {0.1, 2497, Math.log(0.92035235311626050506)},
            {2.5, 3, -2.433757589909799300477263},
            {5, 10, -7.528891422158145669218096},
            {40, 2497, -621.8812985649562279591016},
            {100, 2497, -2014.608619602919549329416},
            {1000, 30, -158.1498554111548473004588},
            {1e5, 1e5, -575652.7554975966925104736},
            {30, 1, -3.853150279116859386635993},
            {1e200, 1, -460.9686013040985916380576},
            {7.5, 1e6, -30.38192483092188375078867},
            {300, 1e5, -32098.30296911453381863863},
        };
        for (double[] c : cases) {
            assertThat(Distributions.tStatToLnP(c[0], c[1]))
                    .as("t=%s df=%s", c[0], c[1])
                    .isCloseTo(c[2], within(1e-12 * Math.max(1, Math.abs(c[2]))));
        }
        assertThat(Distributions.tStatToLnP(0, 5)).isEqualTo(0.0);
        assertThat(Distributions.tStatToLnP(Double.NEGATIVE_INFINITY, 5)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Distributions.tStatToLnP(1, 0)).isNaN();
        assertThat(Distributions.tStatToLnP(Double.NaN, 5)).isNaN();
    }

    @Test
    void chisqMatchesCommonsMathInTheNormalRange() {
        for (double df : new double[] {1, 2, 3, 4, 7, 20, 100}) {
            final ChiSquaredDistribution dist = new ChiSquaredDistribution(null, df, 1e-14);
            for (double x = 0.001; x < 1500; x *= 1.2) {
                final double p = Gamma.regularizedGammaQ(df / 2, x / 2, 1e-16, 100_000);
                if (p < 1e-280) {
                    break;
                }
                final double ours = Math.exp(Distributions.chisqToLnP(x, df));
                assertThat(relErr(ours, p)).as("x=%s df=%s", x, df).isLessThan(1e-11);
            }
        }
    }

    @Test
    void chisqTailsMatchClosedForms() {
        // df = 2: P = exp(-x/2) exactly; df = 1: P(chi2 > z^2) = P(|Z| > z)
        for (double x : new double[] {0.5, 3, 50, 2000, 1e6, 1e12}) {
            assertThat(Distributions.chisqToLnP(x, 2)).isCloseTo(-x / 2, within(1e-14 * Math.max(1, x)));
            assertThat(Distributions.chisqToLnP(x, 1))
                    .isCloseTo(Distributions.zToLnP(Math.sqrt(x)), within(1e-13 * Math.max(1, x)));
        }
        final double[][] cases = {
            {3.84, 1, -2.994862227180027284492039},
            {1000, 1, -503.6806665043816864110901},
            {3000, 5, -1489.313852456614995178222},
            {1e4, 10, -4969.10848090470435484226},
            {50, 20, -8.415193444701624238838083},
        };
        for (double[] c : cases) {
            assertThat(Distributions.chisqToLnP(c[0], c[1]))
                    .as("x=%s df=%s", c[0], c[1])
                    .isCloseTo(c[2], within(1e-12 * Math.max(1, Math.abs(c[2]))));
        }
        assertThat(Distributions.chisqToLnP(0, 1)).isEqualTo(0.0);
        assertThat(Distributions.chisqToLnP(1, -1)).isNaN();
    }

    @Test
    void negLog10() {
        assertThat(Distributions.lnPToNegLog10P(Math.log(1e-300) - Math.log(1e10)))
                .isCloseTo(310.0, within(1e-12));
        assertThat(Distributions.lnPToNegLog10P(0.0)).isEqualTo(-0.0);
        assertThat(Distributions.lnPToP(Math.log(0.25))).isCloseTo(0.25, within(1e-16));
    }
}
