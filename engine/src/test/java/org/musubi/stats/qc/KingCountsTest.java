package org.musubi.stats.qc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** KING-robust kinship and NSNP from a pair's five counts, as plink2 computes them. */
class KingCountsTest {
    @Test
    void kinshipAsPlink2() {
        // 0.5 - (4*10 + 30 + 50) / (4 * (100 + 30)) = 0.5 - 120/520
        assertThat(KingCounts.kinship(10, 100, 30, 50)).isEqualTo(0.5 - 120.0 / 520.0);
        assertThat(KingCounts.kinship(0, 0, 0, 5)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(KingCounts.kinship(0, 0, 0, 0)).isNaN();
        assertThat(KinshipDegree.of(0.36)).isEqualTo(KinshipDegree.DUPLICATE_OR_MZ);
        assertThat(KinshipDegree.of(0.354)).isEqualTo(KinshipDegree.FIRST);
        assertThat(KinshipDegree.of(0.177)).isEqualTo(KinshipDegree.SECOND);
        assertThat(KinshipDegree.of(0.0884)).isEqualTo(KinshipDegree.THIRD);
        assertThat(KinshipDegree.of(0.0442)).isEqualTo(KinshipDegree.UNRELATED);
    }

    @Test
    void nsnpIsEveryCountButIbs0() {
        // IBS0 pairs are HOMHOM too: NSNP = 7 + 3 + 4 + 20
        assertThat(KingCounts.nsnp(7, 3, 4, 20)).isEqualTo(34);
    }
}
