package org.musubi.gwas;

import java.util.List;
import java.util.Objects;
import org.musubi.request.PhenotypeRequestBuilder;

/**
 * A GWAS run, validated by the job; made with {@link #builder()}.
 *
 * @param phenoNames phenotypes to test (empty: every column of the phenotype file)
 * @param covarNames covariates (empty: every column of the covariate file; no file: none)
 * @param model auto (binary → logistic with Firth fallback, else linear), linear, logistic (firth-fallback),
 *     logistic-no-firth, firth
 * @param maf minimum minor allele frequency, 0 = none: plink2 {@code --maf} over the kept founders ({@link
 *     KeptSampleFilter})
 * @param minCallRate minimum fraction of samples called, 0 = none: plink2 {@code --geno 1−F} over the kept samples
 * @param keep file of sample IDs to keep (one per line, or FID IID), or null
 * @param meanImpute replace missing genotypes by the mean dosage instead of dropping the sample per variant
 * @param partitions spread the variants over this many tasks (0: as the table is read, but at least four tasks per
 *     core of the cluster)
 * @param releasePolicy a release policy file ({@code release.ReleasePolicy}, SPECS §5.2) for the GWAS-SSF files that
 *     leave the bank: withdrawn samples excluded, EAF floored at k/(2n), n and case/control counts 0 &lt; c &lt; k
 *     suppressed; or null (internal output)
 * @param sexChromosomes chrX model and where sex is a covariate (PLINK 2 {@code --xchr-model}, {@code --glm
 *     no-x-sex} / {@code sex}); PLINK 2's default: males 0/2 on chrX, sex a covariate there
 * @param pred REGENIE's step 2 with these step-1 LOCO predictions ({@code --pred}), or null: PLINK 2 --glm
 */
public record GwasRequest(
        String table,
        String phenoFile,
        List<String> phenoNames,
        String covarFile,
        List<String> covarNames,
        String model,
        double maf,
        double minCallRate,
        String keep,
        String missingCode,
        boolean meanImpute,
        int partitions,
        String out,
        boolean overwrite,
        List<String> arguments,
        String releasePolicy,
        GwasDesign.SexChromosomes sexChromosomes,
        RegenieOptions pred) {

    /** A request built field by field; {@link Builder} says the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link GwasRequest}. Table, phenotype file and output are required; the rest default to: every
     * phenotype, no covariates, model auto, no MAF or call-rate filter, every sample, missing code -9, no mean
     * imputation, partitions from the cluster, no overwrite, no arguments, no release policy (internal output),
     * PLINK 2's chrX settings, no {@code --pred}.
     */
    public static final class Builder extends PhenotypeRequestBuilder<Builder> {
        private String model = "auto";
        private double maf;
        private double minCallRate;
        private boolean meanImpute;
        private String releasePolicy;
        private GwasDesign.SexChromosomes sexChromosomes = GwasDesign.SexChromosomes.PLINK2_DEFAULT;
        private RegenieOptions pred;

        private Builder() {}

        public Builder model(String v) {
            model = v;
            return this;
        }

        public Builder maf(double v) {
            maf = v;
            return this;
        }

        public Builder minCallRate(double v) {
            minCallRate = v;
            return this;
        }

        public Builder meanImpute(boolean v) {
            meanImpute = v;
            return this;
        }

        public Builder releasePolicy(String v) {
            releasePolicy = v;
            return this;
        }

        public Builder sexChromosomes(GwasDesign.SexChromosomes v) {
            sexChromosomes = v;
            return this;
        }

        public Builder pred(RegenieOptions v) {
            pred = v;
            return this;
        }

        public GwasRequest build() {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(phenoFile, "phenoFile");
            Objects.requireNonNull(out, "out");
            return new GwasRequest(
                    table,
                    phenoFile,
                    phenoNames,
                    covarFile,
                    covarNames,
                    model,
                    maf,
                    minCallRate,
                    keep,
                    missingCode,
                    meanImpute,
                    partitions,
                    out,
                    overwrite,
                    arguments,
                    releasePolicy,
                    sexChromosomes,
                    pred);
        }
    }
}
