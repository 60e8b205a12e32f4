package org.musubi.request;

import java.util.List;

/**
 * A {@link TableRequestBuilder} for the jobs that regress phenotypes on the table's variants, {@code gwas} and
 * {@code wgr}: the phenotype and covariate files (PLINK 2's {@code --pheno/--pheno-name/--covar/--covar-name}), the
 * samples kept, the missing-value code and the number of tasks. The jobs fill these from the {@code
 * jobs.options.PhenotypeOptions} mixin.
 *
 * @param <B> the concrete builder
 */
public abstract class PhenotypeRequestBuilder<B extends PhenotypeRequestBuilder<B>> extends TableRequestBuilder<B> {
    /** Phenotype file; required. */
    protected String phenoFile;
    /** Phenotypes used; default empty: every column of the phenotype file. */
    protected List<String> phenoNames = List.of();
    /** Covariate file; default none. */
    protected String covarFile;
    /** Covariates used; default empty: every column of the covariate file. */
    protected List<String> covarNames = List.of();
    /** File of sample IDs to keep; default none: every sample. */
    protected String keep;
    /** Missing-value code besides NA; default {@code -9}, as PLINK. */
    protected String missingCode = "-9";
    /** Tasks; default 0: chosen from the cluster. */
    protected int partitions;

    protected PhenotypeRequestBuilder() {}

    public B phenoFile(String v) {
        phenoFile = v;
        return self();
    }

    public B phenoNames(List<String> v) {
        phenoNames = v;
        return self();
    }

    public B covarFile(String v) {
        covarFile = v;
        return self();
    }

    public B covarNames(List<String> v) {
        covarNames = v;
        return self();
    }

    public B keep(String v) {
        keep = v;
        return self();
    }

    public B missingCode(String v) {
        missingCode = v;
        return self();
    }

    public B partitions(int v) {
        partitions = v;
        return self();
    }
}
