package org.musubi.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class Crc32cRangesTest {
    private static long crc(byte[] b, int from, int to) {
        CRC32C c = new CRC32C();
        c.update(b, from, to - from);
        return c.getValue();
    }

    /** Every range between write boundaries has the CRC32C of its bytes computed directly (java.util.zip). */
    @Test
    void rangesBetweenWriteBoundariesEqualTheirDirectCrc() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 20; trial++) {
            byte[] data = new byte[rnd.nextInt(200_000) + 1];
            rnd.nextBytes(data);
            Crc32cRanges r = new Crc32cRanges();
            java.util.List<Integer> bounds = new java.util.ArrayList<>();
            bounds.add(0);
            int p = 0;
            while (p < data.length) {
                int len = Math.min(data.length - p, rnd.nextInt(3) == 0 ? 1 : rnd.nextInt(5000) + 1);
                if (len == 1 && rnd.nextBoolean()) {
                    r.update(data[p]);
                } else {
                    r.update(data, p, len);
                }
                p += len;
                bounds.add(p);
            }
            assertThat(r.position()).isEqualTo(data.length);
            assertThat(r.whole()).isEqualTo(crc(data, 0, data.length));
            for (int k = 0; k < 50; k++) {
                int a = bounds.get(rnd.nextInt(bounds.size()));
                int b = bounds.get(rnd.nextInt(bounds.size()));
                int lo = Math.min(a, b);
                int hi = Math.max(a, b);
                assertThat(r.range(lo, hi)).hasValue(crc(data, lo, hi));
            }
        }
    }

    @Test
    void aRangeInsideOneWriteIsNotKnown() {
        Crc32cRanges r = new Crc32cRanges();
        r.update(new byte[100], 0, 100);
        r.update(new byte[100], 0, 100);
        assertThat(r.range(0, 200)).isPresent();
        assertThat(r.range(100, 200)).isPresent();
        assertThat(r.range(50, 200)).isEmpty();
        assertThat(r.range(0, 150)).isEmpty();
        assertThat(r.range(200, 200)).hasValue(0);
    }

    /** Appending zero bytes to a CRC's linear part is what CRC32C of A·0ⁿ gives, undone for the inversions. */
    @Test
    void zerosOperatorAgreesWithCrcOfZeroPaddedData() {
        Random rnd = new Random(3);
        byte[] a = new byte[37];
        rnd.nextBytes(a);
        for (int n : new int[] {1, 2, 3, 7, 8, 1000, 65537}) {
            byte[] padded = java.util.Arrays.copyOf(a, a.length + n);
            // crc(A·0ⁿ) = Z_n(crc(A)) ⊕ crc(0ⁿ)
            long expected = crc(padded, 0, padded.length);
            long zerosCrc = crc(new byte[n], 0, n);
            assertThat((Crc32cRanges.zeros(crc(a, 0, a.length), n) ^ zerosCrc) & 0xffffffffL)
                    .isEqualTo(expected);
        }
    }
}
