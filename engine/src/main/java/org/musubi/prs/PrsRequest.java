package org.musubi.prs;

import java.util.List;

/**
 * A PRS scoring run, validated by the job.
 *
 * @param scoreFiles PGS Catalog (format 2.0, plain or gzip) or plink2-style {@code ID effect_allele weight…} files
 * @param minOverlap minimum match rate per score (pgsc_calc default 0.75); a score below it fails the run
 * @param meanImputation impute missing genotypes from the cohort frequency (off below 50 samples, as pgsc_calc)
 * @param evaluation evaluation against outcomes, or null
 * @param releasePolicy a release policy file (../shared/SPECS.md §5.2): the output is for sharing, so no per-sample
 *     output is written and the evaluation's counts pass the release gate; null for internal output
 */
public record PrsRequest(
        String table,
        List<String> scoreFiles,
        double minOverlap,
        boolean meanImputation,
        boolean keepAmbiguous,
        boolean keepMultiallelic,
        String out,
        boolean overwrite,
        List<String> arguments,
        Evaluation evaluation,
        String releasePolicy) {

    /** Scoring only, internal output. */
    public PrsRequest(
            String table,
            List<String> scoreFiles,
            double minOverlap,
            boolean meanImputation,
            boolean keepAmbiguous,
            boolean keepMultiallelic,
            String out,
            boolean overwrite,
            List<String> arguments) {
        this(
                table,
                scoreFiles,
                minOverlap,
                meanImputation,
                keepAmbiguous,
                keepMultiallelic,
                out,
                overwrite,
                arguments,
                null,
                null);
    }

    /**
     * What to evaluate the scores against.
     *
     * @param outcomeFile PLINK-style outcome file ({@code FID IID …} or {@code IID …})
     * @param outcomeNames outcome columns (empty: all)
     * @param covarFile covariate file of the same format, or null
     * @param covarNames covariate columns (empty: all of the file)
     * @param missingCode missing value code besides NA (PLINK: -9)
     * @param basis standardisation over all samples or controls only
     * @param prevalence population prevalence for the liability-scale R² of binary outcomes, or NaN
     */
    public record Evaluation(
            String outcomeFile,
            List<String> outcomeNames,
            String covarFile,
            List<String> covarNames,
            String missingCode,
            PrsEvaluation.Basis basis,
            double prevalence) {}
}
