package org.musubi.stats.linalg;

/**
 * Thin QR factorisation {@code A = Q R} of a tall n×k column-major matrix by Householder
 * reflections (Golub and Van Loan, Matrix Computations, 4th ed., algorithm 5.2.1), with the thin
 * {@code Q} (n×k, orthonormal columns) formed explicitly. No column pivoting: the columns keep their
 * order, so a column that is (numerically) a combination of earlier ones shows as a tiny {@code
 * R_jj}, reported by {@link #firstDependentColumn()}.
 *
 * <p>Cost {@code ~4 n k^2} flops; used once per phenotype set, never per variant.
 */
public final class HouseholderQr {
    /** A column j is dependent when {@code |R_jj| <= REL_TOL * ||A_j||}. */
    public static final double REL_TOL = 1e-10;

    private final int rowCount;
    private final int colCount;
    private final double[] qColMajor;
    private final double[] rColMajor;
    private final int firstDependentColumn;

    private HouseholderQr(int rowCount, int colCount, double[] q, double[] r, int firstDependent) {
        this.rowCount = rowCount;
        this.colCount = colCount;
        this.qColMajor = q;
        this.rColMajor = r;
        this.firstDependentColumn = firstDependent;
    }

    /**
     * Factors {@code a} (n×k column-major, not modified).
     *
     * @throws IllegalArgumentException if {@code n < k}, {@code k < 1} or {@code a} is too short
     */
    public static HouseholderQr factor(double[] a, int n, int k) {
        if (k < 1 || n < k || a.length < (long) n * k) {
            throw new IllegalArgumentException(
                    "QR needs n >= k >= 1 and n*k values: n=" + n + ", k=" + k + ", length=" + a.length);
        }
        final double[] w = a.clone();
        final double[] beta = new double[k];
        final double[] colNorm = new double[k];
        for (int j = 0; j < k; j++) {
            colNorm[j] = Math.sqrt(DenseVectors.dot(a, j * n, a, j * n, n));
        }
        final double[] r = new double[k * k];
        int firstDependent = -1;
        for (int j = 0; j < k; j++) {
            final int cj = j * n;
            // Householder vector for w[j..n) of column j: v = x - alpha e1, alpha = -sign(x0) ||x||
            final double norm = Math.sqrt(DenseVectors.dot(w, cj + j, w, cj + j, n - j));
            final double x0 = w[cj + j];
            final double alpha = x0 >= 0 ? -norm : norm;
            if (norm == 0.0) {
                beta[j] = 0.0;
            } else {
                w[cj + j] = x0 - alpha;
                final double vtv = DenseVectors.dot(w, cj + j, w, cj + j, n - j);
                beta[j] = 2.0 / vtv;
                for (int c = j + 1; c < k; c++) {
                    final int cc = c * n;
                    final double s = beta[j] * DenseVectors.dot(w, cj + j, w, cc + j, n - j);
                    DenseVectors.axpy(-s, w, cj + j, w, cc + j, n - j);
                }
            }
            r[j + j * k] = alpha;
            for (int c = j + 1; c < k; c++) {
                r[j + c * k] = w[c * n + j];
            }
            if (firstDependent < 0 && !(Math.abs(alpha) > REL_TOL * colNorm[j])) {
                firstDependent = j;
            }
        }
        // Q = H_0 ... H_{k-1} [I_k; 0], applying the reflectors in reverse order
        final double[] q = new double[n * k];
        for (int j = 0; j < k; j++) {
            q[j * n + j] = 1.0;
        }
        for (int j = k - 1; j >= 0; j--) {
            if (beta[j] == 0.0) {
                continue;
            }
            final int cj = j * n;
            for (int c = j; c < k; c++) {
                final int cc = c * n;
                final double s = beta[j] * DenseVectors.dot(w, cj + j, q, cc + j, n - j);
                DenseVectors.axpy(-s, w, cj + j, q, cc + j, n - j);
            }
        }
        return new HouseholderQr(n, k, q, r, firstDependent);
    }

    public int rowCount() {
        return rowCount;
    }

    public int colCount() {
        return colCount;
    }

    /** The thin {@code Q}, n×k column-major (the array itself; do not modify). */
    public double[] qColMajor() {
        return qColMajor;
    }

    /** {@code R}, k×k upper triangular column-major (the array itself; do not modify). */
    public double[] rColMajor() {
        return rColMajor;
    }

    /** The first column j with {@code |R_jj| <= REL_TOL * ||A_j||}, or -1 if A has full rank. */
    public int firstDependentColumn() {
        return firstDependentColumn;
    }

    /** {@code R^-1} (k×k upper triangular, column-major) in a new array; requires full rank. */
    public double[] rInverse() {
        final int k = colCount;
        final double[] inv = new double[k * k];
        for (int j = 0; j < k; j++) {
            inv[j + j * k] = 1.0 / rColMajor[j + j * k];
            for (int i = j - 1; i >= 0; i--) {
                double s = 0.0;
                for (int p = i + 1; p <= j; p++) {
                    s += rColMajor[i + p * k] * inv[p + j * k];
                }
                inv[i + j * k] = -s / rColMajor[i + i * k];
            }
        }
        return inv;
    }
}
