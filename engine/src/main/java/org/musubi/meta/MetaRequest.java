package org.musubi.meta;

import java.util.List;

/**
 * A meta-analysis run, validated by the job.
 *
 * @param inputs the studies' GWAS-SSF files, in the order of the Direction column
 * @param sampleSize METAL's SCHEME SAMPLESIZE (Z weighted by √N) instead of SCHEME STDERR (inverse variance)
 * @param randomEffects add DerSimonian–Laird random-effects columns (inverse-variance scheme)
 * @param palindromeMafMax A/T and C/G SNPs are aligned by allele frequency only when their minor allele frequency
 *     is at most this, in the study and in the reference study (else dropped)
 * @param partitions tasks for the combination step (0: 4 per core)
 */
public record MetaRequest(
        List<String> inputs,
        boolean sampleSize,
        boolean randomEffects,
        double palindromeMafMax,
        int partitions,
        String out,
        boolean overwrite,
        List<String> arguments) {}
