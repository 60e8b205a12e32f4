package org.musubi.stats.linalg;

/**
 * Cholesky factorisation {@code A = L L^T} of a small symmetric positive definite k×k matrix,
 * column-major, in place. Only the lower triangle of the input is read; on success the lower
 * triangle holds {@code L} and the strict upper triangle is set to 0.
 *
 * <p>A matrix is rejected (the methods return {@code false}) when a pivot is not positive, is NaN,
 * or falls below {@code relTol} times the original diagonal entry of its row: with {@code relTol =
 * 1e-10} a pivot is rejected when more than ~99.99999999% of that predictor is explained by the
 * earlier ones, i.e. the matrix is singular to working precision.
 */
public final class Cholesky {
    /** Default relative pivot tolerance (see the class comment). */
    public static final double DEFAULT_REL_TOL = 1e-10;

    private Cholesky() {}

    /** {@link #decompose(double[], int, double)} with {@link #DEFAULT_REL_TOL}. */
    public static boolean decompose(double[] a, int k) {
        return decompose(a, k, DEFAULT_REL_TOL);
    }

    /**
     * Factors {@code a} (k×k, column-major) in place.
     *
     * @return {@code false} if {@code a} is not numerically positive definite (contents then
     *     undefined)
     */
    public static boolean decompose(double[] a, int k, double relTol) {
        for (int j = 0; j < k; j++) {
            final int colJ = j * k;
            final double origDiag = a[j + colJ];
            double d = origDiag;
            for (int p = 0; p < j; p++) {
                final double ljp = a[j + p * k];
                d -= ljp * ljp;
            }
            if (!(d > 0.0) || !(d > relTol * origDiag) || Double.isInfinite(d)) {
                return false;
            }
            final double ljj = Math.sqrt(d);
            a[j + colJ] = ljj;
            final double inv = 1.0 / ljj;
            for (int i = j + 1; i < k; i++) {
                double s = a[i + colJ];
                for (int p = 0; p < j; p++) {
                    s -= a[i + p * k] * a[j + p * k];
                }
                a[i + colJ] = s * inv;
            }
            for (int i = 0; i < j; i++) {
                a[i + colJ] = 0.0;
            }
        }
        return true;
    }

    /** Solves {@code L L^T x = b} in place ({@code b} becomes {@code x}), {@code l} from decompose. */
    public static void solve(double[] l, int k, double[] b) {
        solve(l, k, b, 0);
    }

    /** As {@link #solve(double[], int, double[])} on {@code b[off..off+k)}. */
    public static void solve(double[] l, int k, double[] b, int off) {
        forwardSubstitute(l, k, b, off);
        for (int i = k - 1; i >= 0; i--) {
            double s = b[off + i];
            for (int p = i + 1; p < k; p++) {
                s -= l[p + i * k] * b[off + p];
            }
            b[off + i] = s / l[i + i * k];
        }
    }

    /** Solves {@code L y = b} in place on {@code b[off..off+k)}. */
    public static void forwardSubstitute(double[] l, int k, double[] b, int off) {
        for (int i = 0; i < k; i++) {
            double s = b[off + i];
            for (int p = 0; p < i; p++) {
                s -= l[i + p * k] * b[off + p];
            }
            b[off + i] = s / l[i + i * k];
        }
    }

    /**
     * {@code A^-1} (k×k, both triangles) from the factor {@code l} into {@code out} (length ≥ k*k).
     */
    public static void invert(double[] l, int k, double[] out) {
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < k; i++) {
                out[i + j * k] = i == j ? 1.0 : 0.0;
            }
            solve(l, k, out, j * k);
        }
        // symmetrise: average away the last-bit differences of the two triangles
        for (int j = 0; j < k; j++) {
            for (int i = j + 1; i < k; i++) {
                final double v = 0.5 * (out[i + j * k] + out[j + i * k]);
                out[i + j * k] = v;
                out[j + i * k] = v;
            }
        }
    }

    /** {@code ln det A = 2 sum ln L_ii}. */
    public static double logDeterminant(double[] l, int k) {
        double s = 0.0;
        for (int i = 0; i < k; i++) {
            s += Math.log(l[i + i * k]);
        }
        return 2.0 * s;
    }

    /** {@code x^T A^-1 x} from the factor (x is not modified; {@code scratch} length ≥ k). */
    public static double inverseQuadraticForm(double[] l, int k, double[] x, double[] scratch) {
        System.arraycopy(x, 0, scratch, 0, k);
        forwardSubstitute(l, k, scratch, 0);
        return DenseVectors.dot(scratch, 0, scratch, 0, k);
    }
}
