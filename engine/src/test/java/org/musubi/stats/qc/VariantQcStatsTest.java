package org.musubi.stats.qc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A row's counts from its stored per-row counts ({@link VariantQcStats#setStored}, less the non-founders' calls:
 * {@link VariantQcStats#setStoredLess}) against counting every call ({@link SampleCounts#add} on an autosome): random
 * rows with missing calls, every share of founders from none to all, sample counts around 32 and 64.
 */
class VariantQcStatsTest {
    @Test
    void storedLessNonFoundersCountsAsTheCalls() {
        SplittableRandom r = new SplittableRandom(14);
        for (int n : new int[] {1, 2, 31, 32, 33, 63, 64, 65, 500}) {
            for (double founderShare : new double[] {0, 0.1, 0.5, 0.9, 1}) {
                for (int row = 0; row < 50; row++) {
                    same(r, n, founderShare);
                }
            }
        }
    }

    private static void same(SplittableRandom r, int n, double founderShare) {
        boolean[] founder = new boolean[n];
        byte[] sex = new byte[n];
        byte[] codes = new byte[n];
        double missing = r.nextDouble() * 0.3;
        double alt = r.nextDouble();
        int called = 0;
        int het = 0;
        int homAlt = 0;
        int m = 0;
        for (int i = 0; i < n; i++) {
            founder[i] = r.nextDouble() < founderShare;
            sex[i] = (byte) r.nextInt(3);
            codes[i] = (byte)
                    (r.nextDouble() < missing ? 3 : (r.nextDouble() < alt ? 1 : 0) + (r.nextDouble() < alt ? 1 : 0));
            called += codes[i] == 3 ? 0 : 1;
            het += codes[i] == 1 ? 1 : 0;
            homAlt += codes[i] == 2 ? 1 : 0;
            m += founder[i] ? 0 : 1;
        }
        byte[] nonFounderCodes = new byte[m + 3];
        for (int i = 0, k = 3; i < n; i++) {
            if (!founder[i]) {
                nonFounderCodes[k++] = codes[i];
            }
        }
        VariantQcStats expected = new VariantQcStats();
        SampleCounts.variantsOnly(new QcSamples(sex, founder)).add(codes, 0, Region.AUTOSOME, expected);
        VariantQcStats less = new VariantQcStats();
        less.setStoredLess(n, called, het, homAlt, nonFounderCodes, 3, m);
        assertThat(counts(less)).as("n %d, %d non-founders", n, m).isEqualTo(counts(expected));
        if (m == 0) {
            VariantQcStats stored = new VariantQcStats();
            stored.setStored(n, called, het, homAlt);
            assertThat(counts(stored)).isEqualTo(counts(expected));
        }
    }

    private static int[] counts(VariantQcStats v) {
        return new int[] {v.missing, v.obs, v.homRef, v.het, v.homAlt, v.refAlleles, v.altAlleles};
    }
}
