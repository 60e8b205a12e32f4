package org.musubi.stats;

/**
 * The settings of the GWAS kernels, validated once. Defaults are PLINK 2's ({@code --max-corr
 * 0.999}, {@code --vif 50}, firth-fallback, missing genotypes dropped per variant).
 *
 * @param maxCorr a variant fails with {@link GlmErrcode#CORR_TOO_HIGH} when two predictors have
 *     |r| above this ({@code --max-corr}); in (0, 1]
 * @param vifThreshold a variant fails with {@link GlmErrcode#VIF_TOO_HIGH} when a predictor's VIF
 *     is above this ({@code --vif}); ≥ 1
 * @param missingDosages what to do with a sample whose genotype is missing
 * @param firthMode when logistic regression uses Firth's penalisation
 * @param logisticMaxIterations Newton iterations before {@link
 *     GlmErrcode#LOGISTIC_CONVERGE_FAIL} (PLINK: 25)
 * @param firthMaxIterations Firth iterations before {@link GlmErrcode#UNFINISHED} (PLINK and
 *     logistf: 25)
 */
public record GlmOptions(
        double maxCorr,
        double vifThreshold,
        MissingDosagePolicy missingDosages,
        FirthMode firthMode,
        int logisticMaxIterations,
        int firthMaxIterations)
        implements java.io.Serializable {

    /** PLINK 2's default {@code --max-corr}. */
    public static final double DEFAULT_MAX_CORR = 0.999;
    /** PLINK 2's default {@code --vif}. */
    public static final double DEFAULT_VIF_THRESHOLD = 50.0;
    /** Iteration limit of PLINK 2's logistic and Firth fits. */
    public static final int DEFAULT_MAX_ITERATIONS = 25;

    /** @throws IllegalArgumentException naming the bad value */
    public GlmOptions {
        if (!(maxCorr > 0.0 && maxCorr <= 1.0)) {
            throw new IllegalArgumentException("maxCorr must be in (0, 1]: " + maxCorr);
        }
        if (!(vifThreshold >= 1.0)) {
            throw new IllegalArgumentException("vifThreshold must be >= 1: " + vifThreshold);
        }
        if (missingDosages == null || firthMode == null) {
            throw new IllegalArgumentException("missingDosages and firthMode are required");
        }
        if (logisticMaxIterations < 1 || firthMaxIterations < 1) {
            throw new IllegalArgumentException(
                    "iteration limits must be >= 1: " + logisticMaxIterations + ", " + firthMaxIterations);
        }
    }

    /** PLINK 2's defaults. */
    public static GlmOptions defaults() {
        return new GlmOptions(
                DEFAULT_MAX_CORR,
                DEFAULT_VIF_THRESHOLD,
                MissingDosagePolicy.DROP_SAMPLE,
                FirthMode.FIRTH_FALLBACK,
                DEFAULT_MAX_ITERATIONS,
                DEFAULT_MAX_ITERATIONS);
    }

    public GlmOptions withMaxCorr(double value) {
        return new GlmOptions(
                value, vifThreshold, missingDosages, firthMode, logisticMaxIterations, firthMaxIterations);
    }

    public GlmOptions withVifThreshold(double value) {
        return new GlmOptions(maxCorr, value, missingDosages, firthMode, logisticMaxIterations, firthMaxIterations);
    }

    public GlmOptions withMissingDosages(MissingDosagePolicy value) {
        return new GlmOptions(maxCorr, vifThreshold, value, firthMode, logisticMaxIterations, firthMaxIterations);
    }

    public GlmOptions withFirthMode(FirthMode value) {
        return new GlmOptions(maxCorr, vifThreshold, missingDosages, value, logisticMaxIterations, firthMaxIterations);
    }

    public GlmOptions withLogisticMaxIterations(int value) {
        return new GlmOptions(maxCorr, vifThreshold, missingDosages, firthMode, value, firthMaxIterations);
    }

    public GlmOptions withFirthMaxIterations(int value) {
        return new GlmOptions(maxCorr, vifThreshold, missingDosages, firthMode, logisticMaxIterations, value);
    }
}
