package org.musubi.format.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Popcounts over the bit planes with sample masks give the per-mask code histogram a per-sample count gives. */
class MaskedCodeCountsTest {
    @Test
    void masksCountLikeAPerSampleLoop() {
        Random rnd = new Random(7);
        for (int n : new int[] {1, 3, 4, 31, 32, 33, 63, 64, 65, 100, 127, 129, 1000}) {
            for (int rep = 0; rep < 20; rep++) {
                int masks = 1 + rnd.nextInt(6);
                boolean[][] in = new boolean[masks][n];
                for (boolean[] row : in) {
                    double p = rnd.nextDouble();
                    for (int i = 0; i < n; i++) {
                        row[i] = rnd.nextDouble() < p;
                    }
                }
                byte[] gt = new byte[n];
                double[] f = {rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble()};
                for (int i = 0; i < n; i++) {
                    double u = rnd.nextDouble() * 3;
                    gt[i] = (byte) (u < f[0] ? 0 : u < f[0] + f[1] ? 1 : u < f[0] + f[1] + f[2] ? 2 : 3);
                }
                byte[] dense = denseEncoding(gt, n);
                MaskedCodeCounts mc = new MaskedCodeCounts(in, n);
                long[] got = new long[4 * masks];
                mc.count(new CallsView(dense), got);
                long[] want = new long[4 * masks];
                for (int j = 0; j < masks; j++) {
                    for (int i = 0; i < n; i++) {
                        if (in[j][i]) {
                            want[4 * j + gt[i]]++;
                        }
                    }
                    long size = want[4 * j] + want[4 * j + 1] + want[4 * j + 2] + want[4 * j + 3];
                    assertThat(mc.size(j)).isEqualTo(size);
                }
                assertThat(got).as("n=%d", n).containsExactly(want);
            }
        }
    }

    @Test
    void refusesSparseVectorsAndOtherSampleCounts() {
        MaskedCodeCounts mc = new MaskedCodeCounts(new boolean[][] {new boolean[10]}, 10);
        byte[] sparse = TwoBitVector.encode(new byte[10], 10);
        assertThat(new CallsView(sparse).isSparse()).isTrue();
        assertThatThrownBy(() -> mc.count(new CallsView(sparse), new long[4])).hasMessageContaining("SPARSE");
        assertThatThrownBy(() -> mc.count(new CallsView(denseEncoding(new byte[11], 11)), new long[4]))
                .hasMessageContaining("N=11");
    }

    /** The DENSE encoding whatever the values (the encoder would pick SPARSE for most). */
    static byte[] denseEncoding(byte[] gt, int n) {
        byte[] body = new byte[TwoBitPacking.packedSize(n)];
        TwoBitPacking.pack(gt, n, body, 0);
        byte[] len = new byte[5];
        int k = 0;
        int v = n;
        do {
            len[k] = (byte) (v & 0x7F);
            v >>>= 7;
            if (v != 0) {
                len[k] |= (byte) 0x80;
            }
            k++;
        } while (v != 0);
        byte[] out = new byte[1 + k + body.length];
        System.arraycopy(len, 0, out, 1, k);
        System.arraycopy(body, 0, out, 1 + k, body.length);
        return out;
    }
}
