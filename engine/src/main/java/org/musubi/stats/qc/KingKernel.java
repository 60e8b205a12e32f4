package org.musubi.stats.qc;

/**
 * KING-robust pair counts (plink2 {@code --make-king-table}, SPECS §7.3) by bit planes and popcounts, for one tile
 * of the sample-pair triangle: rows × columns samples (or the upper triangle of one sample set) over any number of
 * variant blocks.
 *
 * <p><b>Planes.</b> {@link #planes} turns a block of B variants × s samples into, per sample and per 64 variants
 * (W = ⌈B/64⌉ words), four words: hom-REF, het, hom-ALT and hom (hom-REF or hom-ALT); a missing call sets none, so
 * every count is over the variants called in both samples. Layout {@code planes[(sample·W + w)·4 + k]}.
 *
 * <p><b>Counts.</b> Per pair (a, b): IBS0 = |hom-REF_a ∧ hom-ALT_b| + |hom-ALT_a ∧ hom-REF_b|, HETHET = |het_a ∧
 * het_b|, HET1_HOM2 = |het_a ∧ hom_b|, HET2_HOM1 = |hom_a ∧ het_b|, HOMHOM = |hom_a ∧ hom_b|; NSNP is their sum
 * without IBS0. Stored as five ints per pair in {@link #counts()}, pair (r, c) at {@code (r·cols + c)·5}.
 *
 * <p>{@link #add(Block, int, int)} takes two popcounts per word instead of five: the other three counts come from
 * per-sample het counts and the (few) missing calls, as plink2 corrects by per-sample totals.
 *
 * <p>Memory: 20 bytes per pair of the tile plus the planes (32 bytes per sample per 64 variants) and, per {@link
 * Block}, 12 bytes per sample and 4 per missing call: independent of the cohort's size. Not thread-safe.
 */
public final class KingKernel {
    public static final int IBS0 = 0;
    public static final int HETHET = 1;
    public static final int HET1_HOM2 = 2;
    public static final int HET2_HOM1 = 3;
    public static final int HOMHOM = 4;
    public static final int FIELDS = 5;

    private final int rows;
    private final int cols;
    private final boolean triangle;
    private final int[] counts;

    /**
     * A tile of {@code rows × cols} pairs; {@code triangle}: rows and columns are the same samples and only pairs
     * r &lt; c are counted.
     */
    public KingKernel(int rows, int cols, boolean triangle) {
        if (triangle && rows != cols) {
            throw new IllegalArgumentException("a triangle tile is square: " + rows + " x " + cols);
        }
        long cells = (long) rows * cols * FIELDS;
        if (cells > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a tile of " + rows + " x " + cols + " samples is too large");
        }
        this.rows = rows;
        this.cols = cols;
        this.triangle = triangle;
        this.counts = new int[(int) cells];
    }

    /** Words per sample for {@code variants} variants. */
    public static int words(int variants) {
        return (variants + 63) >>> 6;
    }

    /**
     * Fills {@code planes} (length ≥ samples·W·4, W = {@link #words}(variants)) from a block of codes, variant j of
     * sample i at {@code codes[j·samples + i]}; variants with {@code use[j]} false (null: all used) are left out.
     */
    public static void planes(byte[] codes, int samples, int variants, boolean[] use, long[] planes) {
        int w = words(variants);
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
     * Adds one block's pair counts from its planes alone (five popcounts per word): the tile's rows are samples
     * {@code rowStart..rowStart+rows-1} of the planes, its columns {@code colStart..colStart+cols-1}.
     */
    public void add(long[] planes, int w, int rowStart, int colStart) {
        int stride = w * 4;
        for (int r = 0; r < rows; r++) {
            int ra = (rowStart + r) * stride;
            for (int c = triangle ? r + 1 : 0; c < cols; c++) {
                full(planes, ra, (colStart + c) * stride, stride, (r * cols + c) * FIELDS);
            }
        }
    }

    /**
     * Adds one block's pair counts (the same counts as {@link #add(long[], int, int, int)}) with two popcounts per
     * word: IBS0 and HETHET from the planes; HET1_HOM2 = |het_a| − |het_a ∧ missing_b| − HETHET, HET2_HOM1 likewise,
     * NSNP = used − |missing_a| − |missing_b| + |missing_a ∧ missing_b| and HOMHOM = NSNP − the other three, from the
     * block's per-sample het counts and missing-call lists (the missing terms by looking up each missing call of one
     * sample in the other's planes). A pair with more than 2·W missing calls between them takes the five-popcount
     * path.
     */
    public void add(Block block, int rowStart, int colStart) {
        long[] p = block.planes;
        int stride = block.words * 4;
        int limit = 2 * block.words;
        int[] ms = block.missStart;
        int[] mi = block.missIdx;
        for (int r = 0; r < rows; r++) {
            int a = rowStart + r;
            int ra = a * stride;
            int missA = ms[a + 1] - ms[a];
            int hetA = block.het[a];
            for (int c = triangle ? r + 1 : 0; c < cols; c++) {
                int b = colStart + c;
                int cb = b * stride;
                int o = (r * cols + c) * FIELDS;
                int missB = ms[b + 1] - ms[b];
                if (missA + missB > limit) {
                    full(p, ra, cb, stride, o);
                    continue;
                }
                int ibs0 = 0;
                int hethet = 0;
                for (int k = 0; k < stride; k += 4) {
                    long a0 = p[ra + k];
                    long a1 = p[ra + k + 1];
                    long a2 = p[ra + k + 2];
                    long b0 = p[cb + k];
                    long b1 = p[cb + k + 1];
                    long b2 = p[cb + k + 2];
                    ibs0 += Long.bitCount((a0 & b2) | (a2 & b0));
                    hethet += Long.bitCount(a1 & b1);
                }
                int hetAMissB = 0;
                int missBoth = 0;
                for (int x = ms[b]; x < ms[b + 1]; x++) {
                    int j = mi[x];
                    int at = ra + (j >>> 6) * 4;
                    long bit = 1L << j;
                    hetAMissB += (p[at + 1] & bit) != 0 ? 1 : 0;
                    missBoth += ((p[at] | p[at + 1] | p[at + 2]) & bit) == 0 ? 1 : 0;
                }
                int hetBMissA = 0;
                for (int x = ms[a]; x < ms[a + 1]; x++) {
                    int j = mi[x];
                    hetBMissA += (p[cb + (j >>> 6) * 4 + 1] & (1L << j)) != 0 ? 1 : 0;
                }
                int het1hom2 = hetA - hetAMissB - hethet;
                int het2hom1 = block.het[b] - hetBMissA - hethet;
                int nsnp = block.used - missA - missB + missBoth;
                addCounts(o, ibs0, hethet, het1hom2, het2hom1, nsnp - hethet - het1hom2 - het2hom1);
            }
        }
    }

    /** One pair's five counts from the planes, added at {@code counts[o..o+5)}. */
    private void full(long[] planes, int ra, int cb, int stride, int o) {
        int ibs0 = 0;
        int hethet = 0;
        int het1hom2 = 0;
        int het2hom1 = 0;
        int homhom = 0;
        for (int k = 0; k < stride; k += 4) {
            long a0 = planes[ra + k];
            long a1 = planes[ra + k + 1];
            long a2 = planes[ra + k + 2];
            long a3 = planes[ra + k + 3];
            long b0 = planes[cb + k];
            long b1 = planes[cb + k + 1];
            long b2 = planes[cb + k + 2];
            long b3 = planes[cb + k + 3];
            ibs0 += Long.bitCount((a0 & b2) | (a2 & b0));
            hethet += Long.bitCount(a1 & b1);
            het1hom2 += Long.bitCount(a1 & b3);
            het2hom1 += Long.bitCount(a3 & b1);
            homhom += Long.bitCount(a3 & b3);
        }
        addCounts(o, ibs0, hethet, het1hom2, het2hom1, homhom);
    }

    private void addCounts(int o, int ibs0, int hethet, int het1hom2, int het2hom1, int homhom) {
        counts[o + IBS0] += ibs0;
        counts[o + HETHET] += hethet;
        counts[o + HET1_HOM2] += het1hom2;
        counts[o + HET2_HOM1] += het2hom1;
        counts[o + HOMHOM] += homhom;
    }

    /**
     * One block of up to {@code maxVariants} variants of {@code samples} samples made ready for {@link
     * #add(Block, int, int)}: the bit planes of {@link #planes}, and per sample its het calls and its missing calls
     * (their positions in the block) among the used variants. Reused block after block; not thread-safe.
     */
    public static final class Block {
        private final long[] planes;
        private final int[] het;
        private final int[] missStart;
        private int[] missIdx = new int[64];
        private int[] cursor;
        private int words;
        private int used;

        public Block(int samples, int maxVariants) {
            this.planes = new long[samples * KingKernel.words(maxVariants) * 4];
            this.het = new int[samples];
            this.missStart = new int[samples + 1];
            this.cursor = new int[samples];
        }

        /** Fills the block from codes as {@link #planes} takes them. */
        public void fill(byte[] codes, int samples, int variants, boolean[] use) {
            planes(codes, samples, variants, use, planes);
            words = KingKernel.words(variants);
            used = 0;
            java.util.Arrays.fill(het, 0, samples, 0);
            java.util.Arrays.fill(missStart, 0, samples + 1, 0);
            for (int j = 0; j < variants; j++) {
                if (use != null && !use[j]) {
                    continue;
                }
                used++;
                int base = j * samples;
                for (int i = 0; i < samples; i++) {
                    int c = codes[base + i];
                    if (c == 1) {
                        het[i]++;
                    } else if (c == 3) {
                        missStart[i + 1]++;
                    }
                }
            }
            for (int i = 0; i < samples; i++) {
                missStart[i + 1] += missStart[i];
            }
            int total = missStart[samples];
            if (total == 0) {
                return;
            }
            if (missIdx.length < total) {
                missIdx = new int[Math.max(total, 2 * missIdx.length)];
            }
            System.arraycopy(missStart, 0, cursor, 0, samples);
            for (int j = 0; j < variants; j++) {
                if (use != null && !use[j]) {
                    continue;
                }
                int base = j * samples;
                for (int i = 0; i < samples; i++) {
                    if (codes[base + i] == 3) {
                        missIdx[cursor[i]++] = j;
                    }
                }
            }
        }

        /** Words per sample of the last block filled. */
        public int words() {
            return words;
        }
    }

    /** The tile's counts, pair (r, c) at {@code (r·cols + c)·5}. */
    public int[] counts() {
        return counts;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public boolean triangle() {
        return triangle;
    }

    /**
     * KING-robust kinship (Manichaikul et al. 2010, between-family estimator) as plink2 computes it: 0.5 − (4·IBS0 +
     * HET1_HOM2 + HET2_HOM1) / (4·(HETHET + min(HET1_HOM2, HET2_HOM1))), integer sums then one division (−∞ or NaN
     * when the denominator is 0, as plink2).
     */
    public static double kinship(long ibs0, long hethet, long het1hom2, long het2hom1) {
        long smaller = hethet + Math.min(het1hom2, het2hom1);
        return 0.5 - (double) (4 * ibs0 + het1hom2 + het2hom1) / (double) (4 * smaller);
    }

    /** NSNP: variants called in both samples. */
    public static long nsnp(long hethet, long het1hom2, long het2hom1, long homhom) {
        return hethet + het1hom2 + het2hom1 + homhom;
    }
}
