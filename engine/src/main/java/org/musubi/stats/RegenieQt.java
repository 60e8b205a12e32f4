package org.musubi.stats;

import java.io.Serializable;

/**
 * REGENIE's step-2 test of quantitative traits with the step-1 LOCO prediction as an offset (SPECS §8.2; REGENIE
 * 1.0.6.7 {@code Data.cpp: compute_res, residualize_geno, analyze_block}), for the phenotypes of one sample set and
 * one chromosome's LOCO rows. Used by {@code gwas --pred}.
 *
 * <p>Per phenotype: {@code y_res = y − QQᵀy} (Q: orthonormal basis of [1, covariates]), {@code s_y =
 * ‖y_res‖/√(N−1)}, {@code r = y_res/s_y − LOCO}, {@code r̃ = r / (‖r‖/√(N−1))}. Per variant: g = centred,
 * mean-imputed ALT dosage with the covariates projected out; {@code z = gᵀr̃/‖g‖}, CHISQ = z², BETA = {@code
 * s_y·gᵀr/‖g‖²} (raw phenotype scale per ALT allele), SE = BETA/z. BETA is therefore exactly the OLS slope of {@code
 * y − s_y·LOCO} on the genotype with the covariates; z² = (N−1)ρ² (ρ: the partial correlation of g and r, the LOCO
 * being orthogonal to the covariates as step 1 builds it from residualised genotypes), where
 * plink2's t test of the same regression has t² = (N−C−1)ρ²/(1−ρ²) (C: covariates with the intercept) — the
 * PLINK-style variant, which {@code gwas} without {@code --pred} computes. REGENIE 1.0.6.7 scales by √(N−1) (as here:
 * the reference outputs are that version's); later versions by √(N−C), which changes z² by the factor (N−C)/(N−1).
 * Variants whose residualised genotype has SD below 1e-6 are not tested (REGENIE's {@code numtol}).
 */
public final class RegenieQt implements Serializable {
    private static final long serialVersionUID = 1L;
    /** REGENIE's {@code numtol}: a genotype SD (after the covariates) below it is monomorphic. */
    static final double NUMTOL = 1e-6;

    private final int n;
    private final int k;
    private final int phenotypeCount;
    private final double[] q;
    /** r̃ per phenotype, column-major n×P. */
    private final double[] rTilde;
    /** s_y·‖r‖/√(N−1) per phenotype: BETA = z·this/‖g‖. */
    private final double[] betaScale;

    private RegenieQt(int n, int k, int p, double[] q, double[] rTilde, double[] betaScale) {
        this.n = n;
        this.k = k;
        this.phenotypeCount = p;
        this.q = q;
        this.rTilde = rTilde;
        this.betaScale = betaScale;
    }

    /**
     * @param basis the covariates of the sample set (intercept included by the basis)
     * @param ysColMajor n×P phenotype values (all finite)
     * @param locoColMajor n×P LOCO predictions of the chromosome (standardised scale, as step 1 writes them)
     */
    public static RegenieQt create(CovariateBasis basis, double[] ysColMajor, int p, double[] locoColMajor) {
        int n = basis.sampleCount();
        int k = basis.predictorCount();
        double[] q = basis.q();
        double[] r = new double[n * p];
        double[] scale = new double[p];
        double[] col = new double[n];
        for (int j = 0; j < p; j++) {
            System.arraycopy(ysColMajor, j * n, col, 0, n);
            double ss = RegenieGenotype.residualize(q, n, k, col);
            double sy = Math.sqrt(ss / (n - 1));
            double rss = 0;
            for (int i = 0; i < n; i++) {
                double v = col[i] / sy - locoColMajor[j * n + i];
                col[i] = v;
                rss += v * v;
            }
            double pSd = Math.sqrt(rss / (n - 1));
            for (int i = 0; i < n; i++) {
                r[j * n + i] = col[i] / pSd;
            }
            scale[j] = sy * pSd;
        }
        return new RegenieQt(n, k, p, q, r, scale);
    }

    public int sampleCount() {
        return n;
    }

    public int phenotypeCount() {
        return phenotypeCount;
    }

    /** A workspace for {@link #test} (one per thread). */
    public double[] newWorkspace() {
        return new double[n];
    }

    /**
     * Tests one variant against every phenotype.
     *
     * @param dosages n ALT dosages (NaN = missing, mean-imputed)
     * @param minMac REGENIE's {@code --minMAC}: a variant with a lower minor allele count is not tested
     * @return false when the variant is not tested (MAC below {@code minMac}, or monomorphic after the covariates)
     */
    public boolean test(double[] dosages, double minMac, double[] work, RegenieResult[] out) {
        double mac = RegenieGenotype.center(dosages, n, work, out[0]);
        if (mac < minMac) {
            return false;
        }
        double ss = RegenieGenotype.residualize(q, n, k, work);
        if (Math.sqrt(ss / (n - 1)) < NUMTOL) {
            return false;
        }
        double norm = Math.sqrt(ss);
        for (int j = 0; j < phenotypeCount; j++) {
            RegenieResult res = out[j];
            res.n = out[0].n;
            res.altFreq = out[0].altFreq;
            res.firth = false;
            res.failed = false;
            double dot = 0;
            int off = j * n;
            for (int i = 0; i < n; i++) {
                dot += work[i] * rTilde[off + i];
            }
            double z = dot / norm;
            res.se = betaScale[j] / norm;
            res.beta = z * res.se;
            res.setChisq(z * z);
        }
        return true;
    }
}
