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
}
