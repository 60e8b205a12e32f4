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
    /** Values other than the base a variant may take. */
    private static final int OTHERS = 3;

    private final int n;
    private int b;
    private double[] base = new double[0];
    private double[] offset = new double[0];
    private int[] start = new int[1];
    private int[] sample = new int[0];
    private byte[] group = new byte[0];
    private final byte[] valueOf;
    private final double[] scratch = new double[OTHERS + 1];

    /** A holder for blocks of n samples. */
    public SparseBlock(int n) {
        this.n = n;
        this.valueOf = new byte[n];
    }

    /**
     * Takes the block x (b × n, variant-major; each variant with at most four distinct values, as {@link
     * Standardize#fill} writes them).
     *
     * @throws IllegalArgumentException when a variant has more than four distinct values
     */
    public void set(double[] x, int b) {
        this.b = b;
        if (base.length < b) {
            base = new double[b];
            offset = new double[b * OTHERS];
            start = new int[b + 1];
        }
        int used = 0;
        double[] values = scratch;
        int[] counts = new int[OTHERS + 1];
        for (int j = 0; j < b; j++) {
            int off = j * n;
            int distinct = 0;
            Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                double v = x[off + i];
                int g = 0;
                while (g < distinct && values[g] != v) {
                    g++;
                }
                if (g == distinct) {
                    if (distinct == OTHERS + 1) {
                        throw new IllegalArgumentException(
                                "variant " + j + " of the block takes more than " + (OTHERS + 1) + " values");
                    }
                    values[distinct++] = v;
                }
                counts[g]++;
                valueOf[i] = (byte) g;
            }
            int top = 0;
            for (int g = 1; g < distinct; g++) {
                if (counts[g] > counts[top]) {
                    top = g;
                }
            }
            base[j] = values[top];
            byte[] rank = new byte[OTHERS + 1];
            int r = 0;
            for (int g = 0; g < distinct; g++) {
                if (g != top) {
                    offset[j * OTHERS + r] = values[g] - values[top];
                    rank[g] = (byte) r++;
                }
            }
            for (; r < OTHERS; r++) {
                offset[j * OTHERS + r] = 0;
            }
            start[j] = used;
            int others = n - counts[top];
            if (sample.length < used + others) {
                int size = Math.max(used + others, 2 * sample.length);
                sample = Arrays.copyOf(sample, size);
                group = Arrays.copyOf(group, size);
            }
            for (int i = 0; i < n; i++) {
                int g = valueOf[i];
                if (g != top) {
                    sample[used] = i;
                    group[used++] = rank[g];
                }
            }
        }
        start[b] = used;
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
        double[] per = new double[OTHERS * cols];
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
            double o0 = offset[j * OTHERS];
            double o1 = offset[j * OTHERS + 1];
            double o2 = offset[j * OTHERS + 2];
            int to = j * cols;
            for (int c = 0; c < cols; c++) {
                t[to + c] = v * sums[c] + o0 * per[c] + o1 * per[cols + c] + o2 * per[2 * cols + c];
            }
        }
    }

    /** Adds X·t (n × cols, sample-major) to {@code acc} for t b × cols variant-major. */
    public void addXt(double[] t, int cols, double[] acc) {
        double[] common = new double[cols];
        double[] rows = new double[OTHERS * cols];
        for (int j = 0; j < b; j++) {
            int from = j * cols;
            double v = base[j];
            for (int c = 0; c < cols; c++) {
                double tc = t[from + c];
                common[c] += v * tc;
                for (int g = 0; g < OTHERS; g++) {
                    rows[g * cols + c] = offset[j * OTHERS + g] * tc;
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
