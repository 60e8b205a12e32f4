package org.musubi.freq.count;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.musubi.stats.HweExact;
import org.musubi.testing.Fixtures;

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
                double[] out = {-1, -1}; // the caller's array, as freq's tasks pass it
                HweMemo.pAndMidP(homRef, het, homAlt, out);
                assertThat(out).containsExactly(v);
            }
        }
        long big = 1L << 22;
        assertThat(HweMemo.pAndMidP(big, 10, 0)[0]).isEqualTo(HweExact.p(big, 10, 0));
        double[] out = new double[2];
        HweMemo.pAndMidP(big, 10, 0, out);
        assertThat(out[1]).isEqualTo(HweExact.midP(big, 10, 0));
    }

    /** The one-pass walk gives the bits the two walks of the engine before it gave (data/freq/hwe-bits.csv). */
    @Test
    void onePassGivesTheBitsOfTwoWalks() throws IOException {
        List<String> lines = Files.readAllLines(Fixtures.resource("data/freq/hwe-bits.csv"));
        assertThat(lines).hasSize(300);
        for (String l : lines) {
            String[] f = l.split(",");
            long homRef = Long.parseLong(f[0]);
            long het = Long.parseLong(f[1]);
            long homAlt = Long.parseLong(f[2]);
            long p = Long.parseUnsignedLong(f[3], 16);
            long midP = Long.parseUnsignedLong(f[4], 16);
            double[] v = HweMemo.pAndMidP(homRef, het, homAlt);
            assertThat(Double.doubleToRawLongBits(v[0])).as(l).isEqualTo(p);
            assertThat(Double.doubleToRawLongBits(v[1])).as(l).isEqualTo(midP);
            assertThat(Double.doubleToRawLongBits(HweExact.p(homRef, het, homAlt)))
                    .as(l)
                    .isEqualTo(p);
            assertThat(Double.doubleToRawLongBits(HweExact.midP(homRef, het, homAlt)))
                    .as(l)
                    .isEqualTo(midP);
        }
    }
}
