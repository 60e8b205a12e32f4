package org.musubi.stats;

import java.util.Arrays;

/**
 * The output of {@link LinearRegression} for one variant and all m phenotypes of its set: per
 * phenotype {@code BETA}, {@code SE}, {@code T_STAT}, {@code ln P} and {@code ERRCODE}, and the
 * variant's {@code OBS_CT}. Statistics of a phenotype whose errcode has no statistics ({@link
 * GlmErrcode#hasStatistics()}) are NaN.
 *
 * <p>A reusable buffer: one per thread, filled by each {@code test*} call (it also holds the
 * kernel's scratch space, so a variant costs no allocation). Not thread-safe.
 */
public final class LinearResult {
    private final int phenotypeCount;
    final double[] beta;
    final double[] se;
    final double[] tStat;
    final double[] lnP;
    final GlmErrcode[] errcode;
    int obsCt;

    // scratch, sized for the kernel that created this buffer
    double[] g; // the dosages in use (input array or genotypes[]), from gOffset
    int gOffset;
    int missingCount; // samples dropped (0 under mean imputation)
    double gg; // g^T g
    boolean pending; // block path: prepared, sums not yet final
    final double[] genotypes; // n: dosages with missing set to 0, or imputed
    final int[] missingIdx; // n
    final byte[] sampleMarks; // n, all 0 between calls (sparse input validation)
    final double[] u; // k: Q^T g
    final double[] cTg; // k
    final double[] a; // k
    final double[] w; // k
    final double[] gy; // m
    final double[] kSmall; // 2k^2 + 2k
    final double[] kByK; // k^2
    final double[] kByK2; // k^2
    final double[] kByK3; // k^2
    final double[] kByM; // k*m
    final double[] acc; // k + m

    LinearResult(int sampleCount, int predictorCount, int phenotypeCount) {
        final int n = sampleCount;
        final int k = predictorCount;
        final int m = phenotypeCount;
        this.phenotypeCount = m;
        this.beta = new double[m];
        this.se = new double[m];
        this.tStat = new double[m];
        this.lnP = new double[m];
        this.errcode = new GlmErrcode[m];
        this.genotypes = new double[n];
        this.missingIdx = new int[n];
        this.sampleMarks = new byte[n];
        this.u = new double[k];
        this.cTg = new double[k];
        this.a = new double[k];
        this.w = new double[k];
        this.gy = new double[m];
        this.kSmall = new double[2 * k * k + 2 * k];
        this.kByK = new double[k * k];
        this.kByK2 = new double[k * k];
        this.kByK3 = new double[k * k];
        this.kByM = new double[k * m];
        this.acc = new double[k + m];
    }

    public int phenotypeCount() {
        return phenotypeCount;
    }

    /** Samples used in the fit ({@code OBS_CT}). */
    public int obsCt() {
        return obsCt;
    }

    /** {@code BETA} of the genotype (A1 dosage) for phenotype {@code j}. */
    public double beta(int j) {
        return beta[j];
    }

    public double se(int j) {
        return se[j];
    }

    public double tStat(int j) {
        return tStat[j];
    }

    /** Natural log of the two-sided p-value. */
    public double lnP(int j) {
        return lnP[j];
    }

    public GlmErrcode errcode(int j) {
        return errcode[j];
    }

    void fail(GlmErrcode code) {
        Arrays.fill(errcode, code);
        Arrays.fill(beta, Double.NaN);
        Arrays.fill(se, Double.NaN);
        Arrays.fill(tStat, Double.NaN);
        Arrays.fill(lnP, Double.NaN);
    }

    void fail(int j, GlmErrcode code) {
        errcode[j] = code;
        beta[j] = Double.NaN;
        se[j] = Double.NaN;
        tStat[j] = Double.NaN;
        lnP[j] = Double.NaN;
    }
}
