package org.musubi.gwas;

import java.util.List;

/**
 * A GWAS run, validated by the job.
 *
 * @param phenoNames phenotypes to test (empty: every column of the phenotype file)
 * @param covarNames covariates (empty: every column of the covariate file; no file: none)
 * @param model auto (binary → logistic with Firth fallback, else linear), linear, logistic (firth-fallback),
 *     logistic-no-firth, firth
 * @param maf minimum minor allele frequency (over all samples), 0 = none
 * @param minCallRate minimum fraction of samples called, 0 = none
 * @param keep file of sample IDs to keep (one per line, or FID IID), or null
 * @param meanImpute replace missing genotypes by the mean dosage instead of dropping the sample per variant
 * @param partitions spread the variants over this many tasks (0: as the table is read, but at least four tasks per
 *     core of the cluster)
 * @param releasePolicy a release policy file ({@code release.ReleasePolicy}, SPECS §5.2) for the GWAS-SSF files that
 *     leave the bank: withdrawn samples excluded, EAF floored at k/(2n), n and case/control counts 0 &lt; c &lt; k
 *     suppressed; or null (internal output)
 * @param sexChromosomes chrX model and where sex is a covariate (PLINK 2 {@code --xchr-model}, {@code --glm
 *     no-x-sex} / {@code sex}); PLINK 2's default: males 0/2 on chrX, sex a covariate there
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
        GwasDesign.SexChromosomes sexChromosomes) {

    /** A run with PLINK 2's default chrX settings. */
    public GwasRequest(
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
            String releasePolicy) {
        this(
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
                GwasDesign.SexChromosomes.PLINK2_DEFAULT);
    }

    /** A run without a release policy. */
    public GwasRequest(
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
            List<String> arguments) {
        this(
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
                (String) null);
    }

    /** This request with other chrX settings. */
    public GwasRequest withSexChromosomes(GwasDesign.SexChromosomes s) {
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
                s);
    }
}
