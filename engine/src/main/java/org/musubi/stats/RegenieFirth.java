package org.musubi.stats;

import org.musubi.stats.linalg.Cholesky;

/**
 * Firth-penalised logistic regression with an offset, step for step as REGENIE 1.0.6.7's {@code
 * fit_firth_logistic_snp} ({@code Step2_Models.cpp}): modified score {@code Xᵀ(y − p + h(½ − p))}, Newton step on the
 * first {@code colIncl} coefficients (the others stay as given), each entry capped at {@code maxStep}, step halving
 * (the step is divided by 1, 2, 4, … in turn) until the penalised deviance {@code −2(ℓ + ½ log|XᵀWX|)} drops, stop
 * when the modified score's largest entry is below 1e-5. Used by {@link RegenieBt}.
 */
final class RegenieFirth {
    static final double NUMTOL = 1e-6;
    static final double SCORE_TOL = 1e-5;
    static final int LINE_SEARCH = 25;

    private final int n;
    private final int m;
    private final double[] eta;
    private final double[] p;
    private final double[] w;
    private final double[] a;
    private final double[] aSub;
    private final double[] inv;
    private final double[] xi;
    private final double[] score;
    private final double[] step;
    private final double[] betaNew;

    /** After {@link #fit}: the penalised deviance at the start and at the end, and the last coefficient's SE. */
    double devStart;

    double devEnd;
    double seLast;

    RegenieFirth(int n, int m) {
        this.n = n;
        this.m = m;
        eta = new double[n];
        p = new double[n];
        w = new double[n];
        a = new double[m * m];
        aSub = new double[m * m];
        inv = new double[m * m];
        xi = new double[m];
        score = new double[m];
        step = new double[m];
        betaNew = new double[m];
    }

    /**
     * Fits in place.
     *
     * @param x n×m design, column-major
     * @param beta start values (length m), the estimate on return
     * @param startBlock the start deviance's penalty uses only the leading colIncl block (REGENIE's per-variant null
     *     fit does)
     * @return false when not converged in {@code maxIter} iterations
     */
    boolean fit(
            double[] x,
            int colIncl,
            double[] offset,
            double[] y,
            double[] beta,
            double maxStep,
            int maxIter,
            boolean startBlock) {
        System.arraycopy(beta, 0, betaNew, 0, m);
        devStart = deviance(x, offset, y, beta, startBlock ? colIncl : m);
        double devOld = devStart;
        double dl = devStart;
        int iter = 0;
        while (iter++ < maxIter) {
            weights(x, offset, beta);
            gram(x, m, a);
            if (!Cholesky.decompose(a, m, 0)) {
                return false;
            }
            // modified score with h_i = w_i x_iᵀ A⁻¹ x_i
            java.util.Arrays.fill(score, 0);
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < m; c++) {
                    xi[c] = x[c * n + i];
                }
                double h = w[i] * Cholesky.inverseQuadraticForm(a, m, xi, step);
                double u = y[i] - p[i] + h * (0.5 - p[i]);
                for (int c = 0; c < colIncl; c++) {
                    score[c] += xi[c] * u;
                }
            }
            System.arraycopy(score, 0, step, 0, colIncl);
            if (colIncl < m) {
                gram(x, colIncl, aSub);
                if (!Cholesky.decompose(aSub, colIncl, 0)) {
                    return false;
                }
                Cholesky.solve(aSub, colIncl, step);
            } else {
                Cholesky.solve(a, m, step);
            }
            double mx = 0;
            for (int c = 0; c < colIncl; c++) {
                mx = Math.max(mx, Math.abs(step[c]));
            }
            mx /= maxStep;
            if (mx > 1) {
                for (int c = 0; c < colIncl; c++) {
                    step[c] /= mx;
                }
            }
            double denum = 1;
            for (int s = 1; s <= LINE_SEARCH; s++) {
                for (int c = 0; c < colIncl; c++) {
                    step[c] /= denum;
                    betaNew[c] = beta[c] + step[c];
                }
                dl = deviance(x, offset, y, betaNew, m);
                if (dl < devOld + NUMTOL) {
                    break;
                }
                denum *= 2;
            }
            for (int c = 0; c < colIncl; c++) {
                beta[c] += step[c];
            }
            devOld = dl;
            double maxScore = 0;
            for (int c = 0; c < colIncl; c++) {
                maxScore = Math.max(maxScore, Math.abs(score[c]));
            }
            if (maxScore < SCORE_TOL) {
                break;
            }
        }
        if (iter > maxIter) {
            return false;
        }
        devEnd = dl;
        // SE from the information at the last deviance evaluation (the estimate)
        weights(x, offset, beta);
        gram(x, m, a);
        if (!Cholesky.decompose(a, m, 0)) {
            return false;
        }
        Cholesky.invert(a, m, inv);
        seLast = Math.sqrt(inv[m * m - 1]);
        return true;
    }

    /** η, p and w = p(1−p) at beta. */
    private void weights(double[] x, double[] offset, double[] beta) {
        for (int i = 0; i < n; i++) {
            double e = offset[i];
            for (int c = 0; c < m; c++) {
                e += x[c * n + i] * beta[c];
            }
            eta[i] = e;
            double pi = 1 - 1 / (Math.exp(e) + 1);
            p[i] = pi;
            w[i] = pi * (1 - pi);
        }
    }

    /** The leading b×b block of XᵀWX into out (b×b, column-major). */
    private void gram(double[] x, int b, double[] out) {
        for (int c = 0; c < b; c++) {
            for (int d = 0; d <= c; d++) {
                double s = 0;
                int oc = c * n;
                int od = d * n;
                for (int i = 0; i < n; i++) {
                    s += w[i] * x[oc + i] * x[od + i];
                }
                out[c + d * b] = s;
                out[d + c * b] = s;
            }
        }
    }

    /** Penalised deviance at beta, the penalty from the leading b×b block of XᵀWX. */
    private double deviance(double[] x, double[] offset, double[] y, double[] beta, int b) {
        weights(x, offset, beta);
        double ll = 0;
        for (int i = 0; i < n; i++) {
            ll += y[i] * Math.log(p[i]) + (1 - y[i]) * Math.log(1 - p[i]);
        }
        gram(x, b, aSub);
        double logDet = Cholesky.decompose(aSub, b, 0) ? Cholesky.logDeterminant(aSub, b) : Double.NEGATIVE_INFINITY;
        return -2 * (ll + 0.5 * logDet);
    }
}
