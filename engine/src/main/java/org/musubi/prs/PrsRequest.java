package org.musubi.prs;

import java.util.List;

/**
 * A PRS scoring run, validated by the job.
 *
 * @param scoreFiles PGS Catalog (format 2.0, plain or gzip) or plink2-style {@code ID effect_allele weight…} files
 * @param minOverlap minimum match rate per score (pgsc_calc default 0.75); a score below it fails the run
 * @param meanImputation impute missing genotypes from the cohort frequency (off below 50 samples, as pgsc_calc)
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
        List<String> arguments) {}
