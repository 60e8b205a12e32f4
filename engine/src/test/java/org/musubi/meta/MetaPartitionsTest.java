package org.musubi.meta;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The automatic number of tasks of meta's combination step. */
class MetaPartitionsTest {
    @Test
    void oneTaskPer16MiBOfInputAtLeastOneAtMostFourPerCore() {
        long mib = 1L << 20;
        assertThat(MetaPlan.autoPartitions(0, 2)).isEqualTo(1);
        assertThat(MetaPlan.autoPartitions(20_000, 2)).isEqualTo(1);
        assertThat(MetaPlan.autoPartitions(16 * mib, 2)).isEqualTo(1);
        assertThat(MetaPlan.autoPartitions(16 * mib + 1, 2)).isEqualTo(2);
        assertThat(MetaPlan.autoPartitions(100 * mib, 2)).isEqualTo(7);
        assertThat(MetaPlan.autoPartitions(600 * mib, 2)).isEqualTo(8);
        assertThat(MetaPlan.autoPartitions(600 * mib, 16)).isEqualTo(38);
        assertThat(MetaPlan.autoPartitions(Long.MAX_VALUE / 2, 1)).isEqualTo(4);
    }
}
