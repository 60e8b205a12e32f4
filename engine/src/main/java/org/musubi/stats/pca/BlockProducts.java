package org.musubi.stats.pca;

/**
 * The products the PCA passes take of a block of standardised genotypes x (b variants × n samples, variant-major,
 * see the package glossary): the GRM's upper triangle XXᵀ (exact mode), XᵀQ and X·T for a panel Q (the Krylov
 * passes of approx mode), and the allele weights with the projection of every sample. Plain loops in a fixed order:
 * a block's products depend only on the block.
 */
public final class BlockProducts {
    private BlockProducts() {}

    /** Index of (i, l), i ≤ l, in an n × n upper triangle packed row by row. */
    public static long packed(int n, int i, int l) {
        return (long) i * n - (long) i * (i - 1) / 2 + (l - i);
    }

    /** Adds the block's XXᵀ to the packed upper triangle {@code grm} (n(n+1)/2 values, {@link #packed}). */
    public static void addGram(double[] x, int b, int n, double[] grm) {
        for (int j = 0; j < b; j++) {
            int base = j * n;
            int row = 0;
            for (int i = 0; i < n; i++) {
                double xi = x[base + i];
                if (xi != 0) {
                    for (int l = i; l < n; l++) {
                        grm[row + l - i] += xi * x[base + l];
                    }
                }
                row += n - i;
            }
        }
    }

    /**
     * Adds 1 to {@code pairs} (packed upper triangle, {@link #packed}) for each pair of samples both missing (code 3)
     * among the n codes at {@code off}, the diagonal for each missing sample: plink2's per-pair denominators of the
     * GRM are m − missing_i − missing_j + both.
     */
    public static void addMissingPairs(byte[] codes, int off, int n, int[] pairs) {
        int[] miss = new int[n];
        int c = 0;
        for (int i = 0; i < n; i++) {
            if (codes[off + i] == 3) {
                miss[c++] = i;
            }
        }
        for (int a = 0; a < c; a++) {
            for (int b = a; b < c; b++) {
                pairs[(int) packed(n, miss[a], miss[b])]++;
            }
        }
    }

    /** t (b × L, variant-major) = XᵀQ for the sample-major panel q (n × L). */
    public static void xtq(double[] x, int b, int n, double[] q, int cols, double[] t) {
        java.util.Arrays.fill(t, 0, b * cols, 0);
        for (int j = 0; j < b; j++) {
            int base = j * n;
            int to = j * cols;
            for (int i = 0; i < n; i++) {
                double xi = x[base + i];
                if (xi != 0) {
                    int from = i * cols;
                    for (int c = 0; c < cols; c++) {
                        t[to + c] += xi * q[from + c];
                    }
                }
            }
        }
    }

    /** Adds X·t (n × L, sample-major) to {@code acc} for t b × L variant-major. */
    public static void addXt(double[] x, int b, int n, double[] t, int cols, double[] acc) {
        for (int j = 0; j < b; j++) {
            int base = j * n;
            int from = j * cols;
            for (int i = 0; i < n; i++) {
                double xi = x[base + i];
                if (xi != 0) {
                    int to = i * cols;
                    for (int c = 0; c < cols; c++) {
                        acc[to + c] += xi * t[from + c];
                    }
                }
            }
        }
    }
}
