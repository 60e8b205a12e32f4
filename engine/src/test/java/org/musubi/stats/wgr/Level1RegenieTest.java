package org.musubi.stats.wgr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Step 1 on REGENIE's example cohort (chr1, blocks of 100 variants, covariates V1–V3) against REGENIE v1.0.6.7's
 * own {@code .loco} files and logs (quantitative Y1/Y2 with 5-fold CV, binary Y1/Y2 with leave-one-out): every
 * sample's whole-genome prediction (the {@code .loco} row of a chromosome other than 1) within 1e-4 (REGENIE
 * prints 6 significant digits), and the chosen level-1 h² equal to the log's.
 */
class Level1RegenieTest {
    private static final int B = 100;

    record Run(Level1.Fit[] fits, double[][] x) {}

    static Run run(boolean binary) throws Exception {
        int n = RegenieExample.N;
        double[][] g = RegenieExample.genotypes();
        double[] q = WgrPhenotypes.covariateBasis(RegenieExample.columns("gwas/covariates.txt"), n);
        int c = 4;
        List<double[]> raw = RegenieExample.columns(binary ? "gwas/phenotype_bin.txt" : "gwas/phenotype.txt");
        int phenos = raw.size();
        double[][] y = new double[phenos][];
        for (int p = 0; p < phenos; p++) {
            y[p] = raw.get(p).clone();
            WgrPhenotypes.residualize(y[p], null, q, n, c);
        }
        int[] folds = binary ? null : RidgeGrid.folds(n, 5);
        Level0 l0 = new Level0(n, q, c, y, null, folds, RidgeGrid.level0(RegenieExample.M));
        int blocks = RegenieExample.M / B;
        int m = blocks * 5;
        double[][] x = new double[phenos][n * m];
        for (int k = 0; k < blocks; k++) {
            double[] block = new double[n * B];
            for (int j = 0; j < B; j++) {
                System.arraycopy(g[k * B + j], 0, block, j * n, n);
            }
            assertThat(l0.standardize(block, B)).isEqualTo(B);
            double[][] f = l0.features(block, B);
            for (int p = 0; p < phenos; p++) {
                System.arraycopy(f[p], 0, x[p], k * 5 * n, 5 * n);
            }
        }
        Level1.Fit[] fits = new Level1.Fit[phenos];
        int[] groups = {0, m};
        for (int p = 0; p < phenos; p++) {
            if (binary) {
                double[] off = WgrPhenotypes.nullLogisticOffset(raw.get(p), null, q, n, c);
                fits[p] = Level1Logistic.leaveOneOut(
                        x[p], n, m, raw.get(p), off, null, RidgeGrid.level1(m, true), groups);
            } else {
                fits[p] = Level1.ridge(x[p], n, m, y[p], folds, RidgeGrid.level1(m, false), groups);
            }
        }
        return new Run(fits, x);
    }

    private static double maxDiff(Level1.Fit fit, String loco) throws Exception {
        double[] chr2 = RegenieExample.locoRow(loco, 2);
        double[] chr1 = RegenieExample.locoRow(loco, 1);
        double max = 0;
        for (int i = 0; i < RegenieExample.N; i++) {
            max = Math.max(max, Math.abs(fit.loco(-1, i) - chr2[i]));
            assertThat(chr1[i]).isZero();
            assertThat(fit.loco(0, i)).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-12));
        }
        return max;
    }

    @Test
    void quantitativeFiveFoldEqualsRegenie() throws Exception {
        Run r = run(false);
        // fit_lin_out.log: Y1 min MSE at h2 0.25 (index 1), Y2 at 0.01 (index 0)
        assertThat(r.fits()[0].best()).isEqualTo(1);
        assertThat(r.fits()[1].best()).isEqualTo(0);
        assertThat(r.fits()[0].mse()[1]).isCloseTo(0.983353, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(r.fits()[1].rsq()[0]).isCloseTo(0.013602, org.assertj.core.data.Offset.offset(1e-6));
        double d1 = maxDiff(r.fits()[0], "wgr/fit_lin_out_1.loco");
        double d2 = maxDiff(r.fits()[1], "wgr/fit_lin_out_2.loco");
        System.out.println("quantitative max |diff| Y1 " + d1 + " Y2 " + d2);
        assertThat(d1).isLessThan(1e-4);
        assertThat(d2).isLessThan(1e-4);
    }

    @Test
    void binaryLeaveOneOutEqualsRegenie() throws Exception {
        Run r = run(true);
        // fit_bin_out.log: Y1 min -logLik/N at h2 0.01 (index 0), Y2 at 0.99 (index 4)
        System.out.println("binary -logLik/N Y1 " + java.util.Arrays.toString(r.fits()[0].negLogLik()) + " Y2 "
                + java.util.Arrays.toString(r.fits()[1].negLogLik()));
        double d1 = maxDiff(r.fits()[0], "wgr/fit_bin_out_1.loco");
        double d2 = maxDiff(r.fits()[1], "wgr/fit_bin_out_2.loco");
        System.out.println("binary max |diff| Y1 " + d1 + " Y2 " + d2);
        assertThat(r.fits()[0].best()).isEqualTo(0);
        assertThat(r.fits()[1].best()).isEqualTo(4);
        assertThat(r.fits()[0].negLogLik()[0]).isCloseTo(0.354387, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(d1).isLessThan(1e-4);
        assertThat(d2).isLessThan(1e-4);
    }
}
