package org.musubi.stats.wgr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Level 0's genotype preparation: a variant constant once the covariates are out is dropped, the others kept. */
class Level0Test {
    @Test
    void constantVariantsAreDroppedAndTheOthersScaled() {
        int n = 6;
        double[] cov = {1, 2, 3, 4, 5, 6};
        double[] q = WgrPhenotypes.covariateBasis(List.of(cov), n);
        double[] y = {0.5, -1, 2, 0, 1, -0.3};
        WgrPhenotypes.residualize(y, null, q, n, 2);
        Level0 l0 = new Level0(n, q, 2, new double[][] {y}, null, null, RidgeGrid.level0(3));
        double[] g = {
            0, 1, 2, 1, 0, 2, // kept
            1, 1, 1, 1, 1, 1, // constant
            2, 4, 6, 8, 10, 12, // a linear function of the covariate: constant once it is out
            2, 1, 0, 0, 1, 1 // kept
        };
        assertThat(l0.standardize(g, 4)).isEqualTo(2);
        for (int j = 0; j < 2; j++) {
            double ss = 0;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                ss += g[j * n + i] * g[j * n + i];
                sum += g[j * n + i];
            }
            assertThat(ss / (n - 1)).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(sum).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-12));
        }
        assertThat(g[n + 1]).isLessThan(0); // the fourth variant moved to the second column (1 below its mean)
        double[][] f = l0.features(g, 2);
        assertThat(f[0]).hasSize(n * 5);
        assertThat(l0.features(g, 0)[0]).containsOnly(0.0);
    }
}
