package org.musubi.stats.qc;

/**
 * A tile's deferred missing-call terms ({@link KingKernel#deferMissing}): the het planes and missing-call positions of
 * the blocks whose terms wait for {@link KingKernel#counts(double)}, kept while they fit a byte budget, and per tile
 * row and column the missing calls in those blocks. At the end a pair's terms are looked up ({@link #resolve}) only
 * when its kinship may reach the threshold ({@link #mayReach}), bounded from its exact IBS0 and HETHET and these
 * per-sample counts.
 *
 * <p>Memory: per kept block 8 bytes per sample and 64 variants, 4 bytes per sample and per missing call; 8 bytes per
 * sample of the tile. Not thread-safe.
 */
final class KingDeferred {
    /** A kept block: its het planes (one word per sample and 64 variants) and missing calls. */
    private record Kept(long[] het, int words, int[] missStart, int[] missIdx, int rowStart, int colStart) {}

    private final java.util.List<Kept> kept = new java.util.ArrayList<>();
    /** Missing calls per tile row / column in the kept blocks (their terms not yet in the counts). */
    private final int[] rowMissing;

    private final int[] colMissing;
    /** Bytes of blocks still to keep. */
    private long budget;

    KingDeferred(int rows, int cols) {
        this.rowMissing = new int[rows];
        this.colMissing = new int[cols];
    }

    /** Keeps the blocks added from now on while they take at most {@code bytes} in all. */
    void budget(long bytes) {
        budget = bytes;
    }

    /**
     * Keeps the block's het planes and missing calls for a tile whose rows are its samples {@code rowStart..} and
     * columns {@code colStart..}, when the budget allows; false: the block's terms are to be taken now.
     */
    boolean keep(KingBlock block, int rowStart, int colStart) {
        int samples = block.samples;
        int w = block.words;
        int total = block.missStart[samples];
        long bytes = 8L * samples * w + 4L * (samples + 1 + total) + 64;
        if (bytes > budget) {
            return false;
        }
        budget -= bytes;
        long[] het = new long[samples * w];
        for (int i = 0; i < samples * w; i++) {
            het[i] = block.planes[2 * i + 1] & ~block.planes[2 * i];
        }
        int[] ms = block.missStart;
        kept.add(new Kept(
                het,
                w,
                java.util.Arrays.copyOf(ms, samples + 1),
                java.util.Arrays.copyOf(block.missIdx, total),
                rowStart,
                colStart));
        for (int r = 0; r < rowMissing.length; r++) {
            rowMissing[r] += block.missing(rowStart + r);
        }
        for (int c = 0; c < colMissing.length; c++) {
            colMissing[c] += block.missing(colStart + c);
        }
        return true;
    }

    /** Whether some block was kept. */
    boolean any() {
        return !kept.isEmpty();
    }

    /** Whether pair (r, c) has missing calls in the kept blocks. */
    boolean pending(int r, int c) {
        return rowMissing[r] + colMissing[c] != 0;
    }

    /**
     * Whether pair (r, c), whose raw counts ({@link KingKernel}) are at {@code counts[o..o+4]} and whose samples have
     * {@code rowHet} and {@code colHet} het calls, may have a kinship at or above {@code threshold} whatever its
     * deferred terms: they lower HET1_HOM2 by at most B's deferred missing calls and HET2_HOM1 by at most A's, so the
     * kinship is at most 0.5 − (4·IBS0 + both lowest) / (4·(HETHET + min of both highest)), rounding being monotone. A
     * pair with a lowest count that could make either side negative is taken as may-reach.
     */
    boolean mayReach(int[] counts, int o, int rowHet, int colHet, int r, int c, double threshold) {
        long ibs0 = counts[o];
        long hethet = counts[o + 1];
        long u1 = rowHet - counts[o + 2] - hethet;
        long u2 = colHet - counts[o + 3] - hethet;
        long l1 = u1 - colMissing[c];
        long l2 = u2 - rowMissing[r];
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

    /**
     * Adds pair (r, c)'s deferred terms to its raw counts at {@code counts[o..]}: in each kept block where the pair
     * did not take the five-popcount path, HET1 at B's missing calls, HET2 at A's and the calls missing in both.
     */
    void resolve(int r, int c, int[] counts, int o) {
        int hetAMissB = 0;
        int hetBMissA = 0;
        int missBoth = 0;
        for (Kept d : kept) {
            int a = d.rowStart() + r;
            int b = d.colStart() + c;
            int[] ms = d.missStart();
            int[] mi = d.missIdx();
            int a0 = ms[a];
            int a1 = ms[a + 1];
            int b0 = ms[b];
            int b1 = ms[b + 1];
            if (a1 - a0 + b1 - b0 > 2 * d.words() || a1 - a0 + b1 - b0 == 0) {
                continue; // counted by the five-popcount path, or nothing missing
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

    /** Drops the kept blocks (their terms applied or given up); the budget stays what is left of it. */
    void clear() {
        kept.clear();
        java.util.Arrays.fill(rowMissing, 0);
        java.util.Arrays.fill(colMissing, 0);
    }
}
