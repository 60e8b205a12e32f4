package org.musubi.format.calls;

/**
 * The 2-bit genotype codes stored in a variant's calls vector (a {@link TwoBitVector} read through
 * {@link CallsView}).
 *
 * <p>Diploid calls use all four codes. A haploid call (see {@link PloidyCode#HAPLOID}) uses {@link
 * #HOM_REF} for REF, {@link #HOM_ALT} for ALT and {@link #MISSING}; {@link #HET} is invalid for a
 * haploid sample. A diploid call with exactly one allele missing ({@code 0/.}, {@code 1/.}) has code
 * {@link #MISSING}; the known allele is kept in the ploidy vector ({@link PloidyCode#HALF_REF},
 * {@link PloidyCode#HALF_ALT}).
 */
public final class GenotypeCode {
    /** {@code 0/0}; haploid {@code 0}. */
    public static final int HOM_REF = 0;
    /** {@code 0/1} (any phase). */
    public static final int HET = 1;
    /** {@code 1/1}; haploid {@code 1}. */
    public static final int HOM_ALT = 2;
    /** {@code ./.}, haploid {@code .}, and the half-missing calls {@code 0/.} and {@code 1/.}. */
    public static final int MISSING = 3;

    private GenotypeCode() {}
}
