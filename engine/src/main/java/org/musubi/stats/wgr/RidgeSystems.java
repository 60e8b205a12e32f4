package org.musubi.stats.wgr;

import org.musubi.stats.linalg.Cholesky;
import org.musubi.stats.linalg.DenseVectors;

/** The two ridge steps levels 0 and 1 share: a Gram matrix over a run of rows, and a fold's factored system. */
final class RidgeSystems {
    private RidgeSystems() {}

    /** XᵀX of the k columns of x (n rows, column-major) over rows [s, s+len): k × k, both triangles. */
    static double[] gram(double[] x, int n, int k, int s, int len) {
        double[] out = new double[k * k];
        for (int j = 0; j < k; j++) {
            for (int i = j; i < k; i++) {
                double v = DenseVectors.dot(x, i * n + s, x, j * n + s, len);
                out[j * k + i] = v;
                out[i * k + j] = v;
            }
        }
        return out;
    }

    /** a = Cholesky factor of {@code all − fold + ridge·I} (k × k; {@code fold} null: none left out). */
    static void factorWithout(double[] all, double[] fold, double ridge, int k, double[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = fold == null ? all[i] : all[i] - fold[i];
        }
        for (int j = 0; j < k; j++) {
            a[j * k + j] += ridge;
        }
        if (!Cholesky.decompose(a, k, 0)) {
            throw new IllegalStateException("ridge system not positive definite");
        }
    }
}
