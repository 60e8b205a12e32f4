package org.musubi.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

/**
 * Firth regression: closed forms (for a saturated model Firth's penalty is the Jeffreys prior, and
 * its maximum adds 1/2 to every cell of the table), and, on the real glow data, an independent
 * check that the estimate solves the modified score equations and maximises the penalised
 * likelihood.
 */
class FirthRegressionTest {

    @Test
    void interceptOnlyAddsHalfACaseAndHalfAControl() {
        // n = 10 samples, s cases: beta = ln((s + 1/2) / (n - s + 1/2)); at p = (s + 1/2) / (n + 1),
        // SE = 1 / sqrt(n p (1 - p)). E.g. s = 0: beta = ln(0.5 / 10.5) = -3.0445224...,
        // p = 1/22, n p (1-p) = 210/484, SE = 1.5181174...
        final int n = 10;
        final double[] x = new double[n];
        java.util.Arrays.fill(x, 1.0);
        for (int s = 0; s <= n; s++) {
            final double[] y = new double[n];
            for (int i = 0; i < s; i++) {
                y[i] = 1;
            }
            final double[] beta = new double[1];
            final double[] cov = new double[1];
            assertThat(FirthRegression.fit(x, n, 1, y, beta, 25, cov)).isEqualTo(FitStatus.CONVERGED);
            final double p = (s + 0.5) / (n + 1);
            assertThat(beta[0]).as("s=%s", s).isCloseTo(Math.log((s + 0.5) / (n - s + 0.5)), within(1e-10));
            assertThat(Math.sqrt(cov[0])).isCloseTo(1 / Math.sqrt(n * p * (1 - p)), within(1e-9));
        }
    }

    @Test
    void twoByTwoTableWithAnEmptyCell() {
        // exposed: 4 cases, 0 controls; unexposed: 2 cases, 6 controls (complete separation of the
        // controls: plain logistic regression has no MLE). Firth adds 1/2 to each cell:
        // OR = (4.5 * 6.5) / (0.5 * 2.5) = 23.4; p1 = 4.5/5 = 0.9, p0 = 2.5/9,
        // Var = 1/(4 * 0.9 * 0.1) + 1/(8 * (2.5/9) * (6.5/9)) = 2.7777... + 0.6230769... = 3.4008547...
        final double[] g = {1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0};
        final double[] y = {1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0};
        final int n = g.length;
        final double orFirth = 23.4;
        final double seFirth = Math.sqrt(1 / (4 * 0.9 * 0.1) + 1 / (8 * (2.5 / 9) * (6.5 / 9)));
        final double[] x = new double[2 * n];
        for (int i = 0; i < n; i++) {
            x[i] = 1;
            x[n + i] = g[i];
        }
        final double[] beta = new double[2];
        final double[] cov = new double[4];
        assertThat(FirthRegression.fit(x, n, 2, y, beta, 25, cov)).isEqualTo(FitStatus.CONVERGED);
        assertThat(beta[0]).isCloseTo(Math.log(2.5 / 6.5), within(1e-10));
        assertThat(Math.exp(beta[1])).isCloseTo(orFirth, within(1e-8));
        assertThat(Math.sqrt(cov[3])).isCloseTo(seFirth, within(1e-9));

        // through the GWAS kernel: no-firth flags the separation, firth-fallback gives the Firth fit
        final CovariateBasis noFirth =
                CovariateBasis.create(new double[0], n, 0, GlmOptions.defaults().withFirthMode(FirthMode.NO_FIRTH));
        final LogisticRegression plain = LogisticRegression.create(noFirth, y);
        final LogisticResult out = plain.newResult();
        plain.testDense(g, out);
        assertThat(out.errcode()).isEqualTo(GlmErrcode.SEPARATION);
        assertThat(out.beta()).isNaN();
        final LogisticRegression hybrid =
                LogisticRegression.create(CovariateBasis.create(new double[0], n, 0, GlmOptions.defaults()), y);
        hybrid.testDense(g, out);
        assertThat(out.errcode()).isEqualTo(GlmErrcode.NONE);
        assertThat(out.firthUsed()).isTrue();
        assertThat(out.oddsRatio()).isCloseTo(orFirth, within(1e-8));
        assertThat(out.se()).isCloseTo(seFirth, within(1e-9));
        assertThat(out.zStat()).isCloseTo(Math.log(orFirth) / seFirth, within(1e-9));
    }

    @Test
    void glowFirthEstimatesSolveTheModifiedScoreAndMaximiseThePenalisedLikelihood() {
        final GlowGwasFixture f = GlowGwasFixture.load();
        final int n = f.sampleCount;
        final int c = f.covariateCount;
        final double[] y = f.phenotypes("binary.tsv", "Binary_Trait_1");
        final LogisticRegression hybrid =
                LogisticRegression.create(CovariateBasis.create(f.covariatesColMajor, n, c, GlmOptions.defaults()), y);
        final LogisticResult out = hybrid.newResult();
        int checked = 0;
        for (int v = 0; v < f.variantIds.length; v++) {
            hybrid.testDense(f.a1Dosages[v], out);
            if (!out.firthUsed()) {
                continue;
            }
            final int p = c + 2;
            final double[] x = new double[n * p];
            java.util.Arrays.fill(x, 0, n, 1.0);
            System.arraycopy(f.covariatesColMajor, 0, x, n, n * c);
            System.arraycopy(f.a1Dosages[v], 0, x, (c + 1) * n, n);
            final double[] beta = new double[p];
            final double[] cov = new double[p * p];
            assertThat(FirthRegression.fit(x, n, p, y, beta, 25, cov)).isEqualTo(FitStatus.CONVERGED);
            assertThat(beta[p - 1]).isCloseTo(out.beta(), within(1e-7));
            assertThat(Math.sqrt(cov[p * p - 1])).isCloseTo(out.se(), within(1e-7));

            // independent U*(beta): explicit hat diagonal from a Commons Math inverse
            final double[] ustar = modifiedScore(x, n, p, y, beta);
            for (int j = 0; j < p; j++) {
                assertThat(Math.abs(ustar[j]))
                        .as("%s U*_%s", f.variantIds[v], j)
                        .isLessThan(1e-6);
            }
            final double best = penalisedLogLikelihood(x, n, p, y, beta);
            for (int j = 0; j < p; j++) {
                for (double d : new double[] {-1e-3, 1e-3}) {
                    final double[] moved = beta.clone();
                    moved[j] += d;
                    assertThat(penalisedLogLikelihood(x, n, p, y, moved)).isLessThan(best);
                }
            }
            checked++;
        }
        assertThat(checked).isEqualTo(6);
    }

    private static RealMatrix information(double[] x, int n, int p, double[] pr) {
        final double[][] info = new double[p][p];
        for (int i = 0; i < n; i++) {
            final double w = pr[i] * (1 - pr[i]);
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    info[a][b] += w * x[i + a * n] * x[i + b * n];
                }
            }
        }
        return new Array2DRowRealMatrix(info);
    }

    private static double[] probabilities(double[] x, int n, int p, double[] beta) {
        final double[] pr = new double[n];
        for (int i = 0; i < n; i++) {
            double eta = 0;
            for (int j = 0; j < p; j++) {
                eta += x[i + j * n] * beta[j];
            }
            pr[i] = 1 / (1 + Math.exp(-eta));
        }
        return pr;
    }

    static double[] modifiedScore(double[] x, int n, int p, double[] y, double[] beta) {
        final double[] pr = probabilities(x, n, p, beta);
        final RealMatrix inv =
                new LUDecomposition(information(x, n, p, pr)).getSolver().getInverse();
        final double[] u = new double[p];
        for (int i = 0; i < n; i++) {
            double q = 0;
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    q += x[i + a * n] * inv.getEntry(a, b) * x[i + b * n];
                }
            }
            final double h = pr[i] * (1 - pr[i]) * q;
            final double r = y[i] - pr[i] + h * (0.5 - pr[i]);
            for (int a = 0; a < p; a++) {
                u[a] += x[i + a * n] * r;
            }
        }
        return u;
    }

    static double penalisedLogLikelihood(double[] x, int n, int p, double[] y, double[] beta) {
        final double[] pr = probabilities(x, n, p, beta);
        double ll = 0;
        for (int i = 0; i < n; i++) {
            ll += y[i] == 1 ? Math.log(pr[i]) : Math.log1p(-pr[i]);
        }
        return ll + 0.5 * Math.log(new LUDecomposition(information(x, n, p, pr)).getDeterminant());
    }
}
