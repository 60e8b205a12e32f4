package org.musubi.stats;

import org.musubi.stats.linalg.Cholesky;

/**
 * A small general GLM fit for a whole design, {@code y ~ X} with the intercept as a column of X: logistic regression
 * by Newton–Raphson (IRLS) and ordinary least squares, each with the full coefficient covariance and the
 * log-likelihood. Made for driver-side evaluation of models with a handful of columns (PRS evaluation, n up to
 * ~1e5): the per-variant GWAS kernels ({@link LogisticRegression}, {@link LinearRegression}) project covariates
 * once and expose only the tested coefficient, this fits and reports every coefficient.
 *
 * <p>The design is column-major: {@code x[c * n + i]} is column c of sample i. A design that is singular to working
 * precision (a constant or collinear column; {@link Cholesky#DEFAULT_REL_TOL}) or a logistic fit that does not
 * converge (separation) gives a result with {@link Result#ok()} false and a reason, never an exception.
 */
public final class GlmFit {
    private GlmFit() {}

    /** Newton iterations before a logistic fit is declared non-convergent. */
    public static final int MAX_ITERATIONS = 100;

    /** Convergence: the largest |coefficient step| and the relative change of the deviance. */
    public static final double TOLERANCE = 1e-10;

    /** A converged logistic fit with a linear predictor beyond ±30 is reported as separated. */
    public static final double MAX_ABS_ETA = 30;

    /**
     * @param beta coefficients, one per design column
     * @param covariance k×k column-major: (XᵀWX)⁻¹ (logistic) or σ²(XᵀX)⁻¹ (linear, σ² = RSS/(n − k))
     * @param logLik log-likelihood at β (linear: Gaussian with the ML variance RSS/n, as statsmodels' OLS.llf)
     * @param eta the linear predictor Xβ per sample
     * @param rss residual sum of squares (linear), NaN for logistic
     * @param r2 coefficient of determination 1 − RSS/TSS (linear; TSS about the mean), NaN for logistic
     * @param failure why the fit failed, or null
     */
    public record Result(
            int n,
            int k,
            double[] beta,
            double[] covariance,
            double logLik,
            double[] eta,
            double rss,
            double r2,
            int iterations,
            String failure) {
        public boolean ok() {
            return failure == null;
        }

        public double se(int c) {
            return Math.sqrt(covariance[c + c * k]);
        }

        /** Residual degrees of freedom n − k. */
        public int dfResidual() {
            return n - k;
        }

        /** Fitted probability 1/(1 + e^−η) of sample i (logistic). */
        public double probability(int i) {
            return 1 / (1 + Math.exp(-eta[i]));
        }
    }

    /** Logistic regression of 0/1 {@code y} on the design {@code x} (n × k, column-major). */
    public static Result logistic(double[] x, int n, int k, double[] y) {
        check(x, n, k, y);
        double[] beta = new double[k];
        double[] eta = new double[n];
        double[] xtwx = new double[k * k];
        double[] grad = new double[k];
        double dev = Double.NaN;
        for (int it = 1; it <= MAX_ITERATIONS; it++) {
            java.util.Arrays.fill(xtwx, 0);
            java.util.Arrays.fill(grad, 0);
            double[] w = new double[n];
            double[] r = new double[n];
            for (int i = 0; i < n; i++) {
                double p = 1 / (1 + Math.exp(-eta[i]));
                w[i] = p * (1 - p);
                r[i] = y[i] - p;
            }
            for (int a = 0; a < k; a++) {
                int oa = a * n;
                double g = 0;
                for (int i = 0; i < n; i++) {
                    g += x[oa + i] * r[i];
                }
                grad[a] = g;
                for (int b = 0; b <= a; b++) {
                    int ob = b * n;
                    double s = 0;
                    for (int i = 0; i < n; i++) {
                        s += w[i] * x[oa + i] * x[ob + i];
                    }
                    xtwx[a + b * k] = s;
                    xtwx[b + a * k] = s;
                }
            }
            if (!Cholesky.decompose(xtwx, k)) {
                return failed(n, k, it, "singular design: a constant or collinear column, or complete separation");
            }
            Cholesky.solve(xtwx, k, grad);
            double maxStep = 0;
            for (int c = 0; c < k; c++) {
                beta[c] += grad[c];
                maxStep = Math.max(maxStep, Math.abs(grad[c]));
            }
            linearPredictor(x, n, k, beta, eta);
            double newDev = -2 * logisticLogLik(eta, y);
            // Converged when the Newton step is negligible; a stalled deviance counts only once the step is small
            // too (under separation the deviance flattens while every step still moves β by about 1).
            boolean converged = maxStep < TOLERANCE
                    || (maxStep < 1e-6
                            && !Double.isNaN(dev)
                            && Math.abs(newDev - dev) <= TOLERANCE * (Math.abs(newDev) + 0.1));
            dev = newDev;
            if (converged) {
                // Covariance at the final β.
                double[] cov = information(x, n, k, eta);
                if (!Cholesky.decompose(cov, k)) {
                    return failed(n, k, it, "singular information matrix at the fit (separation)");
                }
                double[] inv = new double[k * k];
                Cholesky.invert(cov, k, inv);
                for (double b : beta) {
                    if (!Double.isFinite(b)) {
                        return failed(n, k, it, "coefficients diverge (complete separation)");
                    }
                }
                // Separation: the deviance converges while β runs off to infinity, so some fitted probabilities
                // end numerically 0 or 1 (R's glm warns on the same condition); |η| > 30 means p(1 − p) < 1e-13.
                for (double e : eta) {
                    if (Math.abs(e) > MAX_ABS_ETA) {
                        return failed(
                                n,
                                k,
                                it,
                                "fitted probabilities numerically 0 or 1 (complete or quasi-complete" + " separation)");
                    }
                }
                return new Result(n, k, beta, inv, -dev / 2, eta, Double.NaN, Double.NaN, it, null);
            }
        }
        return failed(n, k, MAX_ITERATIONS, "no convergence in " + MAX_ITERATIONS + " iterations (separation?)");
    }

    /** Ordinary least squares of {@code y} on the design {@code x} (n × k, column-major). */
    public static Result linear(double[] x, int n, int k, double[] y) {
        check(x, n, k, y);
        if (n <= k) {
            return failed(n, k, 0, n + " samples for " + k + " coefficients: no residual degrees of freedom");
        }
        double[] xtx = new double[k * k];
        double[] xty = new double[k];
        for (int a = 0; a < k; a++) {
            int oa = a * n;
            double g = 0;
            for (int i = 0; i < n; i++) {
                g += x[oa + i] * y[i];
            }
            xty[a] = g;
            for (int b = 0; b <= a; b++) {
                int ob = b * n;
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += x[oa + i] * x[ob + i];
                }
                xtx[a + b * k] = s;
                xtx[b + a * k] = s;
            }
        }
        if (!Cholesky.decompose(xtx, k)) {
            return failed(n, k, 1, "singular design: a constant or collinear column");
        }
        double[] beta = xty.clone();
        Cholesky.solve(xtx, k, beta);
        double[] eta = new double[n];
        linearPredictor(x, n, k, beta, eta);
        double rss = 0;
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += y[i];
        }
        mean /= n;
        double tss = 0;
        for (int i = 0; i < n; i++) {
            double e = y[i] - eta[i];
            rss += e * e;
            tss += (y[i] - mean) * (y[i] - mean);
        }
        double sigma2 = rss / (n - k);
        double[] inv = new double[k * k];
        Cholesky.invert(xtx, k, inv);
        for (int i = 0; i < k * k; i++) {
            inv[i] *= sigma2;
        }
        double logLik = -n / 2.0 * (Math.log(2 * Math.PI * rss / n) + 1);
        return new Result(n, k, beta, inv, logLik, eta, rss, 1 - rss / tss, 1, null);
    }

    /** Log-likelihood of 0/1 outcomes under the linear predictor η, computed stably. */
    public static double logisticLogLik(double[] eta, double[] y) {
        double ll = 0;
        for (int i = 0; i < eta.length; i++) {
            double e = eta[i];
            // ln(1 + e^η), without overflow
            double log1pExp = e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e));
            ll += y[i] * e - log1pExp;
        }
        return ll;
    }

    private static double[] information(double[] x, int n, int k, double[] eta) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            double p = 1 / (1 + Math.exp(-eta[i]));
            w[i] = p * (1 - p);
        }
        double[] m = new double[k * k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b <= a; b++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += w[i] * x[a * n + i] * x[b * n + i];
                }
                m[a + b * k] = s;
                m[b + a * k] = s;
            }
        }
        return m;
    }

    private static void linearPredictor(double[] x, int n, int k, double[] beta, double[] eta) {
        java.util.Arrays.fill(eta, 0);
        for (int c = 0; c < k; c++) {
            double b = beta[c];
            int o = c * n;
            for (int i = 0; i < n; i++) {
                eta[i] += b * x[o + i];
            }
        }
    }

    private static void check(double[] x, int n, int k, double[] y) {
        if (x.length != n * k || y.length != n || k < 1) {
            throw new IllegalArgumentException(
                    "design " + x.length + " values for n=" + n + ", k=" + k + ", outcome " + y.length);
        }
    }

    private static Result failed(int n, int k, int it, String why) {
        return new Result(n, k, null, null, Double.NaN, null, Double.NaN, Double.NaN, it, why);
    }
}
