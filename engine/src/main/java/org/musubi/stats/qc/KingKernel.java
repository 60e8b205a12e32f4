package org.musubi.stats.qc;

/**
 * KING-robust pair counts (plink2 {@code --make-king-table}, SPECS §7.3) by bit planes and popcounts, for one tile
 * of the sample-pair triangle: rows × columns samples (or the upper triangle of one sample set) over any number of
 * variant blocks ({@link KingBlock}). The five counts per pair and the kinship from them: {@link KingCounts}; pair (r,
 * c) at {@code (r·cols + c)·5} of {@link #counts()}.
 *
 * <p>{@link #add(KingBlock, int, int)} takes two popcounts per word over two planes per sample (plink2's hom and
 * ref-or-het words: four loads per pair and word): IBS0 and HETHET. The other three counts come from per-sample het
 * and missing totals, summed over the blocks and applied once when {@link #counts()} is read, and the (few) missing
 * calls, as plink2 corrects by per-sample totals: looked up per pair at once, or kept for the pairs whose kinship may
 * reach a threshold ({@link #deferMissing}, {@link KingDeferred}).
 *
 * <p>Memory: 20 bytes per pair of the tile plus 16 bytes per sample of the tile (and the deferred blocks within their
 * budget): independent of the cohort's size. Not thread-safe.
 */
public final class KingKernel {
    /** Columns of a tile swept together by {@link #add(KingBlock, int, int)}. */
    static final int COLUMN_CHUNK = 128;

    private final int rows;
    private final int cols;
    private final boolean triangle;
    /**
     * Five ints per pair. Raw form (while adding): IBS0, HETHET, then the terms that {@link #toFinal()} combines
     * with the per-sample totals: HET1_HOM2 = rowHet − [2] − HETHET, HET2_HOM1 = colHet − [3] − HETHET, NSNP = used −
     * rowMiss − colMiss + [4]. Final form: the five counts.
     */
    private final int[] counts;

    private final int[] rowHet;
    private final int[] rowMiss;
    private final int[] colHet;
    private final int[] colMiss;
    private int used;
    private boolean finalForm;

    /** Deferred missing-call terms ({@link #deferMissing}); null: each block's are taken at once. */
    private KingDeferred deferred;
    /** Whether some pair's counts were left inexact below a threshold ({@link #counts(double)}). */
    private boolean inexact;

    /**
     * A tile of {@code rows × cols} pairs; {@code triangle}: rows and columns are the same samples and only pairs
     * r &lt; c are counted.
     */
    public KingKernel(int rows, int cols, boolean triangle) {
        if (triangle && rows != cols) {
            throw new IllegalArgumentException("a triangle tile is square: " + rows + " x " + cols);
        }
        long cells = (long) rows * cols * KingCounts.FIELDS;
        if (cells > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a tile of " + rows + " x " + cols + " samples is too large");
        }
        this.rows = rows;
        this.cols = cols;
        this.triangle = triangle;
        this.counts = new int[(int) cells];
        this.rowHet = new int[rows];
        this.rowMiss = new int[rows];
        this.colHet = new int[cols];
        this.colMiss = new int[cols];
    }

    /**
     * Defers the missing-call terms of the blocks {@link #add(KingBlock, int, int)} adds from now on, while their kept
     * het planes and missing-call positions take at most {@code budgetBytes} in all (later blocks take their terms at
     * once): {@link #counts(double)} then applies them only to the pairs whose kinship may reach its threshold —
     * bounded from the two popcounts' counts and each sample's deferred missing calls — and the rest need no lookups.
     * At plink2's 0.2% missing calls the lookups are a third of the block path's work.
     */
    public void deferMissing(long budgetBytes) {
        if (deferred == null) {
            deferred = new KingDeferred(rows, cols);
        }
        deferred.budget(budgetBytes);
    }

    /**
     * Adds one block's pair counts, the tile's rows being samples {@code rowStart..rowStart+rows-1} of the block and
     * its columns {@code colStart..colStart+cols-1}, with two popcounts per word over the block's two planes (hom,
     * ref-or-het): IBS0 and HETHET; HET1_HOM2 = |het_a| − |het_a ∧ missing_b|
     * − HETHET, HET2_HOM1 likewise, NSNP = used − |missing_a| − |missing_b| + |missing_a ∧ missing_b| and HOMHOM = NSNP
     * − the other three, the per-sample terms summed over the blocks and applied once in {@link #counts()}, the
     * missing terms by looking up each missing call of one sample in the other's planes. A pair with more than 2·W
     * missing calls between them takes a five-popcount path. The columns are swept in chunks of {@value #COLUMN_CHUNK}
     * samples so that their planes stay in the core's cache while every row passes over them.
     */
    public void add(KingBlock block, int rowStart, int colStart) {
        toRaw();
        long[] p = block.planes;
        int stride = block.words * 2;
        int limit = 2 * block.words;
        int[] ms = block.missStart;
        used += block.used;
        boolean eager = deferred == null || !deferred.keep(block, rowStart, colStart);
        for (int r = 0; r < rows; r++) {
            rowHet[r] += block.het[rowStart + r];
            rowMiss[r] += ms[rowStart + r + 1] - ms[rowStart + r];
        }
        for (int c = 0; c < cols; c++) {
            colHet[c] += block.het[colStart + c];
            colMiss[c] += ms[colStart + c + 1] - ms[colStart + c];
        }
        int[] k5 = counts;
        for (int c0 = 0; c0 < cols; c0 += COLUMN_CHUNK) {
            int c1 = Math.min(cols, c0 + COLUMN_CHUNK);
            int r = 0;
            // two rows at a time: each column's words loaded once for both pairs
            for (; r + 1 < rows; r += 2) {
                int from = triangle ? Math.max(c0, r + 1) : c0;
                int from2 = triangle ? Math.max(c0, r + 2) : c0;
                int a = rowStart + r;
                int ra = a * stride;
                int ra2 = ra + stride;
                int missA = ms[a + 1] - ms[a];
                int missA2 = ms[a + 2] - ms[a + 1];
                for (int c = from; c < c1; c++) {
                    int b = colStart + c;
                    int cb = b * stride;
                    int o = (r * cols + c) * KingCounts.FIELDS;
                    int o2 = o + cols * KingCounts.FIELDS;
                    int missB = ms[b + 1] - ms[b];
                    if (c < from2 || missA + missB > limit || missA2 + missB > limit) {
                        pair(block, a, b, o, missA, missB, limit, eager);
                        if (c >= from2) {
                            pair(block, a + 1, b, o2, missA2, missB, limit, eager);
                        }
                        continue;
                    }
                    int ibs0 = 0;
                    int hethet = 0;
                    int ibs02 = 0;
                    int hethet2 = 0;
                    for (int k = 0; k < stride; k += 2) {
                        long hb = p[cb + k];
                        long xb = p[cb + k + 1];
                        long ha = p[ra + k];
                        long xa = p[ra + k + 1];
                        long ha2 = p[ra2 + k];
                        long xa2 = p[ra2 + k + 1];
                        ibs0 += Long.bitCount(ha & hb & (xa ^ xb));
                        hethet += Long.bitCount(xa & xb & ~(ha | hb));
                        ibs02 += Long.bitCount(ha2 & hb & (xa2 ^ xb));
                        hethet2 += Long.bitCount(xa2 & xb & ~(ha2 | hb));
                    }
                    k5[o] += ibs0;
                    k5[o + 1] += hethet;
                    k5[o2] += ibs02;
                    k5[o2 + 1] += hethet2;
                    if (eager && missA + missB != 0) {
                        missing(block, a, b, o);
                    }
                    if (eager && missA2 + missB != 0) {
                        missing(block, a + 1, b, o2);
                    }
                }
            }
            for (; r < rows; r++) {
                int from = triangle ? Math.max(c0, r + 1) : c0;
                int a = rowStart + r;
                int missA = ms[a + 1] - ms[a];
                for (int c = from; c < c1; c++) {
                    int b = colStart + c;
                    pair(block, a, b, (r * cols + c) * KingCounts.FIELDS, missA, ms[b + 1] - ms[b], limit, eager);
                }
            }
        }
    }

    /**
     * One pair's counts of a block, added in the raw form: two popcounts per word and the missing calls' terms
     * (unless deferred), or {@link #full} when the pair has more than {@code limit} missing calls between them.
     */
    private void pair(KingBlock block, int a, int b, int o, int missA, int missB, int limit, boolean eager) {
        if (missA + missB > limit) {
            full(block, a, b, o);
            return;
        }
        long[] p = block.planes;
        int stride = block.words * 2;
        int ra = a * stride;
        int cb = b * stride;
        int ibs0 = 0;
        int hethet = 0;
        for (int k = 0; k < stride; k += 2) {
            long ha = p[ra + k];
            long xa = p[ra + k + 1];
            long hb = p[cb + k];
            long xb = p[cb + k + 1];
            ibs0 += Long.bitCount(ha & hb & (xa ^ xb));
            hethet += Long.bitCount(xa & xb & ~(ha | hb));
        }
        counts[o] += ibs0;
        counts[o + 1] += hethet;
        if (eager && missA + missB != 0) {
            missing(block, a, b, o);
        }
    }

    /** A pair's missing-call terms (HET1 with B missing, HET2 with A missing, both missing), by lookup in the planes. */
    private void missing(KingBlock block, int a, int b, int o) {
        long[] p = block.planes;
        int stride = block.words * 2;
        int ra = a * stride;
        int cb = b * stride;
        int[] ms = block.missStart;
        int[] mi = block.missIdx;
        int hetAMissB = 0;
        int missBoth = 0;
        for (int x = ms[b]; x < ms[b + 1]; x++) {
            int j = mi[x];
            int at = ra + (j >>> 6) * 2;
            long h = p[at] >>> j;
            long q = p[at + 1] >>> j;
            hetAMissB += (int) (q & ~h & 1L);
            missBoth += (int) (~(h | q) & 1L);
        }
        int hetBMissA = 0;
        for (int x = ms[a]; x < ms[a + 1]; x++) {
            int j = mi[x];
            int at = cb + (j >>> 6) * 2;
            hetBMissA += (int) ((p[at + 1] & ~p[at]) >>> j & 1L);
        }
        counts[o + 2] += hetAMissB;
        counts[o + 3] += hetBMissA;
        counts[o + 4] += missBoth;
    }

    /** One pair's five counts of a block from its two planes, added in the raw form. */
    private void full(KingBlock block, int a, int b, int o) {
        long[] p = block.planes;
        int stride = block.words * 2;
        int ra = a * stride;
        int cb = b * stride;
        int ibs0 = 0;
        int hethet = 0;
        int het1hom2 = 0;
        int het2hom1 = 0;
        int homhom = 0;
        for (int k = 0; k < stride; k += 2) {
            long ha = p[ra + k];
            long xa = p[ra + k + 1];
            long hb = p[cb + k];
            long xb = p[cb + k + 1];
            long hetA = xa & ~ha;
            long hetB = xb & ~hb;
            ibs0 += Long.bitCount(ha & hb & (xa ^ xb));
            hethet += Long.bitCount(hetA & hetB);
            het1hom2 += Long.bitCount(hetA & hb);
            het2hom1 += Long.bitCount(ha & hetB);
            homhom += Long.bitCount(ha & hb);
        }
        int missA = block.missStart[a + 1] - block.missStart[a];
        int missB = block.missStart[b + 1] - block.missStart[b];
        addRaw(o, ibs0, hethet, het1hom2, het2hom1, homhom, block.het[a], block.het[b], missA, missB, block.used);
    }

    /**
     * Adds one pair's counts of a block to the raw form: {@code hetA, hetB, missA, missB, used} are the block's terms
     * that {@link #add(KingBlock, int, int)} adds to the per-sample totals (0 where they are not added).
     */
    private void addRaw(
            int o,
            int ibs0,
            int hethet,
            int het1hom2,
            int het2hom1,
            int homhom,
            int hetA,
            int hetB,
            int missA,
            int missB,
            int blockUsed) {
        counts[o + KingCounts.IBS0] += ibs0;
        counts[o + KingCounts.HETHET] += hethet;
        counts[o + 2] += hetA - het1hom2 - hethet;
        counts[o + 3] += hetB - het2hom1 - hethet;
        counts[o + 4] += hethet + het1hom2 + het2hom1 + homhom - blockUsed + missA + missB;
    }

    /** Whether pair (r, c) is counted: every pair of a rectangle, r &lt; c in a triangle. */
    private boolean counted(int r, int c) {
        return !triangle || c > r;
    }

    /** From the final counts back to the raw form (per-sample totals zero), before adding more blocks. */
    private void toRaw() {
        if (!finalForm) {
            return;
        }
        if (inexact) {
            throw new IllegalStateException("counts below the threshold were left inexact: no more blocks");
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (counted(r, c)) {
                    int o = (r * cols + c) * KingCounts.FIELDS;
                    int hethet = counts[o + KingCounts.HETHET];
                    int h12 = counts[o + KingCounts.HET1_HOM2];
                    int h21 = counts[o + KingCounts.HET2_HOM1];
                    int nsnp = hethet + h12 + h21 + counts[o + KingCounts.HOMHOM];
                    counts[o + 2] = -(h12 + hethet);
                    counts[o + 3] = -(h21 + hethet);
                    counts[o + 4] = nsnp;
                }
            }
        }
        finalForm = false;
    }

    /**
     * Applies the deferred missing-call terms (to the pairs that may reach {@code threshold}) and the per-sample
     * totals: the raw form becomes the five counts.
     */
    private void toFinal(double threshold) {
        if (finalForm) {
            return;
        }
        boolean any = deferred != null && deferred.any();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (counted(r, c)) {
                    int o = (r * cols + c) * KingCounts.FIELDS;
                    if (any && deferred.pending(r, c)) {
                        if (deferred.mayReach(counts, o, rowHet[r], colHet[c], r, c, threshold)) {
                            deferred.resolve(r, c, counts, o);
                        } else {
                            inexact = true;
                        }
                    }
                    int hethet = counts[o + 1];
                    int h12 = rowHet[r] - counts[o + 2] - hethet;
                    int h21 = colHet[c] - counts[o + 3] - hethet;
                    int nsnp = used - rowMiss[r] - colMiss[c] + counts[o + 4];
                    counts[o + KingCounts.HET1_HOM2] = h12;
                    counts[o + KingCounts.HET2_HOM1] = h21;
                    counts[o + KingCounts.HOMHOM] = nsnp - hethet - h12 - h21;
                }
            }
        }
        java.util.Arrays.fill(rowHet, 0);
        java.util.Arrays.fill(rowMiss, 0);
        java.util.Arrays.fill(colHet, 0);
        java.util.Arrays.fill(colMiss, 0);
        if (any) {
            deferred.clear();
        }
        used = 0;
        finalForm = true;
    }

    /** The tile's counts, pair (r, c) at {@code (r·cols + c)·5} (pairs r ≥ c of a triangle are 0). */
    public int[] counts() {
        return counts(Double.NEGATIVE_INFINITY);
    }

    /**
     * The tile's counts as {@link #counts()}, exact for every pair whose kinship is at or above {@code threshold} (or
     * NaN); with missing-call terms deferred ({@link #deferMissing}), a pair below it may have inexact counts whose
     * kinship is below it too, and no more blocks can be added after that.
     */
    public int[] counts(double threshold) {
        toFinal(threshold);
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
}
