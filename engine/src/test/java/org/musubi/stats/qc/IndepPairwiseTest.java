package org.musubi.stats.qc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

/**
 * {@link IndepPairwise} on hand-made variants: the lower-MAF variant of a pair in LD goes, the later one on a tie;
 * monomorphic variants go on loading, except alone in a kb part; r² counts only samples called at both. The plink2
 * oracles are in {@code qc.PruneSparkTest}.
 */
class IndepPairwiseTest {
    private static BitSet run(IndepPairwise k, int[] pos, byte[][] calls) {
        for (int v = 0; v < pos.length; v++) {
            k.add(pos[v], calls[v], 0);
        }
        k.finish();
        return k.removed();
    }

    private static byte[] codes(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (s.charAt(i) == '.' ? 3 : s.charAt(i) - '0');
        }
        return b;
    }

    @Test
    void lowerMafVariantOfAPairInLdGoesTheLaterOnATie() {
        byte[] common = codes("00111122");
        byte[] rarer = codes("00001111");
        // r² 0.5, MAF 0.25 then 0.5: the rarer goes although it is the first of the pair
        assertThat(run(new IndepPairwise(8, 10, false, 1, 0.2), new int[] {1, 2}, new byte[][] {rarer, common}))
                .isEqualTo(BitSet.valueOf(new long[] {0b01}));
        // identical variants: the later goes
        assertThat(run(new IndepPairwise(8, 10, false, 1, 0.2), new int[] {1, 2}, new byte[][] {common, common}))
                .isEqualTo(BitSet.valueOf(new long[] {0b10}));
        // out of the window (2 variants, 1 bp with kb): nothing compared
        byte[] other = codes("01201201");
        assertThat(run(new IndepPairwise(8, 2, false, 1, 0.2), new int[] {1, 2, 3}, new byte[][] {common, other, common
                }))
                .isEqualTo(new BitSet());
    }

    @Test
    void monomorphicVariantsGoUnlessAloneInAKbPart() {
        byte[] mono = codes("000.0000");
        byte[] het = codes("11111111");
        byte[] poly = codes("01201201");
        assertThat(run(new IndepPairwise(8, 100, true, 1, 0.9), new int[] {10, 20, 30}, new byte[][] {mono, het, poly}))
                .isEqualTo(BitSet.valueOf(new long[] {0b011}));
        // 1,000 bp apart with a 100 bp window: three parts of one variant, none examined
        assertThat(run(new IndepPairwise(8, 100, true, 1, 0.9), new int[] {10, 1010, 2010}, new byte[][] {
                    mono, het, poly
                }))
                .isEqualTo(new BitSet());
    }

    @Test
    void rSquaredOverSamplesCalledAtBoth() {
        // equal where both are called; the disagreeing samples are missing in one of them
        byte[] a = codes("0011220022");
        byte[] b = codes("00112200..");
        assertThat(run(new IndepPairwise(10, 5, false, 1, 0.99), new int[] {1, 2}, new byte[][] {a, b})
                        .cardinality())
                .isEqualTo(1);
    }

    @Test
    void refusesBadWindowsAndTooFewFounders() {
        assertThatThrownBy(() -> new IndepPairwise(1, 10, false, 1, 0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IndepPairwise(10, 10, false, 11, 0.1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IndepPairwise(10, 1000, true, 2, 0.1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(IndepPairwise.kbWindow(1000)).isEqualTo(1_000_000);
        assertThat(IndepPairwise.kbWindow(0.05)).isEqualTo(50);
    }

    /**
     * A packed sweep over every sample's packed calls, counting a subset ({@link IndepPairwise#packed}), removes what
     * the sweep over the subset's codes removes: windows in variants and in kb, sample counts around the 32- and
     * 64-sample words, subsets of every density (all, most, a few), LD made by copying a neighbour with noise,
     * missing calls, monomorphic and SPARSE-looking rows.
     */
    @Test
    void packedRowsPruneAsTheSubsetsCodes() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(23);
        for (int n : new int[] {2, 31, 32, 33, 63, 64, 65, 127, 200}) {
            for (double share : new double[] {1, 0.8, 0.3}) {
                long[] counted = new long[(n + 63) >>> 6];
                int m = 0;
                for (int i = 0; i < n; i++) {
                    if (r.nextDouble() < share || i < 2) {
                        counted[i >>> 6] |= 1L << (i & 63);
                        m++;
                    }
                }
                int[] subset = new int[m];
                for (int i = 0, k = 0; i < n; i++) {
                    if ((counted[i >>> 6] >>> (i & 63) & 1) != 0) {
                        subset[k++] = i;
                    }
                }
                for (boolean kb : new boolean[] {false, true}) {
                    IndepPairwise codes = new IndepPairwise(m, kb ? 500 : 8, kb, kb ? 1 : 2, 0.2);
                    IndepPairwise packed = IndepPairwise.packed(n, counted, kb ? 500 : 8, kb, kb ? 1 : 2, 0.2);
                    byte[] prev = new byte[n];
                    long[] words = new long[(n + 31) >>> 5];
                    byte[] sub = new byte[m];
                    int pos = 0;
                    for (int v = 0; v < 120; v++) {
                        byte[] row = new byte[n];
                        double f = r.nextDouble() * 0.5;
                        boolean copy = v > 0 && r.nextBoolean();
                        boolean mono = r.nextInt(10) == 0;
                        for (int i = 0; i < n; i++) {
                            if (mono) {
                                row[i] = 0;
                            } else if (copy && r.nextDouble() < 0.9) {
                                row[i] = prev[i];
                            } else {
                                row[i] = (byte) ((r.nextDouble() < f ? 1 : 0) + (r.nextDouble() < f ? 1 : 0));
                            }
                            if (r.nextDouble() < 0.05) {
                                row[i] = 3;
                            }
                        }
                        prev = row;
                        java.util.Arrays.fill(words, 0);
                        for (int i = 0; i < n; i++) {
                            words[i >>> 5] |= (long) row[i] << ((i & 31) << 1);
                        }
                        for (int k = 0; k < m; k++) {
                            sub[k] = row[subset[k]];
                        }
                        pos += r.nextInt(kb ? 400 : 10);
                        codes.add(pos, sub, 0);
                        packed.addPacked(pos, words);
                    }
                    codes.finish();
                    packed.finish();
                    assertThat(packed.removed())
                            .as("n %d, share %s, kb %s", n, share, kb)
                            .isEqualTo(codes.removed());
                }
            }
        }
        assertThatThrownBy(() -> IndepPairwise.packed(10, new long[] {1L}, 10, false, 1, 0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 founders");
        assertThatThrownBy(() -> IndepPairwise.packed(10, new long[] {3L}, 10, false, 1, 0.1)
                        .add(1, new byte[10], 0))
                .isInstanceOf(IllegalStateException.class);
    }

    /**
     * The pair test from each variant's own sums corrected over the other's missing words ({@link
     * IndepPairwise#inLdCorrected}, plink2's trick) gives the full sweep's answer ({@link IndepPairwise#inLdFull})
     * for every pair at every threshold the pair sits near: missing calls none, rare (a few words), common and in
     * every word, sample counts around the word sizes, packed sweeps over subsets and sweeps over codes.
     */
    @Test
    void correctedSumsGiveTheFullSweepsAnswer() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(41);
        int pairs = 0;
        int inLd = 0;
        for (int n : new int[] {2, 63, 64, 65, 130, 1000}) {
            for (double missing : new double[] {0, 0.002, 0.05, 0.6}) {
                for (boolean packedRows : new boolean[] {false, true}) {
                    long[] counted = new long[(n + 63) >>> 6];
                    for (int i = 0; i < n; i++) {
                        if (!packedRows || i < 2 || r.nextDouble() < 0.7) {
                            counted[i >>> 6] |= 1L << (i & 63);
                        }
                    }
                    int m = 0;
                    for (long c : counted) {
                        m += Long.bitCount(c);
                    }
                    for (double r2 : new double[] {0.01, 0.1, 0.5, 0.9}) {
                        // a window larger than the variants pushed: every variant stays loaded, in slots 0..v-1
                        IndepPairwise k = packedRows
                                ? IndepPairwise.packed(n, counted, 1000, false, 1, r2)
                                : new IndepPairwise(n, 1000, false, 1, r2);
                        byte[] prev = new byte[n];
                        int variants = 14;
                        for (int v = 0; v < variants; v++) {
                            byte[] row = new byte[n];
                            double f = 0.05 + r.nextDouble() * 0.45;
                            boolean copy = v > 0 && r.nextBoolean();
                            for (int i = 0; i < n; i++) {
                                row[i] = copy && r.nextDouble() < 0.8
                                        ? prev[i]
                                        : (byte) ((r.nextDouble() < f ? 1 : 0) + (r.nextDouble() < f ? 1 : 0));
                                if (r.nextDouble() < missing) {
                                    row[i] = 3;
                                }
                            }
                            prev = row;
                            if (packedRows) {
                                long[] words = new long[(n + 31) >>> 5];
                                for (int i = 0; i < n; i++) {
                                    words[i >>> 5] |= (long) row[i] << ((i & 31) << 1);
                                }
                                k.addPacked(v + 1, words);
                            } else {
                                k.add(v + 1, row, 0);
                            }
                        }
                        for (int a = 0; a < variants; a++) {
                            for (int b = a + 1; b < variants; b++) {
                                boolean full = k.inLdFull(a, b);
                                assertThat(k.inLdCorrected(a, b))
                                        .as("n %d (%d counted), missing %s, r2 %s, pair %d %d", n, m, missing, r2, a, b)
                                        .isEqualTo(full);
                                assertThat(k.inLdCorrected(b, a)).isEqualTo(k.inLdFull(b, a));
                                assertThat(k.inLd(a, b)).isEqualTo(full);
                                pairs++;
                                inLd += full ? 1 : 0;
                            }
                        }
                    }
                }
            }
        }
        // both answers occur often enough for the comparison to mean something
        assertThat(inLd).isBetween(pairs / 10, pairs - pairs / 10);
    }

    /**
     * Pins the removed sets of windows with many passes (LD blocks of copies, 2% missing calls; windows in variants
     * and in kb, steps 1 and 5, r² 0.1 and 0.5): the values plink2's walk over the kept entries gave before the
     * entry after a variant's last checked one was found by binary search (session 13).
     */
    @Test
    void removedSetsOfLdBlocksAreThoseOfTheWalk() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(97);
        int n = 150;
        int variants = 400;
        int[] pos = new int[variants];
        byte[][] calls = new byte[variants][n];
        byte[] prev = new byte[n];
        for (int v = 0; v < variants; v++) {
            pos[v] = 1000 + v * 700 + r.nextInt(600);
            double f = 0.05 + r.nextDouble() * 0.45;
            double keep = v % 20 < 12 ? 0.9 : 0.3;
            for (int i = 0; i < n; i++) {
                calls[v][i] = r.nextDouble() < keep
                        ? prev[i]
                        : (byte) ((r.nextDouble() < f ? 1 : 0) + (r.nextDouble() < f ? 1 : 0));
                if (calls[v][i] == 3 || r.nextDouble() < 0.02) {
                    calls[v][i] = r.nextDouble() < 0.02 ? 3 : (byte) r.nextInt(3);
                }
            }
            prev = calls[v];
        }
        StringBuilder got = new StringBuilder();
        for (boolean kb : new boolean[] {false, true}) {
            for (int step : kb ? new int[] {1} : new int[] {1, 5}) {
                for (double r2 : new double[] {0.1, 0.5}) {
                    BitSet removed = run(new IndepPairwise(n, kb ? 50_000 : 50, kb, step, r2), pos, calls);
                    got.append(removed.cardinality())
                            .append(':')
                            .append(removed.hashCode())
                            .append(' ');
                }
            }
        }
        assertThat(got.toString().trim())
                .isEqualTo(
                        "285:-2105050208 192:1957302594 288:628456352 188:1472401740 285:-2105050208 192:1957302594");
    }
}
