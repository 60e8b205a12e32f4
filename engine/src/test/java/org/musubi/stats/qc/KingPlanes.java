package org.musubi.stats.qc;

/**
 * The five-popcount reference path for {@link KingKernel}'s tests: four planes per sample and 64 variants (hom-REF,
 * het, hom-ALT, hom; a missing call sets none, layout {@code planes[(sample·W + w)·4 + k]}) and, per pair, IBS0 =
 * |hom-REF_a ∧ hom-ALT_b| + |hom-ALT_a ∧ hom-REF_b|, HETHET = |het_a ∧ het_b|, HET1_HOM2 = |het_a ∧ hom_b|, HET2_HOM1 =
 * |hom_a ∧ het_b|, HOMHOM = |hom_a ∧ hom_b| — every count straight from the planes, in {@link KingKernel#counts()}'s
 * layout.
 */
final class KingPlanes {
    private final int rows;
    private final int cols;
    private final boolean triangle;
    private final int[] counts;

    KingPlanes(int rows, int cols, boolean triangle) {
        this.rows = rows;
        this.cols = cols;
        this.triangle = triangle;
        this.counts = new int[rows * cols * KingCounts.FIELDS];
    }

    /**
     * Fills {@code planes} (length ≥ samples·W·4, W = {@link KingBlock#words}(variants)) from a block of codes, variant
     * j of sample i at {@code codes[j·samples + i]}; variants with {@code use[j]} false (null: all used) are left out.
     */
    static void planes(byte[] codes, int samples, int variants, boolean[] use, long[] planes) {
        int w = KingBlock.words(variants);
        java.util.Arrays.fill(planes, 0, samples * w * 4, 0L);
        for (int j = 0; j < variants; j++) {
            if (use != null && !use[j]) {
                continue;
            }
            long bit = 1L << (j & 63);
            int word = j >>> 6;
            int base = j * samples;
            for (int i = 0; i < samples; i++) {
                int c = codes[base + i];
                if (c == 3) {
                    continue;
                }
                int o = (i * w + word) * 4;
                planes[o + c] |= bit;
                if (c != 1) {
                    planes[o + 3] |= bit;
                }
            }
        }
    }

    /**
     * Adds one block's pair counts from its planes: the tile's rows are samples {@code rowStart..rowStart+rows-1} of
     * the planes, its columns {@code colStart..colStart+cols-1}.
     */
    void add(long[] planes, int w, int rowStart, int colStart) {
        int stride = w * 4;
        for (int r = 0; r < rows; r++) {
            int ra = (rowStart + r) * stride;
            for (int c = triangle ? r + 1 : 0; c < cols; c++) {
                int cb = (colStart + c) * stride;
                int o = (r * cols + c) * KingCounts.FIELDS;
                for (int k = 0; k < stride; k += 4) {
                    long a0 = planes[ra + k];
                    long a1 = planes[ra + k + 1];
                    long a2 = planes[ra + k + 2];
                    long a3 = planes[ra + k + 3];
                    long b0 = planes[cb + k];
                    long b1 = planes[cb + k + 1];
                    long b2 = planes[cb + k + 2];
                    long b3 = planes[cb + k + 3];
                    counts[o + KingCounts.IBS0] += Long.bitCount((a0 & b2) | (a2 & b0));
                    counts[o + KingCounts.HETHET] += Long.bitCount(a1 & b1);
                    counts[o + KingCounts.HET1_HOM2] += Long.bitCount(a1 & b3);
                    counts[o + KingCounts.HET2_HOM1] += Long.bitCount(a3 & b1);
                    counts[o + KingCounts.HOMHOM] += Long.bitCount(a3 & b3);
                }
            }
        }
    }

    int[] counts() {
        return counts;
    }
}
