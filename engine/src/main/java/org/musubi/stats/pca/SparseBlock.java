package org.musubi.stats.pca;

import java.util.Arrays;

/**
 * A block of standardised genotypes x (b variants × n samples, variant-major, see the package glossary) held by call
 * value: a standardised variant takes at most four values (hom-ref, het, hom-alt, and 0 for a missing call), so each
 * variant keeps its most common value (the base) and only the samples off the base, with their value's offset from it.
 * Then XᵀQ = base·(column sums of Q) + Σ offsets·(sums of Q's rows per value) and X·T = (Σ base·T's rows, the same for
 * every sample) + the offsets' rows at the samples off the base: one add per column for each sample off the base
 * instead of a multiply-add for each sample — at MAF q about 2q(1−q) + q² of the samples for a common variant, far
 * fewer for a rare one (plink2's sparse-genotype trick). The sums equal {@link BlockProducts#xtq} and {@link
 * BlockProducts#addXt}'s up to the order of rounding. Used by the {@code qc} PCA passes ({@code org.musubi.qc.PcaPass}:
 * the Krylov products and the projection); one instance per task, refilled for each block with {@link #set}.
 */
public final class SparseBlock {
    /** Values a variant may take. */
    private static final int SLOTS = 4;
    /** The low bit of each 2-bit field of a packed word. */
    private static final long LOW = 0x5555_5555_5555_5555L;

    private final int n;
    private int b;
    private double[] base = new double[0];
    private double[] offset = new double[0];
    private int[] start = new int[1];
    private int[] sample = new int[0];
    private byte[] group = new byte[0];
    private final double[] values = new double[SLOTS];
    private int distinct;
    private final byte[] slotOf;

    /** A holder for blocks of n samples. */
    public SparseBlock(int n) {
        this.n = n;
        this.slotOf = new byte[n];
    }

    /**
     * Takes the block x (b × n, variant-major; each variant with at most four distinct values, as {@link
     * Standardize#fill} writes them).
     *
     * @throws IllegalArgumentException when a variant has more than four distinct values
     */
    public void set(double[] x, int b) {
        prepare(b);
        int used = 0;
        double[] values = this.values;
        for (int j = 0; j < b; j++) {
            int off = j * n;
            Arrays.fill(values, Double.NaN);
            distinct = 0;
            // each sample's slot and the slots' counts; the base is the most common value (any base gives the same
            // sums; the most common one touches the fewest samples)
            int c1 = 0;
            int c2 = 0;
            int c3 = 0;
            double d0 = Double.NaN;
            double d1 = Double.NaN;
            double d2 = Double.NaN;
            double d3 = Double.NaN;
            for (int i = 0; i < n; i++) {
                double xv = x[off + i];
                if ((xv != d0) & (xv != d1) & (xv != d2) & (xv != d3)) {
                    add(xv, j);
                    d0 = values[0];
                    d1 = values[1];
                    d2 = values[2];
                    d3 = values[3];
                }
                int g = (xv == d1 ? 1 : 0) | (xv == d2 ? 2 : 0) | (xv == d3 ? 3 : 0);
                slotOf[i] = (byte) g;
                c1 += g == 1 ? 1 : 0;
                c2 += g == 2 ? 1 : 0;
                c3 += g == 3 ? 1 : 0;
            }
            int top = top(new int[] {n - c1 - c2 - c3, c1, c2, c3});
            used = list(j, used, slotOf, 0, top);
            double v = distinct == 0 ? 0 : values[top];
            base[j] = v;
            for (int g = 0; g < SLOTS; g++) {
                offset[j * SLOTS + g] = g < distinct && g != top ? values[g] - v : 0;
            }
        }
        start[b] = used;
    }

    /**
     * Takes b variants of n calls as codes (0, 1, 2 ALT alleles, 3 missing) at {@code codes[rows[j]·n, …)}, variant j
     * standardised by {@code values[j]} (x = values[j][code], as {@link Standardize#fill} writes it): the block {@link
     * #set(double[], int)} takes of those x, read from the codes without comparing doubles.
     */
    public void set(byte[] codes, int[] rows, double[][] values, int b) {
        prepare(b);
        int used = 0;
        for (int j = 0; j < b; j++) {
            int off = rows[j] * n;
            int c1 = 0;
            int c2 = 0;
            int c3 = 0;
            for (int i = 0; i < n; i++) {
                int g = codes[off + i];
                c1 += g == 1 ? 1 : 0;
                c2 += g == 2 ? 1 : 0;
                c3 += g == 3 ? 1 : 0;
            }
            int top = top(new int[] {n - c1 - c2 - c3, c1, c2, c3});
            used = list(j, used, codes, off, top);
            double[] v = values[j];
            base[j] = v[top];
            for (int g = 0; g < SLOTS; g++) {
                offset[j * SLOTS + g] = g != top ? v[g] - v[top] : 0;
            }
        }
        start[b] = used;
    }

    /** 64-bit words holding n 2-bit codes ({@link #pack}'s layout). */
    public static int words(int n) {
        return (n + 31) >>> 5;
    }

    /**
     * Packs the n codes (0–3) at {@code codes[off, off + n)} into {@link #words}(n) words at {@code out[to, …)}:
     * sample i in bits 2(i mod 32) and 2(i mod 32) + 1 of word i / 32, the last word's unused fields 0. The form
     * {@link #set(long[], int, double[][], int)} takes: a quarter of a byte per call, kept by the PCA passes.
     */
    public static void pack(byte[] codes, int off, int n, long[] out, int to) {
        int words = words(n);
        for (int w = 0; w < words; w++) {
            int from = off + (w << 5);
            int end = Math.min(32, n - (w << 5));
            long word = 0;
            for (int i = 0; i < end; i++) {
                word |= (long) (codes[from + i] & 3) << (i << 1);
            }
            out[to + w] = word;
        }
    }

    /**
     * Takes b variants of n packed codes ({@link #pack}), variant j's {@link #words}(n) words at {@code packed[from
     * + j·words, …)}, standardised by {@code values[j]}: the block {@link #set(byte[], int[], double[][], int)} takes
     * of the same codes (the same base, offsets and entries), found 32 calls a word: the codes counted by popcount and
     * only the samples off the base visited.
     */
    public void set(long[] packed, int from, double[][] values, int b) {
        prepare(b);
        int words = words(n);
        int tail = n & 31;
        long lastMask = tail == 0 ? -1L : (1L << (tail << 1)) - 1;
        int used = 0;
        int[] counts = new int[SLOTS];
        for (int j = 0; j < b; j++) {
            int off = from + j * words;
            int c1 = 0;
            int c2 = 0;
            int c3 = 0;
            for (int w = 0; w < words; w++) {
                long x = packed[off + w];
                long lo = x & LOW;
                long hi = (x >>> 1) & LOW;
                c1 += Long.bitCount(lo & ~hi);
                c2 += Long.bitCount(hi & ~lo);
                c3 += Long.bitCount(lo & hi);
            }
            counts[0] = n - c1 - c2 - c3;
            counts[1] = c1;
            counts[2] = c2;
            counts[3] = c3;
            int top = top(counts);
            start[j] = used;
            int need = used + n - counts[top] + 1;
            if (sample.length < need) {
                int size = Math.max(need, 2 * sample.length);
                sample = Arrays.copyOf(sample, size);
                group = Arrays.copyOf(group, size);
            }
            long pattern = top * LOW;
            for (int w = 0; w < words; w++) {
                long x = packed[off + w];
                long d = x ^ pattern;
                long m = (d | (d >>> 1)) & LOW;
                if (w == words - 1) {
                    m &= lastMask;
                }
                int first = w << 5;
                while (m != 0) {
                    int t = Long.numberOfTrailingZeros(m);
                    sample[used] = first + (t >>> 1);
                    group[used] = (byte) ((x >>> t) & 3);
                    used++;
                    m &= m - 1;
                }
            }
            double[] v = values[j];
            base[j] = v[top];
            for (int g = 0; g < SLOTS; g++) {
                offset[j * SLOTS + g] = g != top ? v[g] - v[top] : 0;
            }
        }
        start[b] = used;
    }

    private void prepare(int b) {
        this.b = b;
        if (base.length < b) {
            base = new double[b];
            offset = new double[b * SLOTS];
            start = new int[b + 1];
        }
    }

    private static int top(int[] counts) {
        int top = 0;
        for (int g = 1; g < SLOTS; g++) {
            if (counts[g] > counts[top]) {
                top = g;
            }
        }
        return top;
    }

    /**
     * Lists variant j's samples whose slot ({@code slots[off + i]}) is not {@code top} from entry {@code used} on;
     * returns the entries used. Every sample is written, the count advanced only off the base: no branch on the call.
     */
    private int list(int j, int used, byte[] slots, int off, int top) {
        start[j] = used;
        if (sample.length < used + n + 1) {
            int size = Math.max(used + n + 1, 2 * sample.length);
            sample = Arrays.copyOf(sample, size);
            group = Arrays.copyOf(group, size);
        }
        for (int i = 0; i < n; i++) {
            int g = slots[off + i];
            sample[used] = i;
            group[used] = (byte) g;
            used += g == top ? 0 : 1;
        }
        return used;
    }

    /**
     * Gives the new value v the next slot. Unused slots hold NaN, which equals nothing, so the callers find each
     * sample's slot without branches; a new value is rare, so the branch to here is predictable.
     */
    private void add(double v, int j) {
        if (distinct == SLOTS) {
            throw new IllegalArgumentException("variant " + j + " of the block takes more than " + SLOTS + " values");
        }
        values[distinct++] = v;
    }

    /** The samples off the base over the block's variants (the entries the products touch). */
    public long offBase() {
        return start[b];
    }

    /** The column sums of a sample-major panel q (n × cols), the argument {@link #xtq} takes. */
    public static double[] columnSums(double[] q, int n, int cols) {
        double[] s = new double[cols];
        for (int i = 0; i < n; i++) {
            int from = i * cols;
            for (int c = 0; c < cols; c++) {
                s[c] += q[from + c];
            }
        }
        return s;
    }

    /**
     * t (b × cols, variant-major) = XᵀQ for the sample-major panel q (n × cols) whose {@link #columnSums} are {@code
     * sums}.
     */
    public void xtq(double[] q, int cols, double[] sums, double[] t) {
        double[] per = new double[SLOTS * cols];
        for (int j = 0; j < b; j++) {
            Arrays.fill(per, 0);
            for (int e = start[j]; e < start[j + 1]; e++) {
                int from = sample[e] * cols;
                int to = group[e] * cols;
                for (int c = 0; c < cols; c++) {
                    per[to + c] += q[from + c];
                }
            }
            double v = base[j];
            double o0 = offset[j * SLOTS];
            double o1 = offset[j * SLOTS + 1];
            double o2 = offset[j * SLOTS + 2];
            double o3 = offset[j * SLOTS + 3];
            int to = j * cols;
            for (int c = 0; c < cols; c++) {
                t[to + c] = v * sums[c]
                        + o0 * per[c]
                        + o1 * per[cols + c]
                        + o2 * per[2 * cols + c]
                        + o3 * per[3 * cols + c];
            }
        }
    }

    /** Adds X·t (n × cols, sample-major) to {@code acc} for t b × cols variant-major. */
    public void addXt(double[] t, int cols, double[] acc) {
        double[] common = new double[cols];
        double[] rows = new double[SLOTS * cols];
        for (int j = 0; j < b; j++) {
            int from = j * cols;
            double v = base[j];
            for (int c = 0; c < cols; c++) {
                double tc = t[from + c];
                common[c] += v * tc;
                for (int g = 0; g < SLOTS; g++) {
                    rows[g * cols + c] = offset[j * SLOTS + g] * tc;
                }
            }
            for (int e = start[j]; e < start[j + 1]; e++) {
                int to = sample[e] * cols;
                int row = group[e] * cols;
                for (int c = 0; c < cols; c++) {
                    acc[to + c] += rows[row + c];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            int to = i * cols;
            for (int c = 0; c < cols; c++) {
                acc[to + c] += common[c];
            }
        }
    }
}
