package org.musubi.jobs.options;

import java.util.ArrayList;
import java.util.List;
import org.musubi.error.MusubiUserException;
import org.musubi.request.PhenotypeRequestBuilder;
import picocli.CommandLine.Option;

/**
 * The phenotype options of the jobs that regress phenotypes on the table ({@code gwas}, {@code wgr}), as PLINK 2
 * names them: {@code --pheno FILE --pheno-name … --covar FILE --covar-name … --keep FILE --missing-code V}. A picocli
 * mixin: {@code @Mixin PhenotypeOptions phenotypes;}, then {@link #applyTo} fills a request builder.
 */
public final class PhenotypeOptions {
    @Option(
            names = "--pheno",
            required = true,
            paramLabel = "FILE",
            description = "phenotypes: header 'FID IID name…' or 'IID name…', whitespace or tab separated")
    public String pheno;

    @Option(names = "--pheno-name", split = ",", paramLabel = "NAME", description = "phenotypes to use (default: all)")
    public List<String> phenoNames = new ArrayList<>();

    @Option(names = "--covar", paramLabel = "FILE", description = "covariates, same format (non-numeric → dummies)")
    public String covar;

    @Option(names = "--covar-name", split = ",", paramLabel = "NAME", description = "covariates to use (default: all)")
    public List<String> covarNames = new ArrayList<>();

    @Option(names = "--keep", paramLabel = "FILE", description = "sample IDs to keep (IID, or FID IID per line)")
    public String keep;

    @Option(names = "--missing-code", paramLabel = "V", description = "missing value code besides NA (default -9)")
    public String missingCode = "-9";

    /**
     * Refuses options that would be silently ignored (called from the job's {@code validate()}, before Spark starts):
     * {@code --covar-name} without {@code --covar}.
     */
    public void validate() {
        if (covar == null && !covarNames.isEmpty()) {
            throw new MusubiUserException(
                    "--covar-name has no effect without --covar FILE: give the covariate file, or leave --covar-name out");
        }
    }

    /** Sets the builder's phenotype file and names, covariate file and names, keep file and missing code. */
    public <B extends PhenotypeRequestBuilder<B>> B applyTo(B builder) {
        return builder.phenoFile(pheno)
                .phenoNames(phenoNames)
                .covarFile(covar)
                .covarNames(covarNames)
                .keep(keep)
                .missingCode(missingCode);
    }
}
