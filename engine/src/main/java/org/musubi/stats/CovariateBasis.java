package org.musubi.stats;

import java.io.Serializable;
import org.musubi.stats.linalg.Cholesky;
import org.musubi.stats.linalg.DenseVectors;
import org.musubi.stats.linalg.HouseholderQr;

/**
 * The covariates of one sample set, prepared once per phenotype set and shared (read-only, {@link
 * Serializable} for broadcast) by the per-variant kernels: the design {@code C = [1, covariates]}
 * (n×k, k = covariates + 1, intercept first), its thin QR {@code C = Q R}, {@code (C^T C)^-1}, and
 * what the {@code --max-corr} / {@code --vif} checks need.
 *
 * <p>The covariates' own checks run here: a constant or collinear covariate set gives {@link
 * GlmErrcode#VIF_INFINITE}, a pair with |r| above {@code maxCorr} {@link GlmErrcode#CORR_TOO_HIGH},
 * a VIF above the threshold {@link GlmErrcode#VIF_TOO_HIGH}, and {@code n <= k} {@link
 * GlmErrcode#SAMPLE_CT_LE_PREDICTOR_CT}. PLINK 2 then skips the phenotype with a warning; here
 * {@link #errcode()} is set and every variant result carries it. (PLINK first drops covariates that
 * are constant over the sample set; that is the caller's job.)
 *
 * <p>Per-variant checks follow plink-ng {@code CheckMaxCorrAndVif}: Pearson correlations of the
 * predictors without the intercept; with the genotype added, its VIF is {@code SS_g / RSS_g} (RSS
 * of g on C) and a covariate's is {@code (R_c^-1)_jj + VIF_g * ((R_c^-1 r)_j)^2} (rank-1 update of
 * the covariates' inverse correlation {@code R_c^-1}; {@code r} = correlations of g with the
 * covariates), O(k^2) a variant.
 */
public final class CovariateBasis implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A VIF above {@code 1 / this} is treated as infinite (singular to working precision). */
    static final double SINGULAR_REL_TOL = Cholesky.DEFAULT_REL_TOL;

    private final int sampleCount;
    private final int predictorCount;
    private final GlmOptions options;
    private final GlmErrcode errcode;
    private final double[] designColMajor;
    private final double[] qColMajor;
    private final double[] rColMajor;
    private final double[] rInverse;
    private final double[] gramColMajor;
    private final double[] gramInverse;
    private final double[] covariateMeans;
    private final double[] covariateCenteredSs;
    private final double[] corrInverse;

    private CovariateBasis(
            int sampleCount,
            int predictorCount,
            GlmOptions options,
            GlmErrcode errcode,
            double[] design,
            double[] q,
            double[] r,
            double[] rInverse,
            double[] gram,
            double[] gramInverse,
            double[] means,
            double[] centeredSs,
            double[] corrInverse) {
        this.sampleCount = sampleCount;
        this.predictorCount = predictorCount;
        this.options = options;
        this.errcode = errcode;
        this.designColMajor = design;
        this.qColMajor = q;
        this.rColMajor = r;
        this.rInverse = rInverse;
        this.gramColMajor = gram;
        this.gramInverse = gramInverse;
        this.covariateMeans = means;
        this.covariateCenteredSs = centeredSs;
        this.corrInverse = corrInverse;
    }

    /**
     * Prepares the covariates.
     *
     * @param covariatesColMajor n×c covariate values, column-major, <b>without</b> the intercept
     *     (added here as column 0); every value finite. {@code c = 0} is allowed.
     * @param sampleCount n, the samples with a phenotype and all covariates
     * @param covariateCount c
     * @throws IllegalArgumentException on a shape mismatch or a non-finite value
     */
    public static CovariateBasis create(
            double[] covariatesColMajor, int sampleCount, int covariateCount, GlmOptions options) {
        if (sampleCount < 1 || covariateCount < 0) {
            throw new IllegalArgumentException(
                    "need sampleCount >= 1 and covariateCount >= 0: " + sampleCount + ", " + covariateCount);
        }
        if (covariatesColMajor.length != (long) sampleCount * covariateCount) {
            throw new IllegalArgumentException("covariates must have sampleCount*covariateCount = "
                    + (long) sampleCount * covariateCount + " values, got " + covariatesColMajor.length);
        }
        for (int i = 0; i < covariatesColMajor.length; i++) {
            if (!Double.isFinite(covariatesColMajor[i])) {
                throw new IllegalArgumentException("covariate " + (i / sampleCount) + " of sample " + (i % sampleCount)
                        + " is not finite: " + covariatesColMajor[i]);
            }
        }
        final int n = sampleCount;
        final int c = covariateCount;
        final int k = c + 1;
        final double[] design = new double[n * k];
        java.util.Arrays.fill(design, 0, n, 1.0);
        System.arraycopy(covariatesColMajor, 0, design, n, n * c);

        final double[] means = new double[c];
        final double[] centeredSs = new double[c];
        boolean constantCovariate = false;
        for (int j = 0; j < c; j++) {
            final int off = (j + 1) * n;
            double sum = 0.0;
            for (int i = 0; i < n; i++) {
                sum += design[off + i];
            }
            final double mean = sum / n;
            double ss = 0.0;
            double sumSq = 0.0;
            for (int i = 0; i < n; i++) {
                final double d = design[off + i] - mean;
                ss += d * d;
                sumSq += design[off + i] * design[off + i];
            }
            means[j] = mean;
            centeredSs[j] = ss;
            // constant up to the rounding of the mean
            constantCovariate |= !(ss > SINGULAR_REL_TOL * sumSq);
        }
        if (n <= k) {
            return failed(n, k, options, GlmErrcode.SAMPLE_CT_LE_PREDICTOR_CT, design, means, centeredSs);
        }
        // covariate correlation matrix (c×c), centred two-pass: |r| check, then inverse for VIFs
        final double[] corr = new double[c * c];
        if (constantCovariate) {
            return failed(n, k, options, GlmErrcode.VIF_INFINITE, design, means, centeredSs);
        }
        for (int a = 0; a < c; a++) {
            corr[a + a * c] = 1.0;
            for (int b = 0; b < a; b++) {
                final int offA = (a + 1) * n;
                final int offB = (b + 1) * n;
                double s = 0.0;
                for (int i = 0; i < n; i++) {
                    s += (design[offA + i] - means[a]) * (design[offB + i] - means[b]);
                }
                final double r = s / Math.sqrt(centeredSs[a] * centeredSs[b]);
                if (Math.abs(r) > options.maxCorr()) {
                    return failed(n, k, options, GlmErrcode.CORR_TOO_HIGH, design, means, centeredSs);
                }
                corr[a + b * c] = r;
                corr[b + a * c] = r;
            }
        }
        final double[] corrInverse = new double[c * c];
        if (c > 0) {
            if (!Cholesky.decompose(corr, c)) {
                return failed(n, k, options, GlmErrcode.VIF_INFINITE, design, means, centeredSs);
            }
            Cholesky.invert(corr, c, corrInverse);
            for (int a = 0; a < c; a++) {
                if (corrInverse[a + a * c] > options.vifThreshold()) {
                    return failed(n, k, options, GlmErrcode.VIF_TOO_HIGH, design, means, centeredSs);
                }
            }
        }
        final HouseholderQr qr = HouseholderQr.factor(design, n, k);
        if (qr.firstDependentColumn() >= 0) {
            return failed(n, k, options, GlmErrcode.VIF_INFINITE, design, means, centeredSs);
        }
        final double[] rInv = qr.rInverse();
        // (C^T C)^-1 = R^-1 R^-T
        final double[] gramInverse = new double[k * k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b <= a; b++) {
                double s = 0.0;
                for (int p = Math.max(a, b); p < k; p++) {
                    s += rInv[a + p * k] * rInv[b + p * k];
                }
                gramInverse[a + b * k] = s;
                gramInverse[b + a * k] = s;
            }
        }
        final double[] gram = new double[k * k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b <= a; b++) {
                final double s = DenseVectors.dot(design, a * n, design, b * n, n);
                gram[a + b * k] = s;
                gram[b + a * k] = s;
            }
        }
        return new CovariateBasis(
                n,
                k,
                options,
                GlmErrcode.NONE,
                design,
                qr.qColMajor(),
                qr.rColMajor(),
                rInv,
                gram,
                gramInverse,
                means,
                centeredSs,
                corrInverse);
    }

    private static CovariateBasis failed(
            int n, int k, GlmOptions options, GlmErrcode code, double[] design, double[] means, double[] ss) {
        return new CovariateBasis(n, k, options, code, design, null, null, null, null, null, means, ss, null);
    }

    /** n. */
    public int sampleCount() {
        return sampleCount;
    }

    /** k = covariates + 1 (the intercept). A variant's fit has k + 1 predictors. */
    public int predictorCount() {
        return predictorCount;
    }

    public GlmOptions options() {
        return options;
    }

    /** {@link GlmErrcode#NONE}, or why the covariates themselves cannot be used. */
    public GlmErrcode errcode() {
        return errcode;
    }

    double[] design() {
        return designColMajor;
    }

    double[] q() {
        return qColMajor;
    }

    double[] r() {
        return rColMajor;
    }

    double[] rInverse() {
        return rInverse;
    }

    double[] gram() {
        return gramColMajor;
    }

    double[] gramInverse() {
        return gramInverse;
    }

    /** {@code out[0..k) = C^T g} from {@code u = Q^T g}: {@code C^T g = R^T u}. */
    void cTransposeFromQ(double[] u, double[] out) {
        final int k = predictorCount;
        for (int j = 0; j < k; j++) {
            double s = 0.0;
            for (int p = 0; p <= j; p++) {
                s += rColMajor[p + j * k] * u[p];
            }
            out[j] = s;
        }
    }

    /** {@code out[0..k) = R^-1 v}. */
    void rInverseTimes(double[] v, double[] out) {
        final int k = predictorCount;
        for (int a = 0; a < k; a++) {
            double s = 0.0;
            for (int p = a; p < k; p++) {
                s += rInverse[a + p * k] * v[p];
            }
            out[a] = s;
        }
    }

    /**
     * {@code --max-corr} / {@code --vif} for [covariates, g] over all n samples, in O(k^2).
     *
     * @param cTg {@code C^T g} (k; entry 0 is the sum of g)
     * @param gSumSq {@code g^T g}
     * @param residualSs {@code g^T (I - Q Q^T) g}, the RSS of g regressed on C
     * @param scratch length ≥ 2k
     */
    GlmErrcode checkGenotypeAllSamples(double[] cTg, double gSumSq, double residualSs, double[] scratch) {
        final int n = sampleCount;
        final int c = predictorCount - 1;
        final double gSum = cTg[0];
        final double ssG = gSumSq - gSum * (gSum / n);
        if (c == 0) {
            return GlmErrcode.NONE;
        }
        final double[] r = scratch;
        for (int j = 0; j < c; j++) {
            final double cov = cTg[j + 1] - gSum * covariateMeans[j];
            final double rj = cov / Math.sqrt(ssG * covariateCenteredSs[j]);
            if (Math.abs(rj) > options.maxCorr()) {
                return GlmErrcode.CORR_TOO_HIGH;
            }
            r[j] = rj;
        }
        if (!(residualSs > SINGULAR_REL_TOL * ssG)) {
            return GlmErrcode.VIF_INFINITE;
        }
        final double vifG = ssG / residualSs;
        if (vifG > options.vifThreshold()) {
            return GlmErrcode.VIF_TOO_HIGH;
        }
        for (int a = 0; a < c; a++) {
            double t = 0.0;
            for (int b = 0; b < c; b++) {
                t += corrInverse[a + b * c] * r[b];
            }
            final double vif = corrInverse[a + a * c] + vifG * t * t;
            if (vif > options.vifThreshold()) {
                return GlmErrcode.VIF_TOO_HIGH;
            }
        }
        return GlmErrcode.NONE;
    }

    /**
     * {@code --max-corr} / {@code --vif} for [covariates, g] over a subset of the samples, in
     * O(k^3).
     *
     * @param subsetGram {@code C_S^T C_S} (k×k) over the subset S
     * @param cTg {@code C_S^T g_S} (k)
     * @param gSumSq {@code g_S^T g_S}
     * @param subsetCount |S|
     * @param scratch length ≥ 2k^2 + 2k
     */
    GlmErrcode checkGenotypeSubset(
            double[] subsetGram, double[] cTg, double gSumSq, int subsetCount, double[] scratch) {
        final int k = predictorCount;
        final int c = k - 1;
        final int dim = c + 1; // covariates 0..c-1, genotype c
        final double nS = subsetCount;
        final double gSum = cTg[0];
        // covariance matrix (unscaled) of [covariates, g] over S, from the uncentred sums
        final double[] cov = scratch;
        for (int a = 0; a < c; a++) {
            final double sumA = subsetGram[(a + 1) * k];
            for (int b = 0; b <= a; b++) {
                final double sumB = subsetGram[(b + 1) * k];
                cov[a + b * dim] = subsetGram[(a + 1) + (b + 1) * k] - sumA * (sumB / nS);
            }
            cov[c + a * dim] = cTg[a + 1] - gSum * (sumA / nS);
        }
        cov[c + c * dim] = gSumSq - gSum * (gSum / nS);
        if (c == 0) {
            return GlmErrcode.NONE;
        }
        for (int a = 0; a < c; a++) {
            // constant on S (its variance is rounding noise of the downdated sums): PLINK gets a NaN
            // correlation there and then fails to invert, i.e. VIF_INFINITE
            if (!(cov[a + a * dim] > SINGULAR_REL_TOL * subsetGram[(a + 1) + (a + 1) * k])) {
                return GlmErrcode.VIF_INFINITE;
            }
        }
        final double[] corr = cov; // converted in place (lower triangle)
        final int invSdOff = 2 * dim * dim;
        final double[] invSd = scratch;
        for (int a = 0; a < dim; a++) {
            invSd[invSdOff + a] = 1.0 / Math.sqrt(cov[a + a * dim]);
        }
        for (int a = 0; a < dim; a++) {
            for (int b = 0; b < a; b++) {
                final double r = cov[a + b * dim] * invSd[invSdOff + a] * invSd[invSdOff + b];
                if (Math.abs(r) > options.maxCorr()) {
                    return GlmErrcode.CORR_TOO_HIGH;
                }
                corr[a + b * dim] = r;
            }
        }
        for (int a = 0; a < dim; a++) {
            corr[a + a * dim] = 1.0;
        }
        if (!Cholesky.decompose(corr, dim)) {
            return GlmErrcode.VIF_INFINITE;
        }
        // VIFs = diagonal of the inverse correlation matrix; PLINK's order puts the genotype first
        final int invOff = dim * dim;
        for (int col = 0; col < dim; col++) {
            for (int i = 0; i < dim; i++) {
                scratch[invOff + i] = i == col ? 1.0 : 0.0;
            }
            Cholesky.forwardSubstitute(corr, dim, scratch, invOff);
            // (A^-1)_jj = ||L^-1 e_j||^2
            cov[2 * dim * dim + dim + col] = DenseVectors.dot(scratch, invOff, scratch, invOff, dim);
        }
        final int vifOff = 2 * dim * dim + dim;
        if (scratch[vifOff + c] > options.vifThreshold()) {
            return GlmErrcode.VIF_TOO_HIGH;
        }
        for (int a = 0; a < c; a++) {
            if (scratch[vifOff + a] > options.vifThreshold()) {
                return GlmErrcode.VIF_TOO_HIGH;
            }
        }
        return GlmErrcode.NONE;
    }
}
