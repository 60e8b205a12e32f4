package org.musubi.stats;

/** When logistic regression uses Firth's penalised likelihood (PLINK 2 {@code --glm} modifiers). */
public enum FirthMode {
    /** {@code no-firth}: plain logistic; separation and non-convergence are error codes. */
    NO_FIRTH,
    /**
     * {@code firth-fallback} (PLINK's default, output {@code .glm.logistic.hybrid}): Firth when the
     * A1 dosage is all in cases or all in controls, when logistic does not converge, or for every
     * variant when the covariates alone do not converge (separate the phenotype).
     */
    FIRTH_FALLBACK,
    /** {@code firth}: Firth for every variant. */
    ALWAYS_FIRTH
}
