package org.musubi.stats.wgr;

import org.musubi.stats.linalg.Cholesky;
import org.musubi.stats.linalg.DenseVectors;

/**
 * REGENIE v1.0.6.7's level 1 for binary traits: a ridge-penalised logistic regression of the 0/1 phenotype on the
 * level-0 features with the covariates-only fit's linear predictor as offset, by IRLS (weights p(1 − p), held at
 * ε = 1e-5 where p is within ε of 0 or 1, as glmnet; stop at max |score| &lt; 1e-5, at most 30 iterations, warm
 * starts along the τ grid). Leave-one-out ({@code ridge_logistic_level_1_loocv}, {@code
 * make_predictions_binary_loocv}): one fit on all samples per τ, each sample's leave-one-out coefficients by the
 * one-step update {@code β − H⁻¹x_i (y_i − p_i)/(1 − w_i x_iᵀH⁻¹x_i)}; the chosen τ is refitted from zero for the
 * predictions. K-fold ({@code ridge_logistic_level_1}, {@code make_predictions_binary}): per fold a fit without it,
 * predictions with the fold's coefficients. τ by the smallest out-of-fold −logLik/N (probabilities clamped to [ε,
 * 1 − ε]). Predictions are linear predictors without the offset. Used by the {@code wgr} plan on the driver.
 */
public final class Level1Logistic {
    /** REGENIE's l1_ridge_eps: weight floor, probability clamp and score tolerance. */
    public static final double EPS = 1e-5;

    /** REGENIE's niter_max: a fit needing more iterations has not converged. */
    public static final int MAX_ITER = 30;

    private Level1Logistic() {}

    /** A converged fit: coefficients, and at them the linear predictor (with offset), probabilities and weights. */
    record Irls(double[] beta, double[] eta, double[] p, double[] w) {}

    /**
     * Penalised IRLS of y on x (n × m column-major) with offset, over the masked samples.
     *
     * @param eps weight floor and clamp (0: none)
     * @return null when max |score| stays above tol for maxIter iterations
     */
    static Irls irls(
            double[] x,
            int n,
            int m,
            double[] y,
            double[] offset,
            boolean[] mask,
            double tau,
            double[] beta0,
            double tol,
            double eps,
            int maxIter) {
        double[] beta = beta0.clone();
        double[] eta = new double[n];
        double[] p = new double[n];
        double[] w = new double[n];
        double[] wm = new double[n];
        double[] z = new double[n];
        double[] a = new double[m * m];
        for (int iter = 1; iter <= maxIter; iter++) {
            weights(x, n, m, beta, offset, mask, eps, eta, p, w);
            for (int i = 0; i < n; i++) {
                boolean in = mask == null || mask[i];
                wm[i] = in ? w[i] : 0;
                z[i] = in ? eta[i] - offset[i] + (y[i] - p[i]) / w[i] : 0;
            }
            weightedGram(x, n, m, wm, tau, a);
            if (!Cholesky.decompose(a, m, 0)) {
                return null;
            }
            double[] next = new double[m];
            for (int j = 0; j < m; j++) {
                next[j] = DenseVectors.weightedDot(wm, x, j * n, z, 0, n);
            }
            Cholesky.solve(a, m, next);
            weights(x, n, m, next, offset, mask, eps, eta, p, w);
            double maxScore = 0;
            for (int i = 0; i < n; i++) {
                z[i] = mask == null || mask[i] ? y[i] - p[i] : 0;
            }
            for (int j = 0; j < m; j++) {
                double sc = DenseVectors.dot(x, j * n, z, 0, n) - tau * next[j];
                maxScore = Math.max(maxScore, Math.abs(sc));
            }
            beta = next;
            if (maxScore < tol) {
                return new Irls(beta, eta.clone(), p.clone(), w.clone());
            }
        }
        return null;
    }

    /** REGENIE's get_wvec: η (0 where masked), p, and w = p(1 − p) floored at eps (p set to 0/1 there). */
    private static void weights(
            double[] x,
            int n,
            int m,
            double[] beta,
            double[] offset,
            boolean[] mask,
            double eps,
            double[] eta,
            double[] p,
            double[] w) {
        System.arraycopy(offset, 0, eta, 0, n);
        for (int j = 0; j < m; j++) {
            DenseVectors.axpy(beta[j], x, j * n, eta, 0, n);
        }
        for (int i = 0; i < n; i++) {
            if (mask != null && !mask[i]) {
                eta[i] = 0;
                p[i] = 0.5;
                w[i] = 1;
                continue;
            }
            double pi = 1 - 1 / (Math.exp(eta[i]) + 1);
            if (eps > 0 && pi < eps) {
                p[i] = 0;
                w[i] = eps;
            } else if (eps > 0 && pi > 1 - eps) {
                p[i] = 1;
                w[i] = eps;
            } else {
                p[i] = pi;
                w[i] = pi * (1 - pi);
            }
        }
    }

    /** a = XᵀWX + τI (m × m, both triangles). */
    private static void weightedGram(double[] x, int n, int m, double[] wm, double tau, double[] a) {
        for (int j = 0; j < m; j++) {
            for (int i = j; i < m; i++) {
                double v = DenseVectors.weightedDot(wm, x, i * n, x, j * n, n);
                a[j * m + i] = v;
                a[i * m + j] = v;
            }
            a[j * m + j] += tau;
        }
    }

    private static double clamp(double p) {
        return p < EPS ? EPS : p > 1 - EPS ? 1 - EPS : p;
    }

    private static double negLogLik(double y, double p) {
        return -y * Math.log(p) - (1 - y) * Math.log(1 - p);
    }

    /** Thrown when a fit does not converge (REGENIE skips the phenotype). */
    public static final class NotConverged extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NotConverged(String what) {
            super(what);
        }
    }

    /**
     * Leave-one-out level 1.
     *
     * @param x features, n × m column-major (0 where masked)
     * @param y 0/1 phenotype
     * @param offset the covariates-only linear predictor ({@link WgrPhenotypes#nullLogisticOffset})
     * @param mask observed samples, or null for all
     * @param tau ridge values ({@link RidgeGrid#level1} with binary)
     * @param groups group starts over the m columns
     */
    public static Level1.Fit leaveOneOut(
            double[] x, int n, int m, double[] y, double[] offset, boolean[] mask, double[] tau, int[] groups) {
        int nt = tau.length;
        int neff = Level0.count(mask, n);
        double[][] sums = new double[nt][6];
        double[] beta = new double[m];
        double[] a = new double[m * m];
        double[] v = new double[m];
        for (int t = 0; t < nt; t++) {
            Irls fit = irls(x, n, m, y, offset, mask, tau[t], beta, EPS, EPS, MAX_ITER);
            if (fit == null) {
                throw new NotConverged("level 1 ridge logistic regression did not converge (tau " + tau[t] + ")");
            }
            beta = fit.beta();
            hessian(x, n, m, fit, mask, tau[t], a);
            for (int i = 0; i < n; i++) {
                if (mask != null && !mask[i]) {
                    continue;
                }
                looBeta(x, n, m, i, fit, a, v, y[i] - fit.p()[i]);
                double eta = offset[i] + rowDot(x, n, m, i, v);
                double p1 = clamp(1 - 1 / (Math.exp(eta) + 1));
                accumulate(sums[t], p1, y[i]);
            }
        }
        int best = best(sums, nt);
        Irls fit = irls(x, n, m, y, offset, mask, tau[best], new double[m], EPS, EPS, MAX_ITER);
        if (fit == null) {
            throw new NotConverged("level 1 ridge logistic regression did not converge (tau " + tau[best] + ")");
        }
        hessian(x, n, m, fit, mask, tau[best], a);
        double[][] contrib = new double[groups.length - 1][n];
        for (int i = 0; i < n; i++) {
            looBeta(x, n, m, i, fit, a, v, y[i] - fit.p()[i]);
            for (int g = 0; g + 1 < groups.length; g++) {
                double s = 0;
                for (int j = groups[g]; j < groups[g + 1]; j++) {
                    s += x[j * n + i] * v[j];
                }
                contrib[g][i] = s;
            }
        }
        return result(sums, neff, best, contrib);
    }

    /**
     * K-fold level 1 (folds as {@link RidgeGrid#folds}); arguments as {@link #leaveOneOut}.
     */
    public static Level1.Fit kFold(
            double[] x,
            int n,
            int m,
            double[] y,
            double[] offset,
            boolean[] mask,
            int[] folds,
            double[] tau,
            int[] groups) {
        int nt = tau.length;
        int k = folds.length - 1;
        int neff = Level0.count(mask, n);
        double[][] sums = new double[nt][6];
        double[][][] betas = new double[k][nt][];
        boolean[] train = new boolean[n];
        for (int f = 0; f < k; f++) {
            int s = folds[f];
            int e = folds[f + 1];
            for (int i = 0; i < n; i++) {
                train[i] = (i < s || i >= e) && (mask == null || mask[i]);
            }
            double[] beta = new double[m];
            for (int t = 0; t < nt; t++) {
                Irls fit = irls(x, n, m, y, offset, train, tau[t], beta, EPS, EPS, MAX_ITER);
                if (fit == null) {
                    throw new NotConverged("level 1 ridge logistic regression did not converge (fold " + (f + 1)
                            + ", tau " + tau[t] + ")");
                }
                beta = fit.beta();
                betas[f][t] = beta;
                for (int i = s; i < e; i++) {
                    if (mask != null && !mask[i]) {
                        continue;
                    }
                    double eta = offset[i] + rowDot(x, n, m, i, beta);
                    accumulate(sums[t], clamp(1 - 1 / (Math.exp(eta) + 1)), y[i]);
                }
            }
        }
        int best = best(sums, nt);
        double[][] contrib = new double[groups.length - 1][n];
        for (int f = 0; f < k; f++) {
            double[] b = betas[f][best];
            for (int g = 0; g + 1 < groups.length; g++) {
                for (int j = groups[g]; j < groups[g + 1]; j++) {
                    DenseVectors.axpy(b[j], x, j * n + folds[f], contrib[g], folds[f], folds[f + 1] - folds[f]);
                }
            }
        }
        return result(sums, neff, best, contrib);
    }

    private static void hessian(double[] x, int n, int m, Irls fit, boolean[] mask, double tau, double[] a) {
        double[] wm = new double[n];
        for (int i = 0; i < n; i++) {
            wm[i] = mask == null || mask[i] ? fit.w()[i] : 0;
        }
        weightedGram(x, n, m, wm, tau, a);
        if (!Cholesky.decompose(a, m, 0)) {
            throw new NotConverged("level 1: penalised information not positive definite");
        }
    }

    /** Sample i's leave-one-out coefficients into v (length m); resid = y_i − p_i at the full fit. */
    private static void looBeta(double[] x, int n, int m, int i, Irls fit, double[] l, double[] v, double resid) {
        for (int j = 0; j < m; j++) {
            v[j] = x[j * n + i];
        }
        Cholesky.solve(l, m, v);
        double v2 = 0;
        for (int j = 0; j < m; j++) {
            v2 += x[j * n + i] * v[j];
        }
        v2 *= fit.w()[i];
        double k = resid / (1 - v2);
        for (int j = 0; j < m; j++) {
            v[j] = fit.beta()[j] - v[j] * k;
        }
    }

    /** x_i · v over all m columns. */
    private static double rowDot(double[] x, int n, int m, int i, double[] v) {
        double s = 0;
        for (int j = 0; j < m; j++) {
            s += x[j * n + i] * v[j];
        }
        return s;
    }

    private static void accumulate(double[] s, double p1, double y) {
        s[0] += p1;
        s[1] += y;
        s[2] += p1 * p1;
        s[3] += y * y;
        s[4] += p1 * y;
        s[5] += negLogLik(y, p1);
    }

    private static int best(double[][] sums, int nt) {
        int best = 0;
        for (int t = 1; t < nt; t++) {
            if (sums[t][5] < sums[best][5]) {
                best = t;
            }
        }
        return best;
    }

    private static Level1.Fit result(double[][] sums, int neff, int best, double[][] contrib) {
        int nt = sums.length;
        double[] rsq = new double[nt];
        double[] mse = new double[nt];
        double[] ll = new double[nt];
        for (int t = 0; t < nt; t++) {
            rsq[t] = Level1.rsq(sums[t], neff);
            mse[t] = (sums[t][2] + sums[t][3] - 2 * sums[t][4]) / neff;
            ll[t] = sums[t][5] / neff;
        }
        return new Level1.Fit(rsq, mse, ll, best, contrib);
    }
}
