package org.musubi.wgr;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.musubi.error.MusubiUserException;

class WgrDriverMemoryTest {
    private static final long GIB = 1L << 30;

    @Test
    void aRunWhosePredictionsFitIsLetThrough() {
        // 10 phenotypes x 20,000 samples x 505 predictors = 0.75 GiB, in a 6 GiB heap
        assertThatCode(() -> WgrPlan.checkDriverMemory(10, 20_000, 505, 6 * GIB))
                .doesNotThrowAnyException();
    }

    @Test
    void aRunWhosePredictionsDoNotFitStopsBeforeLevel0WithTheFigureAndTheFix() {
        // the bench's 50 phenotypes x 20,000 samples x 101 blocks x 5: 3.8 GiB of predictions, > 60% of the 6 GiB heap
        // it ran out of
        assertThatThrownBy(() -> WgrPlan.checkDriverMemory(50, 20_000, 505, 6 * GIB))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("50 phenotype(s) x 20000 samples x 505 predictors need 3.8 GiB")
                .hasMessageContaining("6.0 GiB heap")
                .hasMessageContaining("-Xmx8g")
                .hasMessageContaining("-Xmx")
                .hasMessageContaining("--driver-memory");
    }
}
