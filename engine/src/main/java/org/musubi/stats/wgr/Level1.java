package org.musubi.stats.wgr;

import org.musubi.stats.linalg.DenseVectors;

/**
 * REGENIE v1.0.6.7's level 1 for quantitative traits ({@code ridge_level_1}, {@code make_predictions}): per fold
 * a ridge regression of the scaled phenotype on the level-0 features of the other folds, for each τ; τ chosen by
 * the smallest out-of-fold MSE; each sample's prediction uses its own fold's coefficients (no refit), split into
 * per-chromosome contributions for LOCO. The {@link Fit} record is shared with {@link Level1Logistic}. Used by the
 * {@code wgr} plan on the driver.
 */
public final class Level1 {
    private Level1() {}

    /**
     * One phenotype's level-1 result.
     *
     * @param rsq out-of-fold squared correlation of prediction and phenotype, per τ
     * @param mse out-of-fold mean squared error, per τ (binary: of the probabilities)
     * @param negLogLik out-of-fold −log-likelihood / N per τ (binary), null for quantitative traits
     * @param best the chosen τ's index (the first minimum of MSE, or of −logLik for binary traits)
     * @param contributions per group (chromosome) each sample's contribution to the prediction, [group][n]
     */
    public record Fit(double[] rsq, double[] mse, double[] negLogLik, int best, double[][] contributions) {
        /** LOCO prediction of sample i leaving group g out: the total less the group's contribution. */
        public double loco(int g, int i) {
            double total = 0;
            for (double[] c : contributions) {
                total += c[i];
            }
            return g < 0 ? total : total - contributions[g][i];
        }
    }

    /**
     * K-fold ridge level 1.
     *
     * @param x features, n × m column-major
     * @param y the residualised, scaled phenotype
     * @param folds fold starts ({@link RidgeGrid#folds})
     * @param tau ridge values ({@link RidgeGrid#level1})
     * @param groups group starts over the m columns: group g is {@code [groups[g], groups[g+1])}
     */
    public static Fit ridge(double[] x, int n, int m, double[] y, int[] folds, double[] tau, int[] groups) {
        int k = folds.length - 1;
        int nt = tau.length;
        double[][] xtx = new double[k][];
        double[][] xty = new double[k][];
        double[] xtxAll = new double[m * m];
        double[] xtyAll = new double[m];
        for (int f = 0; f < k; f++) {
            int s = folds[f];
            int len = folds[f + 1] - s;
            xtx[f] = RidgeSystems.gram(x, n, m, s, len);
            xty[f] = new double[m];
            for (int j = 0; j < m; j++) {
                xty[f][j] = DenseVectors.dot(x, j * n + s, y, s, len);
            }
            for (int i = 0; i < m * m; i++) {
                xtxAll[i] += xtx[f][i];
            }
            for (int i = 0; i < m; i++) {
                xtyAll[i] += xty[f][i];
            }
        }
        double[][][] beta = new double[k][nt][];
        double[][] sums = new double[nt][5]; // Sx, Sy, Sx2, Sy2, Sxy
        double[] a = new double[m * m];
        double[] pred = new double[n];
        for (int f = 0; f < k; f++) {
            int s = folds[f];
            int len = folds[f + 1] - s;
            for (int t = 0; t < nt; t++) {
                RidgeSystems.factorWithout(xtxAll, xtx[f], tau[t], m, a);
                double[] b = new double[m];
                for (int j = 0; j < m; j++) {
                    b[j] = xtyAll[j] - xty[f][j];
                }
                RidgeSystems.solve(a, m, b, 0);
                beta[f][t] = b;
                java.util.Arrays.fill(pred, s, s + len, 0);
                for (int j = 0; j < m; j++) {
                    DenseVectors.axpy(b[j], x, j * n + s, pred, s, len);
                }
                for (int i = s; i < s + len; i++) {
                    sums[t][0] += pred[i];
                    sums[t][1] += y[i];
                    sums[t][2] += pred[i] * pred[i];
                    sums[t][3] += y[i] * y[i];
                    sums[t][4] += pred[i] * y[i];
                }
            }
        }
        double[] rsq = new double[nt];
        double[] mse = new double[nt];
        int best = 0;
        for (int t = 0; t < nt; t++) {
            rsq[t] = rsq(sums[t], n);
            mse[t] = (sums[t][2] + sums[t][3] - 2 * sums[t][4]) / n;
            if (mse[t] < mse[best]) {
                best = t;
            }
        }
        double[][] contrib = new double[groups.length - 1][n];
        for (int f = 0; f < k; f++) {
            int s = folds[f];
            int len = folds[f + 1] - s;
            double[] b = beta[f][best];
            for (int g = 0; g + 1 < groups.length; g++) {
                for (int j = groups[g]; j < groups[g + 1]; j++) {
                    DenseVectors.axpy(b[j], x, j * n + s, contrib[g], s, len);
                }
            }
        }
        return new Fit(rsq, mse, null, best, contrib);
    }

    /** REGENIE's R²: (Sxy − SxSy/N)² / ((Sx2 − Sx²/N)(Sy2 − Sy²/N)); sums = Sx, Sy, Sx2, Sy2, Sxy. */
    static double rsq(double[] s, double n) {
        double num = s[4] - s[0] * s[1] / n;
        return num * num / ((s[2] - s[0] * s[0] / n) * (s[3] - s[1] * s[1] / n));
    }
}
