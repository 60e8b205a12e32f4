package org.musubi.stats.qc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A block's two planes, het counts and missing-call positions, counted by hand. */
class KingBlockTest {
    @Test
    void planesHetAndMissingCallsOfTwoSamplesOverTwoWords() {
        // 70 variants (two words, the second with 6), 2 samples; variant 3 left out
        int variants = 70;
        byte[] codes = new byte[2 * variants];
        boolean[] use = new boolean[variants];
        java.util.Arrays.fill(use, true);
        use[3] = false;
        // sample 0: hom-REF everywhere but het at 1, hom-ALT at 2, missing at 3 (left out) and 65
        codes[1 * 2] = 1;
        codes[2 * 2] = 2;
        codes[3 * 2] = 3;
        codes[65 * 2] = 3;
        // sample 1: hom-ALT everywhere but missing at 0 and 69, het at 64
        for (int j = 0; j < variants; j++) {
            codes[j * 2 + 1] = 2;
        }
        codes[1] = 3;
        codes[69 * 2 + 1] = 3;
        codes[64 * 2 + 1] = 1;
        KingBlock block = new KingBlock(2, 128);
        block.fill(codes, 2, variants, use);

        assertThat(block.words()).isEqualTo(2);
        assertThat(block.used).isEqualTo(69);
        long word0 = ~(1L << 3); // variant 3 left out
        long word1 = (1L << 6) - 1;
        // sample 0, word 0: hom = all but 1 (het); ref-or-het = all but 2 (hom-ALT)
        assertThat(block.planes[0]).isEqualTo(word0 & ~(1L << 1));
        assertThat(block.planes[1]).isEqualTo(word0 & ~(1L << 2));
        // sample 0, word 1: variant 65 missing sets neither
        assertThat(block.planes[2]).isEqualTo(word1 & ~(1L << 1));
        assertThat(block.planes[3]).isEqualTo(word1 & ~(1L << 1));
        // sample 1, word 0: hom-ALT: hom set, ref-or-het clear; variant 0 missing
        assertThat(block.planes[4]).isEqualTo(word0 & ~1L);
        assertThat(block.planes[5]).isZero();
        // sample 1, word 1: het at 64 (ref-or-het only), missing at 69
        assertThat(block.planes[6]).isEqualTo(word1 & ~1L & ~(1L << 5));
        assertThat(block.planes[7]).isEqualTo(1L);
        assertThat(block.het[0]).isEqualTo(1);
        assertThat(block.het[1]).isEqualTo(1);
        assertThat(block.missing(0)).isEqualTo(1);
        assertThat(block.missing(1)).isEqualTo(2);
        assertThat(java.util.Arrays.copyOf(block.missIdx, 3)).containsExactly(65, 0, 69);
    }

    @Test
    void wordsRoundUp() {
        assertThat(KingBlock.words(1)).isEqualTo(1);
        assertThat(KingBlock.words(64)).isEqualTo(1);
        assertThat(KingBlock.words(65)).isEqualTo(2);
    }
}
