package org.musubi.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code musubi qc}: help, and options refused before Spark starts with one line each. */
class QcJobTest {
    @Test
    void helpAndBadOptions() {
        assertThat(GwasJobTest.musubi("qc", "--help").exit()).isZero();
        GwasJobTest.Run steps = GwasJobTest.musubi("qc", "--table", "t.mvt", "--out", "o", "--steps", "sample,pca");
        assertThat(steps.exit()).isEqualTo(1);
        assertThat(steps.err()).contains("--steps pca: use sample, variant, prune, king, unrelated");
        GwasJobTest.Run sex = GwasJobTest.musubi(
                "qc", "--table", "t.mvt", "--out", "o", "--max-female-xf", "0.9", "--min-male-xf", "0.8");
        assertThat(sex.exit()).isEqualTo(1);
        assertThat(sex.err()).contains("--max-female-xf 0.9 is above --min-male-xf 0.8");
        GwasJobTest.Run rate = GwasJobTest.musubi("qc", "--table", "t.mvt", "--out", "o", "--hwe", "2");
        assertThat(rate.exit()).isEqualTo(1);
        assertThat(rate.err()).contains("--hwe 2.0: use a value in [0, 1]");
        GwasJobTest.Run step = GwasJobTest.musubi(
                "qc", "--table", "t.mvt", "--out", "o", "--prune-window", "500kb", "--prune-step", "5");
        assertThat(step.exit()).isEqualTo(1);
        assertThat(step.err()).contains("--prune-step 5: use 1 with a kb window");
        GwasJobTest.Run r2 = GwasJobTest.musubi("qc", "--table", "t.mvt", "--out", "o", "--prune-r2", "1");
        assertThat(r2.exit()).isEqualTo(1);
        assertThat(r2.err()).contains("--prune-r2 1.0: use an r² threshold in [0, 1)");
    }
}
