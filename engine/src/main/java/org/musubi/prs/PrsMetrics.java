package org.musubi.prs;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.musubi.error.MusubiUserException;

/**
 * PRS evaluation metrics (SPECS §6), pure Java: AUC with its DeLong variance and 95 % CI, and the odds ratio per
 * standard deviation of the score from a logistic regression with optional covariates.
 */
public final class PrsMetrics {
    private PrsMetrics() {}

    static final double Z95 = 1.959963984540054;

    /**
     * AUC = Mann–Whitney U / (n₁n₀) (ties count ½) with the DeLong variance: V10ᵢ (per case) and V01ⱼ (per control)
     * structural components, Var = S10/n₁ + S01/n₀ with sample variances; CI = AUC ± 1.96·√Var clipped to [0, 1].
     */
    public record Auc(double auc, double variance, double lower, double upper, int cases, int controls) {
        public double se() {
            return Math.sqrt(variance);
        }
    }

    /** Odds ratio for one unit of the predictor (per SD when standardised), Wald 95 % CI. */
    public record OddsRatio(double beta, double se, double or, double lower, double upper, int n, int iterations) {}

    /** AUC of {@code score} for {@code isCase}; O(n log n) with mid-ranks (Sun &amp; Xu 2014). */
    public static Auc auc(double[] score, boolean[] isCase) {
        int n = score.length;
        if (isCase.length != n) {
            throw new IllegalArgumentException("score and outcome lengths differ");
        }
        int n1 = 0;
        for (boolean c : isCase) {
            n1 += c ? 1 : 0;
        }
        int n0 = n - n1;
        if (n1 == 0 || n0 == 0) {
            throw new MusubiUserException("AUC needs cases and controls; got " + n1 + " cases and " + n0 + " controls");
        }
        double[] cases = new double[n1];
        double[] controls = new double[n0];
        for (int i = 0, a = 0, b = 0; i < n; i++) {
            if (isCase[i]) {
                cases[a++] = score[i];
            } else {
                controls[b++] = score[i];
            }
        }
        double[] all = score.clone();
        Arrays.sort(all);
        Arrays.sort(cases);
        Arrays.sort(controls);
        // V10_i = P(control < case_i) + ½ P(tie) = (#controls below + ½ #controls equal) / n0
        double[] v10 = new double[n1];
        for (int i = 0; i < n1; i++) {
            double s = cases[i];
            v10[i] = (lowerBound(controls, s) + 0.5 * (upperBound(controls, s) - lowerBound(controls, s))) / n0;
        }
        double[] v01 = new double[n0];
        for (int j = 0; j < n0; j++) {
            double s = controls[j];
            v01[j] = ((n1 - upperBound(cases, s)) + 0.5 * (upperBound(cases, s) - lowerBound(cases, s))) / n1;
        }
        double auc = mean(v10);
        double var = sampleVariance(v10) / n1 + sampleVariance(v01) / n0;
        double half = Z95 * Math.sqrt(var);
        return new Auc(auc, var, Math.max(0, auc - half), Math.min(1, auc + half), n1, n0);
    }

    /**
     * DeLong's structural components in input order: {@code v10[a]} for the a-th case (fraction of controls it
     * outscores, ties ½) and {@code v01[b]} for the b-th control (fraction of cases that outscore it).
     */
    public record Components(double auc, double[] v10, double[] v01) {}

    public static Components components(double[] score, boolean[] isCase) {
        int n = score.length;
        int n1 = 0;
        for (boolean c : isCase) {
            n1 += c ? 1 : 0;
        }
        int n0 = n - n1;
        if (n1 == 0 || n0 == 0) {
            throw new MusubiUserException("AUC needs cases and controls; got " + n1 + " cases and " + n0 + " controls");
        }
        double[] cases = new double[n1];
        double[] controls = new double[n0];
        for (int i = 0, a = 0, b = 0; i < n; i++) {
            if (isCase[i]) {
                cases[a++] = score[i];
            } else {
                controls[b++] = score[i];
            }
        }
        double[] sc = cases.clone();
        double[] so = controls.clone();
        Arrays.sort(sc);
        Arrays.sort(so);
        double[] v10 = new double[n1];
        for (int a = 0; a < n1; a++) {
            double s = cases[a];
            int lo = lowerBound(so, s);
            v10[a] = (lo + 0.5 * (upperBound(so, s) - lo)) / n0;
        }
        double[] v01 = new double[n0];
        for (int b = 0; b < n0; b++) {
            double s = controls[b];
            int up = upperBound(sc, s);
            v01[b] = ((n1 - up) + 0.5 * (up - lowerBound(sc, s))) / n1;
        }
        return new Components(mean(v10), v10, v01);
    }

    /**
     * Difference of two correlated AUCs on the same samples (DeLong et al. 1988): AUC_a − AUC_b with variance
     * [S10_aa + S10_bb − 2 S10_ab]/n₁ + [S01_aa + S01_bb − 2 S01_ab]/n₀ (sample covariances of the structural
     * components), 95 % Wald CI and two-sided P.
     */
    public record AucDifference(
            double aucA, double aucB, double difference, double variance, double lower, double upper, double p) {}

    public static AucDifference aucDifference(double[] a, double[] b, boolean[] isCase) {
        Components ca = components(a, isCase);
        Components cb = components(b, isCase);
        int n1 = ca.v10().length;
        int n0 = ca.v01().length;
        double s10 = sampleVariance(ca.v10()) + sampleVariance(cb.v10()) - 2 * sampleCovariance(ca.v10(), cb.v10());
        double s01 = sampleVariance(ca.v01()) + sampleVariance(cb.v01()) - 2 * sampleCovariance(ca.v01(), cb.v01());
        double var = Math.max(0, s10 / n1 + s01 / n0);
        double d = ca.auc() - cb.auc();
        double half = Z95 * Math.sqrt(var);
        double p = var > 0
                ? org.musubi.stats.Distributions.lnPToP(org.musubi.stats.Distributions.zToLnP(d / Math.sqrt(var)))
                : Double.NaN;
        return new AucDifference(ca.auc(), cb.auc(), d, var, d - half, d + half, p);
    }

    static double sampleCovariance(double[] x, double[] y) {
        if (x.length < 2) {
            return 0;
        }
        double mx = mean(x);
        double my = mean(y);
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += (x[i] - mx) * (y[i] - my);
        }
        return s / (x.length - 1);
    }

    /** Index of the first element ≥ v. */
    private static int lowerBound(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int m = (lo + hi) >>> 1;
            if (a[m] < v) {
                lo = m + 1;
            } else {
                hi = m;
            }
        }
        return lo;
    }

    /** Index of the first element &gt; v. */
    private static int upperBound(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int m = (lo + hi) >>> 1;
            if (a[m] <= v) {
                lo = m + 1;
            } else {
                hi = m;
            }
        }
        return lo;
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    static double sampleVariance(double[] x) {
        if (x.length < 2) {
            return 0;
        }
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return s / (x.length - 1);
    }

    /** z = (x − mean) / SD over all samples (SD with n − 1). */
    public static double[] standardise(double[] x) {
        double m = mean(x);
        double sd = Math.sqrt(sampleVariance(x));
        if (!(sd > 0)) {
            throw new MusubiUserException("the score is constant over the samples; it cannot be standardised");
        }
        double[] z = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            z[i] = (x[i] - m) / sd;
        }
        return z;
    }

    /** OR per SD of {@code score}: logistic regression of y on the standardised score (+ covariates). */
    public static OddsRatio orPerSd(double[] score, boolean[] y, double[][] covariates) {
        return logistic(standardise(score), y, covariates);
    }

    /**
     * Logistic regression y ~ 1 + x + covariates by Newton–Raphson; the OR and Wald CI of {@code x}.
     *
     * @param covariates per sample covariate values ({@code covariates[i]}), or null
     */
    public static OddsRatio logistic(double[] x, boolean[] y, double[][] covariates) {
        int n = x.length;
        int k = 2 + (covariates == null || n == 0 ? 0 : covariates[0].length);
        double[][] d = new double[n][k];
        for (int i = 0; i < n; i++) {
            d[i][0] = 1;
            d[i][1] = x[i];
            for (int c = 2; c < k; c++) {
                d[i][c] = covariates[i][c - 2];
            }
        }
        double[] beta = new double[k];
        RealMatrix inv = null;
        int it;
        for (it = 1; it <= 100; it++) {
            double[] grad = new double[k];
            double[][] info = new double[k][k];
            for (int i = 0; i < n; i++) {
                double eta = 0;
                for (int c = 0; c < k; c++) {
                    eta += d[i][c] * beta[c];
                }
                double p = 1 / (1 + Math.exp(-eta));
                double r = (y[i] ? 1 : 0) - p;
                double w = p * (1 - p);
                for (int a = 0; a < k; a++) {
                    grad[a] += d[i][a] * r;
                    for (int b = 0; b <= a; b++) {
                        info[a][b] += w * d[i][a] * d[i][b];
                    }
                }
            }
            for (int a = 0; a < k; a++) {
                for (int b = a + 1; b < k; b++) {
                    info[a][b] = info[b][a];
                }
            }
            LUDecomposition lu = new LUDecomposition(new Array2DRowRealMatrix(info, false));
            if (!lu.getSolver().isNonSingular()) {
                throw new MusubiUserException("logistic regression: singular design (constant or collinear columns,"
                        + " or complete separation)");
            }
            inv = lu.getSolver().getInverse();
            double[] step = inv.operate(grad);
            double maxStep = 0;
            for (int c = 0; c < k; c++) {
                beta[c] += step[c];
                maxStep = Math.max(maxStep, Math.abs(step[c]));
            }
            if (maxStep < 1e-10) {
                break;
            }
        }
        if (it > 100) {
            throw new MusubiUserException("logistic regression did not converge in 100 iterations (separation?)");
        }
        double se = Math.sqrt(inv.getEntry(1, 1));
        double b = beta[1];
        return new OddsRatio(b, se, Math.exp(b), Math.exp(b - Z95 * se), Math.exp(b + Z95 * se), n, it);
    }
}
