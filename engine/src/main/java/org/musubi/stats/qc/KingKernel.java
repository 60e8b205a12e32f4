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
 * <p>{@link #add(Block, int, int)} takes two popcounts per word instead of five, over two planes per sample (plink2's
 * hom and ref-or-het words: four loads per pair and word, not six): the other three counts come from per-sample het
 * and missing totals, summed over the blocks and applied once when {@link #counts()} is read, and the (few) missing
 * calls, as plink2 corrects by per-sample totals.
 *
 * <p>Memory: 20 bytes per pair of the tile plus 16 bytes per sample of the tile, and, per {@link Block}, its planes
 * (16 bytes per sample per 64 variants), 8 bytes per sample and 4 per missing call: independent of the cohort's
 * size. Not thread-safe.
 */
public final class KingKernel {
    public static final int IBS0 = 0;
    public static final int HETHET = 1;
    public static final int HET1_HOM2 = 2;
    public static final int HET2_HOM1 = 3;
    public static final int HOMHOM = 4;
    public static final int FIELDS = 5;

    /** Columns of a tile swept together by {@link #add(Block, int, int)}. */
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

    /** Deferred missing-call terms ({@link #deferMissing}): bytes of blocks still to keep, the blocks kept. */
    private long deferBudget;

    private final java.util.List<Deferred> deferred = new java.util.ArrayList<>();
    /** Missing calls per tile row / column in the deferred blocks (their terms not yet in {@link #counts}). */
    private int[] rowDeferred;

    private int[] colDeferred;
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
        long cells = (long) rows * cols * FIELDS;
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
     * Defers the missing-call terms of the blocks {@link #add(Block, int, int)} adds from now on, while their kept
     * het planes and missing-call positions take at most {@code budgetBytes} in all (later blocks take their terms at
     * once): {@link #counts(double)} then applies them only to the pairs whose kinship may reach its threshold —
     * bounded from the two popcounts' counts and each sample's deferred missing calls — and the rest need no lookups.
     * At plink2's 0.2% missing calls the lookups are a third of the block path's work.
     */
    public void deferMissing(long budgetBytes) {
        deferBudget = budgetBytes;
        if (rowDeferred == null) {
            rowDeferred = new int[rows];
            colDeferred = new int[cols];
        }
    }

    /** A block whose missing-call terms wait for {@link #counts(double)}: its het planes and missing calls. */
    private record Deferred(long[] het, int words, int[] missStart, int[] missIdx, int rowStart, int colStart) {}

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
        toRaw();
        int stride = w * 4;
        for (int r = 0; r < rows; r++) {
            int ra = (rowStart + r) * stride;
            for (int c = triangle ? r + 1 : 0; c < cols; c++) {
                int cb = (colStart + c) * stride;
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
                addRaw((r * cols + c) * FIELDS, ibs0, hethet, het1hom2, het2hom1, homhom, 0, 0, 0, 0, 0);
            }
        }
    }

    /**
     * Adds one block's pair counts (the same counts as {@link #add(long[], int, int, int)}) with two popcounts per
     * word over the block's two planes (hom, ref-or-het): IBS0 and HETHET; HET1_HOM2 = |het_a| − |het_a ∧ missing_b|
     * − HETHET, HET2_HOM1 likewise, NSNP = used − |missing_a| − |missing_b| + |missing_a ∧ missing_b| and HOMHOM = NSNP
     * − the other three, the per-sample terms summed over the blocks and applied once in {@link #counts()}, the
     * missing terms by looking up each missing call of one sample in the other's planes. A pair with more than 2·W
     * missing calls between them takes a five-popcount path. The columns are swept in chunks of {@value #COLUMN_CHUNK}
     * samples so that their planes stay in the core's cache while every row passes over them.
     */
    public void add(Block block, int rowStart, int colStart) {
        toRaw();
        long[] p = block.planes;
        int stride = block.words * 2;
        int limit = 2 * block.words;
        int[] ms = block.missStart;
        used += block.used;
        boolean eager = !defer(block, rowStart, colStart);
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
                    int o = (r * cols + c) * FIELDS;
                    int o2 = o + cols * FIELDS;
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
                    pair(block, a, b, (r * cols + c) * FIELDS, missA, ms[b + 1] - ms[b], limit, eager);
                }
            }
        }
    }

    /**
     * Keeps the block's het planes and missing calls for {@link #counts(double)} when missing-call terms are deferred
     * and the budget allows; false: the block's terms are taken now.
     */
    private boolean defer(Block block, int rowStart, int colStart) {
        if (rowDeferred == null) {
            return false;
        }
        int samples = block.samples;
        int w = block.words;
        int total = block.missStart[samples];
        long bytes = 8L * samples * w + 4L * (samples + 1 + total) + 64;
        if (bytes > deferBudget) {
            return false;
        }
        deferBudget -= bytes;
        long[] het = new long[samples * w];
        for (int i = 0; i < samples * w; i++) {
            het[i] = block.planes[2 * i + 1] & ~block.planes[2 * i];
        }
        int[] ms = block.missStart;
        deferred.add(new Deferred(
                het,
                w,
                java.util.Arrays.copyOf(ms, samples + 1),
                java.util.Arrays.copyOf(block.missIdx, total),
                rowStart,
                colStart));
        for (int r = 0; r < rows; r++) {
            rowDeferred[r] += ms[rowStart + r + 1] - ms[rowStart + r];
        }
        for (int c = 0; c < cols; c++) {
            colDeferred[c] += ms[colStart + c + 1] - ms[colStart + c];
        }
        return true;
    }

    /**
     * One pair's counts of a block, added in the raw form: two popcounts per word and the missing calls' terms
     * (unless deferred), or {@link #full} when the pair has more than {@code limit} missing calls between them.
     */
    private void pair(Block block, int a, int b, int o, int missA, int missB, int limit, boolean eager) {
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

    /**
     * A pair's deferred missing-call terms, added in the raw form: in each deferred block where the pair did not take
     * the five-popcount path, HET1 at B's missing calls, HET2 at A's and the calls missing in both.
     */
    private void resolve(int r, int c, int o) {
        int hetAMissB = 0;
        int hetBMissA = 0;
        int missBoth = 0;
        for (Deferred d : deferred) {
            int a = d.rowStart() + r;
            int b = d.colStart() + c;
            int[] ms = d.missStart();
            int[] mi = d.missIdx();
            int a0 = ms[a];
            int a1 = ms[a + 1];
            int b0 = ms[b];
            int b1 = ms[b + 1];
            if (a1 - a0 + b1 - b0 > 2 * d.words() || a1 - a0 + b1 - b0 == 0) {
                continue; // counted by full(), or nothing missing
            }
            long[] het = d.het();
            int ra = a * d.words();
            int rb = b * d.words();
            for (int x = b0; x < b1; x++) {
                int j = mi[x];
                hetAMissB += (int) (het[ra + (j >>> 6)] >>> j & 1L);
            }
            for (int x = a0; x < a1; x++) {
                int j = mi[x];
                hetBMissA += (int) (het[rb + (j >>> 6)] >>> j & 1L);
            }
            int x = a0;
            int y = b0;
            while (x < a1 && y < b1) {
                if (mi[x] < mi[y]) {
                    x++;
                } else if (mi[x] > mi[y]) {
                    y++;
                } else {
                    missBoth++;
                    x++;
                    y++;
                }
            }
        }
        counts[o + 2] += hetAMissB;
        counts[o + 3] += hetBMissA;
        counts[o + 4] += missBoth;
    }

    /**
     * Whether pair (r, c) (raw form) may have a kinship at or above {@code threshold} whatever its deferred
     * missing-call terms: they lower HET1_HOM2 by at most B's deferred missing calls and HET2_HOM1 by at most A's, so
     * the kinship is at most 0.5 − (4·IBS0 + both lowest) / (4·(HETHET + min of both highest)), rounding being
     * monotone. A pair with a lowest count that could make either side negative is taken as may-reach.
     */
    private boolean mayReach(int r, int c, int o, double threshold) {
        long ibs0 = counts[o];
        long hethet = counts[o + 1];
        long u1 = rowHet[r] - counts[o + 2] - hethet;
        long u2 = colHet[c] - counts[o + 3] - hethet;
        long l1 = u1 - colDeferred[c];
        long l2 = u2 - rowDeferred[r];
        long nMin = 4 * ibs0 + l1 + l2;
        long dMin = 4 * (hethet + Math.min(l1, l2));
        long dMax = 4 * (hethet + Math.min(u1, u2));
        if (nMin < 0 || dMin <= 0) {
            return true;
        }
        double far = (0.5 - threshold) * dMax;
        if (nMin > far + 1e-6 * dMax) {
            return false; // the bound is below the threshold by far more than rounding: no division
        }
        return !(0.5 - (double) nMin / (double) dMax < threshold);
    }

    /** A pair's missing-call terms (HET1 with B missing, HET2 with A missing, both missing), by lookup in the planes. */
    private void missing(Block block, int a, int b, int o) {
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
    private void full(Block block, int a, int b, int o) {
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
     * that {@link #add(Block, int, int)} adds to the per-sample totals (0 where they are not added).
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
        counts[o + IBS0] += ibs0;
        counts[o + HETHET] += hethet;
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
                    int o = (r * cols + c) * FIELDS;
                    int hethet = counts[o + HETHET];
                    int h12 = counts[o + HET1_HOM2];
                    int h21 = counts[o + HET2_HOM1];
                    int nsnp = hethet + h12 + h21 + counts[o + HOMHOM];
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
        boolean any = !deferred.isEmpty();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (counted(r, c)) {
                    int o = (r * cols + c) * FIELDS;
                    if (any && rowDeferred[r] + colDeferred[c] != 0) {
                        if (mayReach(r, c, o, threshold)) {
                            resolve(r, c, o);
                        } else {
                            inexact = true;
                        }
                    }
                    int hethet = counts[o + 1];
                    int h12 = rowHet[r] - counts[o + 2] - hethet;
                    int h21 = colHet[c] - counts[o + 3] - hethet;
                    int nsnp = used - rowMiss[r] - colMiss[c] + counts[o + 4];
                    counts[o + HET1_HOM2] = h12;
                    counts[o + HET2_HOM1] = h21;
                    counts[o + HOMHOM] = nsnp - hethet - h12 - h21;
                }
            }
        }
        java.util.Arrays.fill(rowHet, 0);
        java.util.Arrays.fill(rowMiss, 0);
        java.util.Arrays.fill(colHet, 0);
        java.util.Arrays.fill(colMiss, 0);
        if (any) {
            deferred.clear();
            java.util.Arrays.fill(rowDeferred, 0);
            java.util.Arrays.fill(colDeferred, 0);
        }
        used = 0;
        finalForm = true;
    }

    /**
     * One block of up to {@code maxVariants} variants of {@code samples} samples made ready for {@link
     * #add(Block, int, int)}: two bit planes per sample and 64 variants, hom (hom-REF or hom-ALT) and ref-or-het
     * (hom-REF or het; plink2's encoding: a missing call, or a variant left out, sets neither), layout {@code
     * planes[(sample·W + w)·2 + k]}, and per sample its het calls and its missing calls (their positions in the
     * block) among the used variants. Reused block after block; not thread-safe.
     */
    public static final class Block {
        private static final long[] HOM = {1, 0, 1, 0};
        private static final long[] REF_OR_HET = {1, 1, 0, 0};

        private final long[] planes;
        private final int[] het;
        private final int[] missStart;
        private final long[] useMask;
        private int[] missIdx = new int[64];
        private int words;
        private int used;
        private int samples;

        public Block(int samples, int maxVariants) {
            this.planes = new long[samples * KingKernel.words(maxVariants) * 2];
            this.het = new int[samples];
            this.missStart = new int[samples + 1];
            this.useMask = new long[KingKernel.words(maxVariants)];
        }

        /**
         * Fills the block from codes, variant j of sample i at {@code codes[j·samples + i]}; variants with {@code
         * use[j]} false (null: all used) are left out. Each sample's 64 codes of a word are read together (the same
         * 64 cache lines for consecutive samples).
         */
        public void fill(byte[] codes, int samples, int variants, boolean[] use) {
            int w = KingKernel.words(variants);
            words = w;
            used = 0;
            this.samples = samples;
            for (int word = 0; word < w; word++) {
                long m = 0;
                for (int j = word << 6; j < Math.min(variants, (word + 1) << 6); j++) {
                    if (use == null || use[j]) {
                        m |= 1L << j;
                    }
                }
                useMask[word] = m;
                used += Long.bitCount(m);
            }
            java.util.Arrays.fill(het, 0, samples, 0);
            java.util.Arrays.fill(missStart, 0, samples + 1, 0);
            for (int word = 0; word < w; word++) {
                int j0 = word << 6;
                int j1 = Math.min(variants, j0 + 64);
                long m = useMask[word];
                for (int i = 0; i < samples; i++) {
                    long hom = 0;
                    long refOrHet = 0;
                    for (int j = j0, at = j0 * samples + i; j < j1; j++, at += samples) {
                        int c = codes[at] & 3;
                        hom |= HOM[c] << j;
                        refOrHet |= REF_OR_HET[c] << j;
                    }
                    hom &= m;
                    refOrHet &= m;
                    int o = (i * w + word) * 2;
                    planes[o] = hom;
                    planes[o + 1] = refOrHet;
                    het[i] += Long.bitCount(refOrHet & ~hom);
                    missStart[i + 1] += Long.bitCount(m & ~(hom | refOrHet));
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
            for (int i = 0; i < samples; i++) {
                int at = missStart[i];
                for (int word = 0; word < w; word++) {
                    int o = (i * w + word) * 2;
                    long miss = useMask[word] & ~(planes[o] | planes[o + 1]);
                    while (miss != 0) {
                        missIdx[at++] = (word << 6) + Long.numberOfTrailingZeros(miss);
                        miss &= miss - 1;
                    }
                }
            }
        }

        /** Words per sample of the last block filled. */
        public int words() {
            return words;
        }
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
