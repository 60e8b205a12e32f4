package org.musubi.stats;

/**
 * The output of {@link LogisticRegression} for one variant: the genotype's log odds ratio {@code
 * beta} ({@code OR = e^beta}), {@code LOG(OR)_SE}, {@code Z_STAT}, {@code ln P}, {@code OBS_CT},
 * {@code ERRCODE} and whether Firth regression produced it ({@code FIRTH?}). Statistics are NaN when
 * the errcode has none ({@link GlmErrcode#hasStatistics()}).
 *
 * <p>A reusable buffer holding the kernel's scratch space: one per thread, from {@link
 * LogisticRegression#newResult()}. Not thread-safe.
 */
public final class LogisticResult {
    double beta;
    double se;
    double zStat;
    double lnP;
    int obsCt;
    GlmErrcode errcode = GlmErrcode.NONE;
    boolean firthUsed;
    boolean a1Separated;
    boolean omittedSeparated;

    final LogisticWorkspace ws;
    final double[] coef; // k + 1
    final int[] missingIdx; // n
    final double[] genotypes; // n
    final double[] u; // k
    final double[] cTg; // k
    final double[] kSmall; // 2k^2 + 2k
    final double[] kByK; // k^2

    LogisticResult(int sampleCount, int predictorCount) {
        final int k = predictorCount;
        ws = new LogisticWorkspace(sampleCount, k + 1);
        coef = new double[k + 1];
        missingIdx = new int[sampleCount];
        genotypes = new double[sampleCount];
        u = new double[k];
        cTg = new double[k];
        kSmall = new double[2 * k * k + 2 * k];
        kByK = new double[k * k];
    }

    /** The genotype's coefficient, ln(OR). */
    public double beta() {
        return beta;
    }

    /** {@code OR = e^beta}. */
    public double oddsRatio() {
        return Math.exp(beta);
    }

    /** {@code LOG(OR)_SE}. */
    public double se() {
        return se;
    }

    public double zStat() {
        return zStat;
    }

    /** Natural log of the two-sided Wald p-value. */
    public double lnP() {
        return lnP;
    }

    public int obsCt() {
        return obsCt;
    }

    public GlmErrcode errcode() {
        return errcode;
    }

    /** Whether the statistics come from Firth regression (PLINK's {@code FIRTH?} = Y). */
    public boolean firthUsed() {
        return firthUsed;
    }

    /**
     * Whether the A1 dosage separates the phenotype (all of it in cases, or none): PLINK's
     * pre-check; with {@link GlmErrcode#SEPARATION} PLINK names the first separated allele in
     * {@code REF, ALT1} order ({@code SEPARATION,ALT1} when A1 = ALT and only A1 separates).
     */
    public boolean a1Separated() {
        return a1Separated;
    }

    /** Whether the omitted allele's dosage ({@code 2 - g}) separates the phenotype (see {@link #a1Separated()}). */
    public boolean omittedSeparated() {
        return omittedSeparated;
    }

    void fail(GlmErrcode code) {
        errcode = code;
        beta = Double.NaN;
        se = Double.NaN;
        zStat = Double.NaN;
        lnP = Double.NaN;
    }
}
