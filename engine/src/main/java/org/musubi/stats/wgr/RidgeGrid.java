package org.musubi.stats.wgr;

/**
 * REGENIE v1.0.6.7's ridge grids and CV folds (its {@code set_blocks}, {@code set_folds}): the five h² values
 * 0.01, 0.25, 0.5, 0.75, 0.99; level 0 λ = M / h² (M = step-1 variants); level 1 τ = P₁ / h² for quantitative
 * traits and τ = P₁·3/π²·(1 − h²)/h² for binary ones (P₁ = blocks × 5 features). (REGENIE v2+ uses M(1 − h²)/h²
 * at level 0; the reference runs are v1.0.6.7.) Folds: K contiguous runs of ⌊n/K⌋ samples in sample order, the
 * last taking the rest. Used by the {@code wgr} plan and the level-0/1 kernels.
 */
public final class RidgeGrid {
    /** The h² values of both levels. */
    public static final double[] H2 = {0.01, 0.25, 0.5, 0.75, 0.99};

    private RidgeGrid() {}

    /** Level 0 ridge values for {@code m} step-1 variants. */
    public static double[] level0(long m) {
        double[] out = new double[H2.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = m / H2[i];
        }
        return out;
    }

    /** Level 1 ridge values for {@code features} predictors; {@code binary}: on the liability scale. */
    public static double[] level1(int features, boolean binary) {
        double[] out = new double[H2.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = binary ? features * 3 / (Math.PI * Math.PI) * (1 - H2[i]) / H2[i] : features / H2[i];
        }
        return out;
    }

    /**
     * Fold starts for {@code k} folds of {@code n} samples: {@code k + 1} entries, fold f is {@code [s[f], s[f+1])};
     * leave-one-out when {@code k == n}.
     */
    public static int[] folds(int n, int k) {
        if (k < 2 || n / k < 1) {
            throw new IllegalArgumentException(n + " samples are too few for " + k + "-fold CV");
        }
        int size = n / k;
        int[] s = new int[k + 1];
        for (int f = 0; f < k; f++) {
            s[f] = f * size;
        }
        s[k] = n;
        return s;
    }
}
