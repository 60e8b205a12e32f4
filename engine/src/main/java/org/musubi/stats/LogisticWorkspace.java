package org.musubi.stats;

import org.musubi.stats.linalg.Cholesky;
import org.musubi.stats.linalg.DenseVectors;

/**
 * Scratch space and shared steps of the logistic and Firth fits. The design {@code X} (rows × p) is
 * passed as two parts so that the covariates need not be copied per variant: columns {@code 0..cCols)}
 * are {@code c[j * rows ..]} (column-major) and, if {@code g != null}, column {@code cCols} is
 * {@code g[0..rows)}. Not thread-safe; sized for at most {@code maxRows} rows and {@code maxP}
 * predictors.
 */
final class LogisticWorkspace {
    final int maxRows;
    final int maxP;
    double[] eta;
    double[] prob;
    double[] weight;
    double[] etaTrial;
    double[] probTrial;
    double[] weightTrial;
    final double[] resid;
    final double[] weighted; // w .* x_a scratch for weightedGram
    final double[] leverage;
    final double[] hess;
    double[] chol;
    double[] cholTrial;
    final double[] cov;
    final double[] grad;
    final double[] step;
    final double[] betaTrial;
    private double[] lowerSolveBuffer; // rows × p, Firth only
    // compacted design for variants with dropped samples (lazily allocated)
    private double[] cCompact;
    final double[] gCompact;
    final double[] yCompact;

    LogisticWorkspace(int maxRows, int maxP) {
        this.maxRows = maxRows;
        this.maxP = maxP;
        eta = new double[maxRows];
        prob = new double[maxRows];
        weight = new double[maxRows];
        etaTrial = new double[maxRows];
        probTrial = new double[maxRows];
        weightTrial = new double[maxRows];
        resid = new double[maxRows];
        weighted = new double[maxRows];
        leverage = new double[maxRows];
        hess = new double[maxP * maxP];
        chol = new double[maxP * maxP];
        cholTrial = new double[maxP * maxP];
        cov = new double[maxP * maxP];
        grad = new double[maxP];
        step = new double[maxP];
        betaTrial = new double[maxP];
        gCompact = new double[maxRows];
        yCompact = new double[maxRows];
    }

    double[] cCompact(int cCols) {
        if (cCompact == null || cCompact.length < maxRows * cCols) {
            cCompact = new double[maxRows * cCols];
        }
        return cCompact;
    }

    double[] lowerSolveBuffer(int rows, int p) {
        if (lowerSolveBuffer == null || lowerSolveBuffer.length < rows * p) {
            lowerSolveBuffer = new double[maxRows * maxP];
        }
        return lowerSolveBuffer;
    }

    private double[] savedEta;
    private double[] savedProb;
    private double[] savedWeight;
    private double[] savedChol;

    /** Copies the trial buffers aside (for a speculative evaluation that may be undone). */
    void saveTrial() {
        if (savedEta == null) {
            savedEta = new double[maxRows];
            savedProb = new double[maxRows];
            savedWeight = new double[maxRows];
            savedChol = new double[maxP * maxP];
        }
        double[] t = savedEta;
        savedEta = etaTrial;
        etaTrial = t;
        t = savedProb;
        savedProb = probTrial;
        probTrial = t;
        t = savedWeight;
        savedWeight = weightTrial;
        weightTrial = t;
        t = savedChol;
        savedChol = cholTrial;
        cholTrial = t;
    }

    /** Undoes {@link #saveTrial()}: the saved buffers become the trial buffers again. */
    void restoreTrial() {
        saveTrial();
    }

    void swapTrial() {
        double[] t = eta;
        eta = etaTrial;
        etaTrial = t;
        t = prob;
        prob = probTrial;
        probTrial = t;
        t = weight;
        weight = weightTrial;
        weightTrial = t;
        t = chol;
        chol = cholTrial;
        cholTrial = t;
    }

    static double[] column(double[] c, int cCols, double[] g, int j) {
        return j < cCols ? c : g;
    }

    static int offset(int cCols, int rows, int j) {
        return j < cCols ? j * rows : 0;
    }

    /** {@code eta = X beta}. */
    static void linearPredictor(double[] c, int cCols, double[] g, int rows, double[] beta, double[] eta) {
        java.util.Arrays.fill(eta, 0, rows, 0.0);
        final int p = cCols + (g != null ? 1 : 0);
        for (int j = 0; j < p; j++) {
            final double b = beta[j];
            if (b != 0.0) {
                DenseVectors.axpy(b, column(c, cCols, g, j), offset(cCols, rows, j), eta, 0, rows);
            }
        }
    }

    /**
     * Fills {@code prob = 1/(1+e^-eta)} and {@code weight = prob (1 - prob)}, returns the
     * log-likelihood {@code sum y eta - log(1 + e^eta)} (computed without overflow).
     */
    static double logLikelihood(double[] y, double[] eta, int rows, double[] prob, double[] weight) {
        double ll = 0.0;
        for (int i = 0; i < rows; i++) {
            final double e = eta[i];
            final double softplus;
            final double pr;
            if (e > 0) {
                final double t = Math.exp(-e);
                softplus = e + Math.log1p(t);
                pr = 1.0 / (1.0 + t);
                weight[i] = t / ((1.0 + t) * (1.0 + t));
            } else {
                final double t = Math.exp(e);
                softplus = Math.log1p(t);
                pr = t / (1.0 + t);
                weight[i] = t / ((1.0 + t) * (1.0 + t));
            }
            prob[i] = pr;
            ll += y[i] * e - softplus;
        }
        return ll;
    }

    /** {@code H = X^T diag(w) X} (p×p, both triangles); uses {@link #resid}-sized scratch {@code wx}. */
    static void weightedGram(double[] c, int cCols, double[] g, int rows, double[] w, double[] h, double[] wx) {
        final int p = cCols + (g != null ? 1 : 0);
        java.util.Arrays.fill(h, 0, p * p, 0.0);
        for (int a = 0; a < p; a++) {
            final double[] xa = column(c, cCols, g, a);
            final int oa = offset(cCols, rows, a);
            for (int i = 0; i < rows; i++) {
                wx[i] = w[i] * xa[oa + i];
            }
            // row a of the lower triangle: columns 0..min(a, cCols-1) of c, four at a time, then g
            final int cUpTo = Math.min(a + 1, cCols);
            DenseVectors.multiDot(c, 0, rows, cUpTo, wx, 0, rows, h, a * p);
            if (a == cCols) {
                h[a * p + a] = DenseVectors.dot(g, 0, wx, 0, rows);
            }
        }
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < a; b++) {
                h[a + b * p] = h[b + a * p];
            }
        }
    }

    /** {@code out = X^T v}. */
    static void transposeTimes(double[] c, int cCols, double[] g, int rows, double[] v, double[] out) {
        java.util.Arrays.fill(out, 0, cCols, 0.0);
        DenseVectors.multiDot(c, 0, rows, cCols, v, 0, rows, out, 0);
        if (g != null) {
            out[cCols] = DenseVectors.dot(g, 0, v, 0, rows);
        }
    }

    /** Factors {@code hess} into {@code target}; false if not positive definite. */
    boolean factor(int p, double[] target) {
        System.arraycopy(hess, 0, target, 0, p * p);
        return Cholesky.decompose(target, p);
    }
}
