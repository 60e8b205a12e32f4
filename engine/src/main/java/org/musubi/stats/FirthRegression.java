package org.musubi.stats;

import org.musubi.stats.linalg.Cholesky;
import org.musubi.stats.linalg.DenseVectors;

/**
 * Firth's bias-reduced logistic regression (Firth 1993; Heinze and Schemper 2002): maximises the
 * penalised log-likelihood {@code l*(beta) = l(beta) + 1/2 ln det I(beta)}, {@code I = X^T W X},
 * {@code W = diag(pi (1 - pi))}. Its estimates are finite under separation, which is why PLINK 2
 * falls back to it for rare variants (SPECS §3.2).
 *
 * <p>Iteration (after logistf and PLINK 2's port of it): the modified score {@code U*_j = sum_i
 * x_ij (y_i - pi_i + h_i (1/2 - pi_i))}, with {@code h_i} the diagonal of the hat matrix {@code
 * W^1/2 X I^-1 X^T W^1/2}; the step {@code M^-1 U*} with {@code M = X^T diag((1 + h) w) X} (as
 * current PLINK 2; logistf's {@code M = I} underestimates the curvature of the penalty and can
 * 2-cycle around the optimum of a singleton variant), capped at 5 per coefficient, and halved until
 * {@code l*} rises by at least 1e-4 of the predicted increase (Armijo). Near the optimum ({@code
 * U*^T M^-1 U* < 1e-2}) a slowly converging iteration (as under separation, where {@code l*}
 * flattens and {@code M} overestimates its curvature) tries 2, 4, ... 64 times the step while
 * {@code l*} keeps rising; not far from it, because {@code l*} need not be concave and a long jump
 * can land on a lower local maximum. Converged when {@code U*^T M^-1 U* < 1e-14}: the last step
 * moves no estimate by more than ~1e-7 of its standard error (logistf's defaults stop at raw
 * steps of 1e-5; PLINK 2.00a3.5 at 1e-4, in single precision). Hitting the iteration limit gives
 * {@link FitStatus#UNFINISHED} with the last iterate (PLINK prints {@code UNFINISHED}).
 *
 * <p>Standard errors: {@code sqrt(diag(I(beta)^-1))}, the unpenalised information at the penalised
 * estimate, which logistf and PLINK 2.00a3.5 report (checked against PLINK's output). Newer PLINK
 * versions invert {@code M} instead, which gives smaller standard errors.
 */
public final class FirthRegression {
    /** Convergence threshold on {@code U*^T M^-1 U*}. */
    static final double DECREMENT_TOL = 1e-14;
    /** logistf's {@code maxstep}. */
    static final double MAX_STEP = 5.0;

    static final int MAX_HALVINGS = 10;
    /** Progress slower than this decrement ratio per iteration triggers step extension. */
    static final double SLOW_RATIO = 0.25;
    /** Step extension only once {@code U*^T M^-1 U*} is below this. */
    static final double LOCAL_DECREMENT = 1e-2;
    /** At most 2^this times the Newton step. */
    static final int MAX_EXTENSIONS = 6;

    private FirthRegression() {}

    /**
     * Fits a Firth-penalised logistic regression on a full design matrix.
     *
     * @param xColMajor n×p predictors, column-major (include an intercept column if wanted)
     * @param y n outcomes, 0 or 1
     * @param beta p starting values (0 is fine), overwritten with the estimates
     * @param covarianceOut p×p, receives {@code I(beta)^-1} (not written when the fit fails)
     * @return how the fit ended
     */
    public static FitStatus fit(
            double[] xColMajor, int n, int p, double[] y, double[] beta, int maxIterations, double[] covarianceOut) {
        if (xColMajor.length < (long) n * p || y.length < n || beta.length < p || covarianceOut.length < p * p) {
            throw new IllegalArgumentException("array shorter than n=" + n + ", p=" + p);
        }
        final LogisticWorkspace ws = new LogisticWorkspace(n, p);
        final FitStatus status = fit(xColMajor, p, null, n, y, beta, maxIterations, ws);
        if (status != FitStatus.FAILED) {
            System.arraycopy(ws.cov, 0, covarianceOut, 0, p * p);
        }
        return status;
    }

    /** The Firth fit on the two-part design of {@link LogisticWorkspace}; {@code ws.cov} = I^-1. */
    static FitStatus fit(
            double[] c,
            int cCols,
            double[] g,
            int rows,
            double[] y,
            double[] beta,
            int maxIterations,
            LogisticWorkspace ws) {
        final int p = cCols + (g != null ? 1 : 0);
        double pll = evaluate(c, cCols, g, rows, y, beta, ws, false);
        if (Double.isNaN(pll)) {
            return FitStatus.FAILED;
        }
        final double[] stepChol = ws.hess; // reused: factor of X^T diag((1 + h) w) X
        double previousDecrement = Double.POSITIVE_INFINITY;
        for (int iter = 0; iter < maxIterations; iter++) {
            modifiedScore(c, cCols, g, rows, y, ws);
            // step matrix X^T diag((1 + h) w) X, h_i = w_i |B_i|^2 (ws.leverage holds |B_i|^2)
            final double[] w2 = ws.resid;
            for (int i = 0; i < rows; i++) {
                w2[i] = ws.weight[i] * (1.0 + ws.weight[i] * ws.leverage[i]);
            }
            LogisticWorkspace.weightedGram(c, cCols, g, rows, w2, stepChol, ws.weighted);
            if (!Cholesky.decompose(stepChol, p)) {
                return FitStatus.FAILED;
            }
            final double[] step = ws.step;
            System.arraycopy(ws.grad, 0, step, 0, p);
            Cholesky.solve(stepChol, p, step);
            final double decrement = DenseVectors.dot(ws.grad, 0, step, 0, p);
            if (!Double.isFinite(decrement)) {
                return FitStatus.FAILED;
            }
            if (decrement < DECREMENT_TOL) {
                for (int j = 0; j < p; j++) {
                    ws.betaTrial[j] = beta[j] + step[j];
                }
                if (!Double.isNaN(evaluate(c, cCols, g, rows, y, ws.betaTrial, ws, true))) {
                    ws.swapTrial();
                    System.arraycopy(ws.betaTrial, 0, beta, 0, p);
                }
                Cholesky.invert(ws.chol, p, ws.cov);
                return FitStatus.CONVERGED;
            }
            double maxAbs = 0.0;
            for (int j = 0; j < p; j++) {
                maxAbs = Math.max(maxAbs, Math.abs(step[j]));
            }
            double scale = maxAbs > MAX_STEP ? MAX_STEP / maxAbs : 1.0;
            // Armijo: demand a real increase of l* (a fraction of the predicted one), beyond the
            // rounding of l* itself; plain "no decrease" accepts a 2-cycle around the optimum
            final double slack = 1e-15 * Math.abs(pll);
            boolean accepted = false;
            double pllTrial = Double.NaN;
            for (int h = 0; h <= MAX_HALVINGS; h++) {
                for (int j = 0; j < p; j++) {
                    ws.betaTrial[j] = beta[j] + scale * step[j];
                }
                pllTrial = evaluate(c, cCols, g, rows, y, ws.betaTrial, ws, true);
                if (!Double.isNaN(pllTrial) && pllTrial - pll >= 1e-4 * scale * decrement - slack) {
                    accepted = true;
                    break;
                }
                scale *= 0.5;
            }
            if (!accepted) {
                if (decrement < 1e-8) {
                    // at the optimum to within the rounding of l*
                    Cholesky.invert(ws.chol, p, ws.cov);
                    return FitStatus.CONVERGED;
                }
                return FitStatus.FAILED;
            }
            if (scale == 1.0 && decrement < LOCAL_DECREMENT && decrement > SLOW_RATIO * previousDecrement) {
                // Near the optimum but progressing slowly (linearly): M overestimates the curvature,
                // as under separation where l* flattens out, so try longer steps along the same
                // direction while l* keeps rising. Only near the optimum (small decrement), so that
                // a long step cannot jump to another region of l*, which need not be concave.
                for (int e = 0; e < MAX_EXTENSIONS; e++) {
                    final double longer = 2.0 * scale;
                    for (int j = 0; j < p; j++) {
                        ws.betaTrial[j] = beta[j] + longer * step[j];
                    }
                    // evaluate() writes the trial buffers: keep the accepted ones in a copy first
                    ws.saveTrial();
                    final double pllLonger = evaluate(c, cCols, g, rows, y, ws.betaTrial, ws, true);
                    if (Double.isNaN(pllLonger) || !(pllLonger > pllTrial)) {
                        ws.restoreTrial();
                        for (int j = 0; j < p; j++) {
                            ws.betaTrial[j] = beta[j] + scale * step[j];
                        }
                        break;
                    }
                    scale = longer;
                    pllTrial = pllLonger;
                }
            }
            previousDecrement = decrement;
            ws.swapTrial();
            System.arraycopy(ws.betaTrial, 0, beta, 0, p);
            pll = pllTrial;
        }
        Cholesky.invert(ws.chol, p, ws.cov);
        return FitStatus.UNFINISHED;
    }

    /**
     * Linear predictor, probabilities, weights, information and its Cholesky factor at {@code
     * beta} (into the trial buffers when {@code trial}); returns {@code l*}, NaN if the information
     * is singular or the likelihood not finite.
     */
    private static double evaluate(
            double[] c,
            int cCols,
            double[] g,
            int rows,
            double[] y,
            double[] beta,
            LogisticWorkspace ws,
            boolean trial) {
        final int p = cCols + (g != null ? 1 : 0);
        final double[] eta = trial ? ws.etaTrial : ws.eta;
        final double[] prob = trial ? ws.probTrial : ws.prob;
        final double[] w = trial ? ws.weightTrial : ws.weight;
        final double[] chol = trial ? ws.cholTrial : ws.chol;
        LogisticWorkspace.linearPredictor(c, cCols, g, rows, beta, eta);
        final double ll = LogisticWorkspace.logLikelihood(y, eta, rows, prob, w);
        if (!Double.isFinite(ll)) {
            return Double.NaN;
        }
        LogisticWorkspace.weightedGram(c, cCols, g, rows, w, ws.hess, ws.weighted);
        if (!ws.factor(p, chol)) {
            return Double.NaN;
        }
        return ll + 0.5 * Cholesky.logDeterminant(chol, p);
    }

    /** {@code ws.grad = U*} at the current iterate (uses {@code ws.chol}, {@code ws.prob}, {@code ws.weight}). */
    private static void modifiedScore(double[] c, int cCols, double[] g, int rows, double[] y, LogisticWorkspace ws) {
        final int p = cCols + (g != null ? 1 : 0);
        final double[] l = ws.chol;
        // B = X L^-T column by column (B_j = (X_j - sum_{m<j} L_jm B_m) / L_jj); h_i = w_i |B_i.|^2
        final double[] b = ws.lowerSolveBuffer(rows, p);
        final double[] lev = ws.leverage;
        java.util.Arrays.fill(lev, 0, rows, 0.0);
        for (int j = 0; j < p; j++) {
            final double[] xj = LogisticWorkspace.column(c, cCols, g, j);
            final int oj = LogisticWorkspace.offset(cCols, rows, j);
            final int bj = j * rows;
            System.arraycopy(xj, oj, b, bj, rows);
            for (int m = 0; m < j; m++) {
                DenseVectors.axpy(-l[j + m * p], b, m * rows, b, bj, rows);
            }
            final double inv = 1.0 / l[j + j * p];
            for (int i = 0; i < rows; i++) {
                final double v = b[bj + i] * inv;
                b[bj + i] = v;
                lev[i] += v * v;
            }
        }
        final double[] prob = ws.prob;
        final double[] w = ws.weight;
        final double[] r = ws.resid;
        for (int i = 0; i < rows; i++) {
            final double h = w[i] * lev[i];
            r[i] = y[i] - prob[i] + h * (0.5 - prob[i]);
        }
        LogisticWorkspace.transposeTimes(c, cCols, g, rows, r, ws.grad);
    }
}
