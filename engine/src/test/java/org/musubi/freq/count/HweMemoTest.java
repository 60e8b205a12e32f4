package org.musubi.freq.count;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.musubi.stats.HweExact;

/** The memo returns exactly what {@link HweExact} computes, first call and repeated, inside and outside its key range. */
class HweMemoTest {
    @Test
    void memoisedValuesEqualTheKernel() {
        Random rnd = new Random(3);
        for (int rep = 0; rep < 2000; rep++) {
            long het = rnd.nextInt(rep % 2 == 0 ? 5 : 3000);
            long homAlt = rnd.nextInt(rep % 3 == 0 ? 2 : 1000);
            long homRef = rnd.nextInt(20000);
            for (int twice = 0; twice < 2; twice++) {
                double[] v = HweMemo.pAndMidP(homRef, het, homAlt);
                assertThat(v[0]).isEqualTo(HweExact.p(homRef, het, homAlt));
                assertThat(v[1]).isEqualTo(HweExact.midP(homRef, het, homAlt));
            }
        }
        long big = 1L << 22;
        assertThat(HweMemo.pAndMidP(big, 10, 0)[0]).isEqualTo(HweExact.p(big, 10, 0));
    }
}
