package org.musubi.stats;

/** What a kernel does with a sample whose genotype is missing for the variant under test. */
public enum MissingDosagePolicy {
    /**
     * PLINK 2: drop the sample for this variant only; {@code OBS_CT} is the number of samples with
     * a genotype, and the fit is exact on that subset.
     */
    DROP_SAMPLE,
    /** Replace the missing dosage with the mean of the observed ones; {@code OBS_CT} counts all. */
    MEAN_IMPUTE
}
