package org.musubi.format.calls;

/**
 * The 2-bit ploidy codes of a variant's optional ploidy vector: a {@link TwoBitVector} with one
 * value per sample, parallel to the genotype vector.
 *
 * <p>No dedicated codec: the ploidy vector is an ordinary {@link TwoBitVector} of these codes. It
 * is optional: when every sample is {@link #DIPLOID} (the usual case) a writer stores {@code null}
 * in the column, never an all-default vector, and readers treat {@code null} as all {@link
 * #DIPLOID}.
 *
 * <p>Invariant (checked by {@link CallCounts}): a sample with {@link #HALF_REF} or {@link
 * #HALF_ALT} has genotype code {@link GenotypeCode#MISSING}; a {@link #HAPLOID} sample never has
 * {@link GenotypeCode#HET}.
 */
public final class PloidyCode {
    /** Two alleles: the normal case. */
    public static final int DIPLOID = 0;
    /** One allele (male X/Y outside the PARs, MT): genotype 0 = REF, 2 = ALT, 3 = missing. */
    public static final int HAPLOID = 1;
    /** Diploid call with one allele missing and the other REF, VCF {@code 0/.}; genotype MISSING. */
    public static final int HALF_REF = 2;
    /** Diploid call with one allele missing and the other ALT, VCF {@code 1/.}; genotype MISSING. */
    public static final int HALF_ALT = 3;

    private PloidyCode() {}
}
