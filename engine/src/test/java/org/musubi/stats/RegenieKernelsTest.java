package org.musubi.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * REGENIE's step-2 kernels against independent implementations (the end-to-end check against REGENIE 1.0.6.7's own
 * outputs is {@code gwas.RegenieStep2SparkTest}): the quantitative test equals OLS of y − s_y·LOCO ({@link
 * LinearRegression}, SPECS §8.2), the full Firth fit equals {@link FirthRegression} (logistf's algorithm), and a
 * LOCO offset that lies in the covariates' span changes nothing (the null model absorbs it).
 */
class RegenieKernelsTest {
    static final int N = 400;
    static final int C = 2;

    record Data(double[] cov, double[] y, double[] yBin, double[] loco, double[] g) {}

    static Data simulate(long seed) {
        Random r = new Random(seed);
        double[] cov = new double[N * C];
        double[] y = new double[N];
        double[] yb = new double[N];
        double[] loco = new double[N];
        double[] g = new double[N];
        for (int i = 0; i < N; i++) {
            cov[i] = r.nextGaussian();
            cov[N + i] = r.nextInt(2);
            double p = 0.3;
            g[i] = (r.nextDouble() < p ? 1 : 0) + (r.nextDouble() < p ? 1 : 0);
            if (i % 37 == 0) {
                g[i] = Double.NaN;
            }
            loco[i] = 0.5 * r.nextGaussian();
            double gi = Double.isNaN(g[i]) ? 0.6 : g[i];
            y[i] = 1 + 0.3 * cov[i] - 0.2 * cov[N + i] + 0.15 * gi + 0.8 * loco[i] + r.nextGaussian();
            double eta = -0.5 + 0.3 * cov[i] + 0.4 * gi + loco[i];
            yb[i] = r.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
        }
        return new Data(cov, y, yb, loco, g);
    }

    @Test
    void quantitativeBetaIsTheOlsSlopeOfYMinusScaledLoco() {
        Data d = simulate(1);
        CovariateBasis basis = CovariateBasis.create(d.cov(), N, C, GlmOptions.defaults());
        // step 1's LOCO is a prediction from genotypes with the covariates projected out: orthogonal to them
        RegenieGenotype.residualize(basis.q(), N, basis.predictorCount(), d.loco());
        RegenieQt qt = RegenieQt.create(basis, d.y(), 1, d.loco());
        RegenieResult[] out = {new RegenieResult()};
        assertThat(qt.test(d.g(), 5, qt.newWorkspace(), out)).isTrue();
        RegenieResult res = out[0];

        // s_y = ‖y − QQᵀy‖/√(N−1); OLS of y − s_y·LOCO on the mean-imputed genotype with the covariates
        double[] q = basis.q();
        double[] yr = d.y().clone();
        double ss = RegenieGenotype.residualize(q, N, basis.predictorCount(), yr);
        double sy = Math.sqrt(ss / (N - 1));
        double[] adj = new double[N];
        double mean = 0;
        int called = 0;
        for (int i = 0; i < N; i++) {
            adj[i] = d.y()[i] - sy * d.loco()[i];
            if (!Double.isNaN(d.g()[i])) {
                mean += d.g()[i];
                called++;
            }
        }
        mean /= called;
        double[] imputed = new double[N];
        for (int i = 0; i < N; i++) {
            imputed[i] = Double.isNaN(d.g()[i]) ? mean : d.g()[i];
        }
        LinearRegression ols = LinearRegression.create(basis, adj, 1);
        LinearResult lr = ols.newResult();
        ols.testDense(imputed, lr);
        assertThat(res.beta).isCloseTo(lr.beta(0), within(1e-12));
        // z² = (N−1)ρ² where plink2's t² = (N−C−1)ρ²/(1−ρ²) with C predictors and the intercept: ρ² = t²/(t² + df)
        double t = lr.tStat(0);
        double df = N - C - 2;
        double rho2 = t * t / (t * t + df);
        assertThat(res.chisq).isCloseTo((N - 1) * rho2, within(1e-9 * res.chisq));
        assertThat(res.se).isCloseTo(res.beta / Math.sqrt(res.chisq) * Math.signum(res.beta), within(1e-12));
        assertThat(res.altFreq).isCloseTo(mean / 2, within(1e-15));
    }

    @Test
    void fullFirthEqualsFirthRegressionWithoutOffset() {
        Data d = simulate(2);
        CovariateBasis basis = CovariateBasis.create(d.cov(), N, C, GlmOptions.defaults());
        RegenieBt bt = RegenieBt.create(basis, d.yBin(), new double[N], RegenieBt.Firth.FULL, 1.0);
        RegenieResult res = new RegenieResult();
        double[] g = d.g().clone();
        assertThat(bt.test(g, 5, bt.newWorkspace(), res)).isTrue();
        assertThat(res.firth).isTrue();

        double[] x = new double[N * (C + 2)];
        double mean = 0;
        int called = 0;
        for (double v : d.g()) {
            if (!Double.isNaN(v)) {
                mean += v;
                called++;
            }
        }
        mean /= called;
        for (int i = 0; i < N; i++) {
            x[i] = 1;
            x[N + i] = d.cov()[i];
            x[2 * N + i] = d.cov()[N + i];
            x[3 * N + i] = Double.isNaN(d.g()[i]) ? mean : d.g()[i];
        }
        double[] beta = new double[C + 2];
        double[] cov = new double[(C + 2) * (C + 2)];
        FirthRegression.fit(x, N, C + 2, d.yBin(), beta, 100, cov);
        assertThat(res.beta).isCloseTo(beta[C + 1], within(1e-5 * Math.abs(beta[C + 1]) + 1e-7));
        assertThat(res.se).isCloseTo(Math.sqrt(cov[cov.length - 1]), within(1e-5 * res.se));
    }

    @Test
    void anOffsetInTheCovariateSpanChangesNothing() {
        Data d = simulate(3);
        CovariateBasis basis = CovariateBasis.create(d.cov(), N, C, GlmOptions.defaults());
        double[] inSpan = new double[N];
        for (int i = 0; i < N; i++) {
            inSpan[i] = 0.7 - 0.4 * d.cov()[i] + 0.2 * d.cov()[N + i];
        }
        for (RegenieBt.Firth f : RegenieBt.Firth.values()) {
            RegenieBt a = RegenieBt.create(basis, d.yBin(), new double[N], f, 0.5);
            RegenieBt b = RegenieBt.create(basis, d.yBin(), inSpan, f, 0.5);
            RegenieResult ra = new RegenieResult();
            RegenieResult rb = new RegenieResult();
            a.test(d.g().clone(), 5, a.newWorkspace(), ra);
            b.test(d.g().clone(), 5, b.newWorkspace(), rb);
            assertThat(rb.beta).as(f.name()).isCloseTo(ra.beta, within(1e-5 * Math.abs(ra.beta)));
            assertThat(rb.se).as(f.name()).isCloseTo(ra.se, within(1e-5 * ra.se));
            assertThat(rb.log10p).as(f.name()).isCloseTo(ra.log10p, within(1e-5));
        }
        // and a real LOCO offset does change the test
        RegenieBt a = RegenieBt.create(basis, d.yBin(), new double[N], RegenieBt.Firth.NONE, 0.05);
        RegenieBt b = RegenieBt.create(basis, d.yBin(), d.loco(), RegenieBt.Firth.NONE, 0.05);
        RegenieResult ra = new RegenieResult();
        RegenieResult rb = new RegenieResult();
        a.test(d.g().clone(), 5, a.newWorkspace(), ra);
        b.test(d.g().clone(), 5, b.newWorkspace(), rb);
        assertThat(Math.abs(rb.beta - ra.beta)).isGreaterThan(1e-3);
    }

    @Test
    void lowMacAndMonomorphicVariantsAreNotTested() {
        Data d = simulate(4);
        CovariateBasis basis = CovariateBasis.create(d.cov(), N, C, GlmOptions.defaults());
        RegenieQt qt = RegenieQt.create(basis, d.y(), 1, d.loco());
        double[] rare = new double[N];
        rare[3] = 1;
        rare[9] = 2;
        RegenieResult[] out = {new RegenieResult()};
        assertThat(qt.test(rare, 5, qt.newWorkspace(), out)).isFalse();
        assertThat(qt.test(rare, 3, qt.newWorkspace(), out)).isTrue();
        assertThat(qt.test(new double[N], 0, qt.newWorkspace(), out)).isFalse();
        assertThat(RegenieBt.chisqUpperQuantile(0.05)).isCloseTo(3.841458820694124, within(1e-12));
    }
}
