package org.musubi.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Hand cases for the driver-side GLM fit (the statsmodels comparison is in prs.PrsEvaluationTest). */
class GlmFitTest {
    @Test
    void leastSquaresByHand() {
        // x = 0,1,2,3; y = 1,2,2,4: x̄ = 1.5, ȳ = 2.25, Sxy = 4.5, Sxx = 5 → slope 0.9, intercept 0.9;
        // residuals 0.1, 0.2, −0.7, 0.4 → RSS 0.7, σ² = 0.35, SE(slope) = √(0.35/5); TSS 4.75 → R² = 1 − 0.7/4.75
        double[] x = {1, 1, 1, 1, 0, 1, 2, 3};
        double[] y = {1, 2, 2, 4};
        GlmFit.Result r = GlmFit.linear(x, 4, 2, y);
        assertThat(r.ok()).isTrue();
        assertThat(r.beta()).containsExactly(new double[] {0.9, 0.9}, within(1e-12));
        assertThat(r.rss()).isCloseTo(0.7, within(1e-12));
        assertThat(r.se(1)).isCloseTo(Math.sqrt(0.35 / 5), within(1e-12));
        assertThat(r.r2()).isCloseTo(1 - 0.7 / 4.75, within(1e-12));
        assertThat(r.dfResidual()).isEqualTo(2);
        // Gaussian log-likelihood with the ML variance RSS/n (statsmodels' OLS.llf)
        assertThat(r.logLik()).isCloseTo(-2 * (Math.log(2 * Math.PI * 0.7 / 4) + 1), within(1e-12));
    }

    @Test
    void logisticOnABinaryExposureIsTheTwoByTwoTable() {
        // exposed: 30 cases, 20 controls; unexposed: 15 cases, 35 controls → ln OR = ln(30·35/(20·15)),
        // intercept = ln(15/35), SE(ln OR) = √(1/30 + 1/20 + 1/15 + 1/35)
        int n = 100;
        double[] x = new double[2 * n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 1;
            x[n + i] = i < 50 ? 1 : 0;
            y[i] = i < 30 || (i >= 50 && i < 65) ? 1 : 0;
        }
        GlmFit.Result r = GlmFit.logistic(x, n, 2, y);
        assertThat(r.ok()).isTrue();
        assertThat(r.beta()[1]).isCloseTo(Math.log(30.0 * 35 / (20.0 * 15)), within(1e-10));
        assertThat(r.beta()[0]).isCloseTo(Math.log(15.0 / 35), within(1e-10));
        assertThat(r.se(1)).isCloseTo(Math.sqrt(1.0 / 30 + 1.0 / 20 + 1.0 / 15 + 1.0 / 35), within(1e-10));
        // ℓ = Σ cells c·ln p: 30 ln .6 + 20 ln .4 + 15 ln .3 + 35 ln .7
        double ll = 30 * Math.log(0.6) + 20 * Math.log(0.4) + 15 * Math.log(0.3) + 35 * Math.log(0.7);
        assertThat(r.logLik()).isCloseTo(ll, within(1e-10));
    }

    @Test
    void collinearDesignAndSeparationAreResultsNotExceptions() {
        double[] collinear = {1, 1, 1, 1, 2, 2, 2, 2};
        double[] y = {0, 1, 0, 1};
        assertThat(GlmFit.linear(collinear, 4, 2, y).ok()).isFalse();
        GlmFit.Result lr = GlmFit.logistic(collinear, 4, 2, y);
        assertThat(lr.ok()).isFalse();
        assertThat(lr.failure()).contains("singular");
        // y = 1 exactly when x > 1.5: complete separation, the MLE does not exist
        double[] sep = {1, 1, 1, 1, 0, 1, 2, 3};
        GlmFit.Result s = GlmFit.logistic(sep, 4, 2, new double[] {0, 0, 1, 1});
        assertThat(s.ok()).isFalse();
    }
}
