package org.musubi.format.calls;

/**
 * The 2-bit phase codes of a variant's optional phase vector: a {@link TwoBitVector} with one value
 * per sample, parallel to the genotype vector.
 *
 * <p>No dedicated codec: the phase vector is an ordinary {@link TwoBitVector} of these codes. It is
 * optional: when every sample is {@link #UNPHASED} a writer stores {@code null} in the column, never
 * an all-default vector, and readers treat {@code null} as all {@link #UNPHASED}.
 *
 * <p>Alleles are written in normalised order ({@code 0} before {@code 1}); {@link #PHASED_SWAPPED}
 * records that a het was written {@code 1|0}. Code 3 is unused.
 */
public final class PhaseCode {
    /** {@code a/b}. */
    public static final int UNPHASED = 0;
    /** {@code a|b} in normalised order: {@code 0|1}, {@code 0|0}, {@code 1|1}, {@code .|.}. */
    public static final int PHASED = 1;
    /**
     * Phased het written {@code 1|0}; or, with ploidy HALF_REF/HALF_ALT, a phased half call written with the missing
     * allele first ({@code .|0}, {@code .|1}).
     */
    public static final int PHASED_SWAPPED = 2;

    private PhaseCode() {}
}
