package org.musubi.stats.pca;

/**
 * plink2's variance standardisation of one variant's hard calls (SPECS §7.5): the ALT frequency q over a set of
 * samples, then x = (g − 2q)/√(2q(1−q)) with g the ALT allele count (code 0, 1, 2) and 0 for a missing call (code
 * 3). Used by the {@code qc} PCA passes on each variant of a block of codes.
 */
public final class Standardize {
    private static final byte MISSING = 3;

    private Standardize() {}

    /**
     * The ALT frequency of the variant whose codes start at {@code off}, over the samples {@code at} (positions in
     * the block's sample order); NaN when none of them is called.
     */
    public static double altFreq(byte[] codes, int off, int[] at) {
        long alt = 0;
        long called = 0;
        for (int i : at) {
            byte c = codes[off + i];
            if (c != MISSING) {
                alt += c;
                called++;
            }
        }
        return called == 0 ? Double.NaN : alt / (2.0 * called);
    }

    /** The minor allele frequency min(q, 1 − q). */
    public static double maf(double q) {
        return Math.min(q, 1 - q);
    }

    /**
     * x for each code (0, 1, 2, missing) of a variant with ALT frequency q in (0, 1); {@code flip} when the codes
     * count the other allele (a reference whose ALT is this table's REF: g becomes 2 − g).
     */
    public static double[] values(double q, boolean flip) {
        double inv = 1 / Math.sqrt(2 * q * (1 - q));
        double[] v = {-2 * q * inv, (1 - 2 * q) * inv, (2 - 2 * q) * inv, 0};
        if (flip) {
            double t = v[0];
            v[0] = v[2];
            v[2] = t;
        }
        return v;
    }

    /**
     * Writes x for the samples {@code at} (block positions, in this order; null for all {@code n}) of the variant at
     * {@code off} into {@code x[xOff, xOff + count)}, with the code values of {@link #values}.
     */
    public static void fill(byte[] codes, int off, int[] at, int n, double[] value, double[] x, int xOff) {
        if (at == null) {
            for (int i = 0; i < n; i++) {
                x[xOff + i] = value[codes[off + i]];
            }
        } else {
            for (int i = 0; i < at.length; i++) {
                x[xOff + i] = value[codes[off + at[i]]];
            }
        }
    }
}
