package org.musubi.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code musubi wgr}: help, and options refused before Spark starts with one line each. */
class WgrJobTest {
    @Test
    void helpAndBadOptions() {
        assertThat(GwasJobTest.musubi("wgr", "--help").exit()).isZero();
        GwasJobTest.Run folds =
                GwasJobTest.musubi("wgr", "--table", "t.mvt", "--pheno", "p.txt", "--out", "o", "--folds", "1");
        assertThat(folds.exit()).isEqualTo(1);
        assertThat(folds.err()).contains("--folds 1: use at least 2 folds");
        GwasJobTest.Run bin =
                GwasJobTest.musubi("wgr", "--table", "t.mvt", "--pheno", "p.txt", "--out", "o", "--binary", "probit");
        assertThat(bin.exit()).isEqualTo(1);
        assertThat(bin.err()).contains("--binary probit: use auto, linear or logistic");
        GwasJobTest.Run bs =
                GwasJobTest.musubi("wgr", "--table", "t.mvt", "--pheno", "p.txt", "--out", "o", "--block-size", "0");
        assertThat(bs.exit()).isEqualTo(1);
        assertThat(bs.err()).contains("--block-size 0: use a positive number");
    }
}
