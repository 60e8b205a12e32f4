package org.musubi.stats.wgr;

import java.io.Serializable;
import org.musubi.stats.linalg.DenseVectors;

/**
 * REGENIE v1.0.6.7's level 0 ({@code residualize_genotypes}, {@code calc_cv_matrices}, {@code ridge_level_0},
 * {@code ridge_level_0_loocv}) for one block of variants and every phenotype at once: the block is centred,
 * projected off the covariate basis Q and each variant scaled by ‖g‖/√(n − 1); then for each fold and ridge value λ
 * a ridge regression of the phenotypes on the block fitted without the fold predicts the fold's samples
 * (leave-one-out: the closed form with the hat value), and each phenotype's predictor column is centred and
 * scaled over its samples (the features of level 1). Solves by Cholesky of {@code GᵀG − G_fᵀG_f + λI} (REGENIE
 * eigendecomposes it; equal to rounding).
 *
 * <p>Immutable and {@link Serializable}: the {@code wgr} plan broadcasts one to its Spark tasks; each task calls
 * {@link #features} per block. Memory per call: b² + n·L·P doubles.
 */
public final class Level0 implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A variant whose scale ‖g‖/√(n − 1) falls below this after the projection is refused (REGENIE's numtol). */
    public static final double MIN_SCALE = 1e-6;

    private final int n;
    private final double[] q;
    private final int c;
    private final double[][] y;
    private final boolean[][] mask;
    private final double[] neff;
    private final int[] folds;
    private final double[] lambda;

    /**
     * @param q the covariate basis, n × c column-major ({@link WgrPhenotypes#covariateBasis})
     * @param y per phenotype its residualised, scaled values ({@link WgrPhenotypes#residualize}), 0 where masked
     * @param mask per phenotype its observed samples, or null for all
     * @param folds fold starts ({@link RidgeGrid#folds}); null for leave-one-out
     * @param lambda level-0 ridge values ({@link RidgeGrid#level0})
     */
    public Level0(int n, double[] q, int c, double[][] y, boolean[][] mask, int[] folds, double[] lambda) {
        this.n = n;
        this.q = q.clone();
        this.c = c;
        this.y = y;
        this.mask = mask;
        this.folds = folds == null ? null : folds.clone();
        this.lambda = lambda.clone();
        this.neff = new double[y.length];
        for (int p = 0; p < y.length; p++) {
            neff[p] = count(mask == null ? null : mask[p], n);
        }
    }

    static int count(boolean[] m, int n) {
        if (m == null) {
            return n;
        }
        int k = 0;
        for (boolean b : m) {
            k += b ? 1 : 0;
        }
        return k;
    }

    public int samples() {
        return n;
    }

    public int ridgeValues() {
        return lambda.length;
    }

    /**
     * Centres the block's b variants (n × b column-major, in place), projects them off Q and scales them; a variant
     * whose scale falls below {@link #MIN_SCALE} (constant once the covariates are out: REGENIE stops at one) is
     * dropped, the later ones moving left.
     *
     * @return the variants kept, at {@code [0, kept·n)}
     */
    public int standardize(double[] g, int b) {
        double[] qg = new double[c];
        int kept = 0;
        for (int j = 0; j < b; j++) {
            int o = kept * n;
            if (kept != j) {
                System.arraycopy(g, j * n, g, o, n);
            }
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += g[o + i];
            }
            double mean = sum / n;
            for (int i = 0; i < n; i++) {
                g[o + i] -= mean;
            }
            for (int k = 0; k < c; k++) {
                qg[k] = DenseVectors.dot(g, o, q, k * n, n);
            }
            for (int k = 0; k < c; k++) {
                DenseVectors.axpy(-qg[k], q, k * n, g, o, n);
            }
            double scale = Math.sqrt(DenseVectors.dot(g, o, g, o, n) / (n - 1));
            if (!(scale >= MIN_SCALE)) {
                continue;
            }
            double inv = 1 / scale;
            for (int i = 0; i < n; i++) {
                g[o + i] *= inv;
            }
            kept++;
        }
        return kept;
    }

    /**
     * The block's level-0 features: per phenotype an n × L column-major matrix (ridge value l at {@code [l·n,
     * (l+1)·n)}), centred and scaled over the phenotype's samples, 0 where masked.
     *
     * @param g the standardised block ({@link #standardize}), n × b column-major (b = the variants kept)
     */
    public double[][] features(double[] g, int b) {
        int phenos = y.length;
        int nl = lambda.length;
        double[][] out = new double[phenos][n * nl];
        if (b == 0) {
            return out; // every variant of the block dropped: zero features, which level 1 gives no weight
        }
        if (folds == null) {
            leaveOneOut(g, b, out);
        } else {
            kFold(g, b, out);
        }
        for (int p = 0; p < phenos; p++) {
            for (int l = 0; l < nl; l++) {
                standardizeColumn(out[p], l * n, mask == null ? null : mask[p], neff[p]);
            }
        }
        return out;
    }

    private void kFold(double[] g, int b, double[][] out) {
        int k = folds.length - 1;
        int phenos = y.length;
        double[][] gram = new double[k][];
        double[][] gty = new double[k][];
        double[] gramAll = new double[b * b];
        double[] gtyAll = new double[b * phenos];
        for (int f = 0; f < k; f++) {
            int s = folds[f];
            int len = folds[f + 1] - s;
            gram[f] = RidgeSystems.gram(g, n, b, s, len);
            gty[f] = new double[b * phenos];
            for (int j = 0; j < b; j++) {
                for (int p = 0; p < phenos; p++) {
                    gty[f][p * b + j] = DenseVectors.dot(g, j * n + s, y[p], s, len);
                }
            }
            for (int i = 0; i < gramAll.length; i++) {
                gramAll[i] += gram[f][i];
            }
            for (int i = 0; i < gtyAll.length; i++) {
                gtyAll[i] += gty[f][i];
            }
        }
        double[] a = new double[b * b];
        double[] beta = new double[b * phenos];
        for (int f = 0; f < k; f++) {
            int s = folds[f];
            int len = folds[f + 1] - s;
            for (int l = 0; l < lambda.length; l++) {
                RidgeSystems.factorWithout(gramAll, gram[f], lambda[l], b, a);
                for (int i = 0; i < beta.length; i++) {
                    beta[i] = gtyAll[i] - gty[f][i];
                }
                RidgeSystems.solveMany(a, b, beta, phenos);
                for (int j = 0; j < b; j++) { // a column of the block once for every phenotype
                    for (int p = 0; p < phenos; p++) {
                        DenseVectors.axpy(beta[p * b + j], g, j * n + s, out[p], l * n + s, len);
                    }
                }
            }
        }
    }

    private void leaveOneOut(double[] g, int b, double[][] out) {
        int phenos = y.length;
        double[] gramAll = RidgeSystems.gram(g, n, b, 0, n);
        double[] w = new double[b * phenos];
        double[] a = new double[b * b];
        double[] u = new double[b];
        for (int l = 0; l < lambda.length; l++) {
            RidgeSystems.factorWithout(gramAll, null, lambda[l], b, a);
            for (int p = 0; p < phenos; p++) {
                for (int j = 0; j < b; j++) {
                    w[p * b + j] = DenseVectors.dot(g, j * n, y[p], 0, n);
                }
                RidgeSystems.forward(a, b, w, p * b);
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < b; j++) {
                    u[j] = g[j * n + i];
                }
                RidgeSystems.forward(a, b, u, 0);
                double hat = DenseVectors.dot(u, 0, u, 0, b);
                for (int p = 0; p < phenos; p++) {
                    double fit = DenseVectors.dot(u, 0, w, p * b, b);
                    out[p][l * n + i] = (fit - hat * y[p][i]) / (1 - hat);
                }
            }
        }
    }

    /** Centres and scales x[o, o+n) over the mask (mean over Neff, sd with Neff − 1), 0 where masked. */
    private void standardizeColumn(double[] x, int o, boolean[] m, double neffP) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (m == null || m[i]) {
                sum += x[o + i];
            }
        }
        double mean = sum / neffP;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            if (m == null || m[i]) {
                double d = x[o + i] - mean;
                x[o + i] = d;
                ss += d * d;
            } else {
                x[o + i] = 0;
            }
        }
        double inv = 1 / Math.sqrt(ss / (neffP - 1));
        for (int i = 0; i < n; i++) {
            x[o + i] *= inv;
        }
    }
}
