package org.musubi.stats;

/**
 * One variant × phenotype result of REGENIE's step-2 tests ({@link RegenieQt}, {@link RegenieBt}): a mutable
 * holder, reused per variant. BETA and SE are on the raw genotype scale (per ALT allele) as REGENIE prints them;
 * CHISQ is the score statistic z² or, where Firth was used, the likelihood-ratio statistic; NaN statistics with
 * {@link #failed} set when the Firth fit did not converge (REGENIE's {@code TEST_FAIL}).
 */
public final class RegenieResult {
    /** Samples tested (those of the model, every one: missing genotypes are mean-imputed). */
    public int n;
    /** ALT allele frequency over the samples with a genotype. */
    public double altFreq;

    public double beta;
    public double se;
    public double chisq;
    /** −log10 P. */
    public double log10p;
    /** Firth was used (binary traits, score-test P below the threshold). */
    public boolean firth;
    /** The Firth fit failed: statistics NaN. */
    public boolean failed;
    /** Signed z of the test ({@code sign(beta)·sqrt(chisq)}), for the PLINK-style outputs. */
    public double z;

    void fail() {
        failed = true;
        beta = Double.NaN;
        se = Double.NaN;
        chisq = Double.NaN;
        log10p = Double.NaN;
        z = Double.NaN;
    }

    /** Sets CHISQ, −log10 P (upper tail of χ²₁, as boost's {@code cdf(complement(...))}) and z. */
    void setChisq(double chi) {
        chisq = chi;
        log10p = Distributions.lnPToNegLog10P(Distributions.chisqToLnP(chi, 1));
        z = Math.copySign(Math.sqrt(chi), beta);
    }
}
