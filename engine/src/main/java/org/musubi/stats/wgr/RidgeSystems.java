package org.musubi.stats.wgr;

import org.musubi.stats.linalg.DenseVectors;

/**
 * The ridge steps levels 0 and 1 share: a Gram matrix over a run of rows, and a fold's system {@code A = UᵀU}
 * factored and solved. The factor is kept as the upper triangle U (column-major), so that every inner loop runs down
 * a column (contiguous memory): {@code stats.linalg.Cholesky} walks rows of L, which is fine for the small systems
 * of the per-variant models but several times slower for level 0's b × b (b = 1000) systems.
 */
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

    /** a = U with {@code UᵀU = all − fold + ridge·I} (k × k; {@code fold} null: none left out). */
    static void factorWithout(double[] all, double[] fold, double ridge, int k, double[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = fold == null ? all[i] : all[i] - fold[i];
        }
        for (int j = 0; j < k; j++) {
            a[j * k + j] += ridge;
        }
        if (!factor(a, k)) {
            throw new IllegalStateException("ridge system not positive definite");
        }
    }

    /** In place: the upper triangle of a (k × k, column-major, symmetric) becomes U, UᵀU = A; false if not PD. */
    static boolean factor(double[] a, int k) {
        for (int j = 0; j < k; j++) {
            int cj = j * k;
            for (int i = 0; i < j; i++) {
                int ci = i * k;
                a[cj + i] = (a[cj + i] - DenseVectors.dot(a, ci, a, cj, i)) / a[ci + i];
            }
            double d = a[cj + j] - DenseVectors.dot(a, cj, a, cj, j);
            if (!(d > 0)) {
                return false;
            }
            a[cj + j] = Math.sqrt(d);
        }
        return true;
    }

    /** Solves Uᵀy = b in place on {@code b[off, off+k)}. */
    static void forward(double[] u, int k, double[] b, int off) {
        for (int i = 0; i < k; i++) {
            b[off + i] = (b[off + i] - DenseVectors.dot(u, i * k, b, off, i)) / u[i * k + i];
        }
    }

    /** Solves UᵀU x = b in place on {@code b[off, off+k)}. */
    static void solve(double[] u, int k, double[] b, int off) {
        forward(u, k, b, off);
        for (int i = k - 1; i >= 0; i--) {
            double x = b[off + i] / u[i * k + i];
            b[off + i] = x;
            DenseVectors.axpy(-x, u, i * k, b, off, i);
        }
    }
}
