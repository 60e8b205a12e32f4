package org.musubi.stats;

/**
 * Why one regression (one variant × phenotype) gave no statistics, as PLINK 2 writes it in the
 * {@code ERRCODE} column ({@code GlmErrcode}, plink-ng {@code 2.0/plink2_glm_shared.h}; SPECS §3.1).
 * A failure is a value in the result row, never an exception. Checks run in PLINK's order:
 * sample count, constant genotype, {@code --max-corr}, {@code --vif}, the fit, the result.
 */
public enum GlmErrcode {
    /** Statistics are valid ({@code .}). */
    NONE("."),
    /** Observations ≤ predictors (intercept + covariates + genotype). */
    SAMPLE_CT_LE_PREDICTOR_CT("SAMPLE_CT<=PREDICTOR_CT"),
    /**
     * The genotype column is constant over the observed samples. For a biallelic variant PLINK 2
     * marks both alleles constant and tests the omitted one first, so this is what it prints.
     */
    CONST_OMITTED_ALLELE("CONST_OMITTED_ALLELE"),
    /** A tested allele's column is constant (multi-allelic fits; not produced by these kernels). */
    CONST_ALLELE("CONST_ALLELE"),
    /** Two predictors (intercept excluded) have |Pearson r| above {@code --max-corr}. */
    CORR_TOO_HIGH("CORR_TOO_HIGH"),
    /** The predictors' correlation matrix is singular (exact collinearity). */
    VIF_INFINITE("VIF_INFINITE"),
    /** A predictor's variance inflation factor is above {@code --vif}. */
    VIF_TOO_HIGH("VIF_TOO_HIGH"),
    /**
     * Logistic without Firth: the A1 dosage is all in cases or all in controls. PLINK prints {@code
     * SEPARATION,<allele>} (e.g. {@code SEPARATION,ALT1}); the writer appends the allele.
     */
    SEPARATION("SEPARATION"),
    /** {@code X^T X} could not be inverted although the VIF checks passed. */
    RANK_DEFICIENT("RANK_DEFICIENT"),
    /** Newton/IRLS diverged or did not converge within the iteration limit. */
    LOGISTIC_CONVERGE_FAIL("LOGISTIC_CONVERGE_FAIL"),
    /** Firth regression diverged. */
    FIRTH_CONVERGE_FAIL("FIRTH_CONVERGE_FAIL"),
    /**
     * The fitted variance matrix has a diagonal below 1e-20 (or non-finite), or two estimates with
     * correlation above 0.99999 (PLINK's {@code validParameters()} check).
     */
    INVALID_RESULT("INVALID_RESULT"),
    /**
     * Statistics are reported but the fit hit its iteration limit before meeting the tolerance
     * (Firth only here; PLINK prints {@code UNFINISHED} in the ERRCODE column).
     */
    UNFINISHED("UNFINISHED");

    private final String plinkText;

    GlmErrcode(String plinkText) {
        this.plinkText = plinkText;
    }

    /** The ERRCODE text PLINK 2 writes ({@code .} for {@link #NONE}). */
    public String plinkText() {
        return plinkText;
    }

    /** Whether BETA/SE/P are reported ({@link #NONE} and {@link #UNFINISHED}). */
    public boolean hasStatistics() {
        return this == NONE || this == UNFINISHED;
    }
}
