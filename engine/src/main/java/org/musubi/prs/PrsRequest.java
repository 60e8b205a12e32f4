package org.musubi.prs;

import java.util.List;
import java.util.Objects;
import org.musubi.request.TableRequestBuilder;

/**
 * A PRS scoring run, validated by the job; made with {@link #builder()}.
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

    /** A request built field by field; {@link Builder} says the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link PrsRequest}. Table and output are required; the rest default to: no score files, minimum overlap 0.75, mean imputation on, ambiguous and multi-allelic matches dropped, no overwrite, no arguments, no evaluation, no release policy (internal output).
     */
    public static final class Builder extends TableRequestBuilder<Builder> {
        private List<String> scoreFiles = List.of();
        private double minOverlap = 0.75;
        private boolean meanImputation = true;
        private boolean keepAmbiguous;
        private boolean keepMultiallelic;
        private Evaluation evaluation;
        private String releasePolicy;

        private Builder() {}

        public Builder scoreFiles(List<String> v) {
            scoreFiles = v;
            return this;
        }

        public Builder minOverlap(double v) {
            minOverlap = v;
            return this;
        }

        public Builder meanImputation(boolean v) {
            meanImputation = v;
            return this;
        }

        public Builder keepAmbiguous(boolean v) {
            keepAmbiguous = v;
            return this;
        }

        public Builder keepMultiallelic(boolean v) {
            keepMultiallelic = v;
            return this;
        }

        public Builder evaluation(Evaluation v) {
            evaluation = v;
            return this;
        }

        public Builder releasePolicy(String v) {
            releasePolicy = v;
            return this;
        }

        public PrsRequest build() {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(out, "out");
            return new PrsRequest(
                    table,
                    scoreFiles,
                    minOverlap,
                    meanImputation,
                    keepAmbiguous,
                    keepMultiallelic,
                    out,
                    overwrite,
                    arguments,
                    evaluation,
                    releasePolicy);
        }
    }
}
