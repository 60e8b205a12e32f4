package org.musubi.prs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PrsMetricsTest {
    @Test
    void aucIsMannWhitneyOverN1N0WithTies() {
        // cases 3, 2, 2; controls 1, 2: pairs (3>1)(3>2)(2>1)(2=2)(2>1)(2=2) = 1+1+1+½+1+½ = 5 of 6
        double[] s = {3, 2, 2, 1, 2};
        boolean[] c = {true, true, true, false, false};
        PrsMetrics.Auc a = PrsMetrics.auc(s, c);
        assertThat(a.auc()).isCloseTo(5.0 / 6, within(1e-15));
        // V10 = (1, 3/4, 3/4), V01 = (1, 2/3): S10 = 1/48, S01 = 1/18; Var = S10/3 + S01/2
        assertThat(a.variance()).isCloseTo(1.0 / 144 + 1.0 / 36, within(1e-15));
        assertThat(a.upper()).isEqualTo(1.0);
        assertThat(a.cases()).isEqualTo(3);
        assertThat(a.controls()).isEqualTo(2);
    }

    @Test
    void aucAndDelongEqualBruteForce() {
        Random r = new Random(7);
        int n = 300;
        double[] s = new double[n];
        boolean[] c = new boolean[n];
        for (int i = 0; i < n; i++) {
            c[i] = r.nextDouble() < 0.3;
            s[i] = Math.round((r.nextGaussian() + (c[i] ? 0.5 : 0)) * 4) / 4.0; // ties
        }
        int n1 = 0;
        for (boolean b : c) {
            n1 += b ? 1 : 0;
        }
        int n0 = n - n1;
        double[] v10 = new double[n1];
        double[] v01 = new double[n0];
        double u = 0;
        for (int i = 0, a = 0; i < n; i++) {
            if (!c[i]) {
                continue;
            }
            for (int j = 0, b = 0; j < n; j++) {
                if (c[j]) {
                    continue;
                }
                double psi = s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                u += psi;
                v10[a] += psi / n0;
                v01[b] += psi / n1;
                b++;
            }
            a++;
        }
        PrsMetrics.Auc a = PrsMetrics.auc(s, c);
        assertThat(a.auc()).isCloseTo(u / ((double) n1 * n0), within(1e-12));
        double var = PrsMetrics.sampleVariance(v10) / n1 + PrsMetrics.sampleVariance(v01) / n0;
        assertThat(a.variance()).isCloseTo(var, within(1e-14));
        assertThat(a.lower()).isCloseTo(a.auc() - 1.959963984540054 * Math.sqrt(var), within(1e-12));
    }

    @Test
    void logisticOnABinaryExposureIsWoolf() {
        // a = exposed cases 30, b = exposed controls 20, c = unexposed cases 15, d = unexposed controls 35
        int[][] cells = {{30, 1, 1}, {20, 1, 0}, {15, 0, 1}, {35, 0, 0}};
        int n = 100;
        double[] x = new double[n];
        boolean[] y = new boolean[n];
        int k = 0;
        for (int[] cell : cells) {
            for (int i = 0; i < cell[0]; i++, k++) {
                x[k] = cell[1];
                y[k] = cell[2] == 1;
            }
        }
        PrsMetrics.OddsRatio or = PrsMetrics.logistic(x, y, null);
        assertThat(or.or()).isCloseTo(30.0 * 35 / (20.0 * 15), within(1e-9));
        assertThat(or.se()).isCloseTo(Math.sqrt(1.0 / 30 + 1.0 / 20 + 1.0 / 15 + 1.0 / 35), within(1e-9));

        // Per SD: beta and SE scale with the SD of x; a covariate column is accepted
        PrsMetrics.OddsRatio perSd = PrsMetrics.orPerSd(x, y, null);
        double sd = Math.sqrt(PrsMetrics.sampleVariance(x));
        assertThat(perSd.beta()).isCloseTo(or.beta() * sd, within(1e-9));
        assertThat(perSd.se()).isCloseTo(or.se() * sd, within(1e-9));
        double[][] cov = new double[n][1];
        for (int i = 0; i < n; i++) {
            cov[i][0] = i % 2;
        }
        assertThat(PrsMetrics.logistic(x, y, cov).n()).isEqualTo(100);
    }
}
