package org.musubi.stats.wgr;

import java.util.List;
import org.musubi.stats.linalg.DenseVectors;
import org.musubi.stats.linalg.HouseholderQr;

/**
 * REGENIE v1.0.6.7's null-model preparation ({@code getCovBasis}, {@code residualize_phenotypes}, {@code
 * fit_null_logistic}) on the analysis samples: the orthonormal basis Q of {@code [1, covariates]}, each phenotype
 * centred, projected off Q and scaled to ‖y‖/√(N − 1) = 1, and for binary traits the covariates-only logistic
 * fit's linear predictor (the offset of level 1). Used by the {@code wgr} plan on the driver.
 */
public final class WgrPhenotypes {
    private WgrPhenotypes() {}

    /**
     * The orthonormal basis of {@code [1, covariates]} over n samples (thin QR's Q), n × (1 + covariates)
     * column-major.
     *
     * @return null when the columns are linearly dependent (a constant or collinear covariate)
     */
    public static double[] covariateBasis(List<double[]> covariates, int n) {
        int k = 1 + covariates.size();
        double[] a = new double[n * k];
        for (int i = 0; i < n; i++) {
            a[i] = 1;
        }
        for (int j = 0; j < covariates.size(); j++) {
            System.arraycopy(covariates.get(j), 0, a, (j + 1) * n, n);
        }
        HouseholderQr qr = HouseholderQr.factor(a, n, k);
        return qr.firstDependentColumn() >= 0 ? null : qr.qColMajor().clone();
    }

    /**
     * Residualises and scales {@code y} in place as REGENIE's step 1: centred on its mean over the mask, 0 where
     * masked, projected off Q on the masked samples, divided by ‖y‖/√(Neff − 1).
     *
     * @param mask observed samples, or null for all
     * @return the scale ‖y_res‖/√(Neff − 1) (0: the phenotype is constant once the covariates are out)
     */
    public static double residualize(double[] y, boolean[] mask, double[] q, int n, int c) {
        int neff = Level0.count(mask, n);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (mask == null || mask[i]) {
                sum += y[i];
            }
        }
        double mean = sum / neff;
        for (int i = 0; i < n; i++) {
            y[i] = mask == null || mask[i] ? y[i] - mean : 0;
        }
        for (int k = 0; k < c; k++) {
            double b = DenseVectors.dot(y, 0, q, k * n, n);
            for (int i = 0; i < n; i++) {
                if (mask == null || mask[i]) {
                    y[i] -= b * q[k * n + i];
                }
            }
        }
        double scale = Math.sqrt(DenseVectors.dot(y, 0, y, 0, n) / (neff - 1));
        if (scale > 0) {
            for (int i = 0; i < n; i++) {
                y[i] /= scale;
            }
        }
        return scale;
    }

    /**
     * The covariates-only logistic fit's linear predictor η = Qβ (0 where masked), by IRLS to max |score| &lt;
     * 1e-8.
     *
     * @param y01 0/1 values (anything where masked)
     * @return null when the fit does not converge in 30 iterations
     */
    public static double[] nullLogisticOffset(double[] y01, boolean[] mask, double[] q, int n, int c) {
        Level1Logistic.Irls fit = Level1Logistic.irls(q, n, c, y01, new double[n], mask, 0, new double[c], 1e-8, 0, 30);
        if (fit == null) {
            return null;
        }
        return fit.eta();
    }
}
