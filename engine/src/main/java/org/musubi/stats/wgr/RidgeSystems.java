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

    /**
     * XᵀX of the k columns of x (n rows, column-major) over rows [s, s+len): k × k, both triangles. Tiled: four
     * columns j and two columns i at a time (eight sums per pass over the rows), so each column is read a quarter as
     * often as by one dot product per pair; each entry is one sum over the rows in order, so XᵀX is exactly symmetric.
     */
    static double[] gram(double[] x, int n, int k, int s, int len) {
        double[] out = new double[k * k];
        int j = 0;
        for (; j + 4 <= k; j += 4) {
            int o0 = j * n + s;
            int o1 = o0 + n;
            int o2 = o1 + n;
            int o3 = o2 + n;
            int i = j;
            for (; i + 2 <= k; i += 2) {
                int p = i * n + s;
                int q = p + n;
                double a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
                for (int r = 0; r < len; r++) {
                    double u = x[p + r];
                    double v = x[q + r];
                    double w0 = x[o0 + r];
                    double w1 = x[o1 + r];
                    double w2 = x[o2 + r];
                    double w3 = x[o3 + r];
                    a0 += u * w0;
                    a1 += u * w1;
                    a2 += u * w2;
                    a3 += u * w3;
                    b0 += v * w0;
                    b1 += v * w1;
                    b2 += v * w2;
                    b3 += v * w3;
                }
                put(out, k, i, j, a0, a1, a2, a3);
                put(out, k, i + 1, j, b0, b1, b2, b3);
            }
            for (; i < k; i++) {
                int p = i * n + s;
                double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
                for (int r = 0; r < len; r++) {
                    double u = x[p + r];
                    a0 += u * x[o0 + r];
                    a1 += u * x[o1 + r];
                    a2 += u * x[o2 + r];
                    a3 += u * x[o3 + r];
                }
                put(out, k, i, j, a0, a1, a2, a3);
            }
        }
        for (; j < k; j++) {
            for (int i = j; i < k; i++) {
                double v = 0;
                int p = i * n + s;
                int q = j * n + s;
                for (int r = 0; r < len; r++) {
                    v += x[p + r] * x[q + r];
                }
                out[j * k + i] = v;
                out[i * k + j] = v;
            }
        }
        return out;
    }

    /** Row i's entries at columns j..j+3, and their mirrors. */
    private static void put(double[] out, int k, int i, int j, double v0, double v1, double v2, double v3) {
        out[j * k + i] = v0;
        out[i * k + j] = v0;
        out[(j + 1) * k + i] = v1;
        out[i * k + j + 1] = v1;
        out[(j + 2) * k + i] = v2;
        out[i * k + j + 2] = v2;
        out[(j + 3) * k + i] = v3;
        out[i * k + j + 3] = v3;
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

    /**
     * In place: the upper triangle of a (k × k, column-major, symmetric) becomes U, UᵀU = A; false if not PD.
     * Left-looking, four columns at a time: the rows above the four columns' diagonal block are solved together, so
     * each earlier column of U is read once per four columns.
     */
    static boolean factor(double[] a, int k) {
        int j = 0;
        for (; j + 4 <= k; j += 4) {
            int c0 = j * k;
            int c1 = c0 + k;
            int c2 = c1 + k;
            int c3 = c2 + k;
            for (int i = 0; i < j; i++) {
                int ci = i * k;
                double d0 = 0, d1 = 0, d2 = 0, d3 = 0;
                for (int r = 0; r < i; r++) {
                    double u = a[ci + r];
                    d0 += u * a[c0 + r];
                    d1 += u * a[c1 + r];
                    d2 += u * a[c2 + r];
                    d3 += u * a[c3 + r];
                }
                double p = a[ci + i];
                a[c0 + i] = (a[c0 + i] - d0) / p;
                a[c1 + i] = (a[c1 + i] - d1) / p;
                a[c2 + i] = (a[c2 + i] - d2) / p;
                a[c3 + i] = (a[c3 + i] - d3) / p;
            }
            for (int t = j; t < j + 4; t++) {
                if (!column(a, k, t, j)) {
                    return false;
                }
            }
        }
        for (; j < k; j++) {
            if (!column(a, k, j, 0)) {
                return false;
            }
        }
        return true;
    }

    /** Column j of U from row {@code from} (the rows above already solved) to its diagonal; false if not PD. */
    private static boolean column(double[] a, int k, int j, int from) {
        int cj = j * k;
        for (int i = from; i < j; i++) {
            int ci = i * k;
            a[cj + i] = (a[cj + i] - DenseVectors.dot(a, ci, a, cj, i)) / a[ci + i];
        }
        double d = a[cj + j] - DenseVectors.dot(a, cj, a, cj, j);
        if (!(d > 0)) {
            return false;
        }
        a[cj + j] = Math.sqrt(d);
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

    /**
     * Solves UᵀU x = b in place for {@code count} right-hand sides {@code b[p·k, (p+1)·k)}: each column of U is read
     * once for all of them (as many single solves, {@link #solve}, to rounding).
     */
    static void solveMany(double[] u, int k, double[] b, int count) {
        for (int i = 0; i < k; i++) {
            int ci = i * k;
            double d = u[ci + i];
            for (int p = 0; p < count; p++) {
                int off = p * k;
                b[off + i] = (b[off + i] - DenseVectors.dot(u, ci, b, off, i)) / d;
            }
        }
        for (int i = k - 1; i >= 0; i--) {
            int ci = i * k;
            double d = u[ci + i];
            for (int p = 0; p < count; p++) {
                int off = p * k;
                double x = b[off + i] / d;
                b[off + i] = x;
                DenseVectors.axpy(-x, u, ci, b, off, i);
            }
        }
    }
}
