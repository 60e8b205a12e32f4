package org.musubi.simulate.model;

/**
 * Genotypes of one bank in one block, as the variant table codes them: {@code gt[variant][sample]} is a
 * {@code GenotypeCode} (0 hom-ref, 1 het, 2 hom-alt or haploid ALT, 3 missing) and {@code ploidy[sample]} a
 * {@code PloidyCode} (1 = haploid: XY samples on X outside the PARs), or null when every call is diploid. The arrays
 * are reused from block to block.
 */
public final class BlockGenotypes {
    public BlockLayout layout;
    public byte[][] gt = new byte[0][];
    public byte[] ploidy;
    /** Haplotype alleles, [variant][2 · individual + h], including phantom parents (workspace). */
    byte[][] haplotypes = new byte[0][];

    int[] choice = new int[0];

    void ensure(int variants, int samples, int individuals) {
        if (gt.length < variants || (gt.length > 0 && gt[0].length != samples)) {
            gt = new byte[Math.max(variants, gt.length)][samples];
        }
        if (haplotypes.length < variants || (haplotypes.length > 0 && haplotypes[0].length != 2 * individuals)) {
            haplotypes = new byte[Math.max(variants, haplotypes.length)][2 * individuals];
        }
        if (choice.length != 2 * individuals) {
            choice = new int[2 * individuals];
        }
    }

    /** ALT allele count of a sample at a variant, or -1 when missing (haploid ALT counts 1). */
    public int altCount(int variant, int sample) {
        int g = gt[variant][sample];
        if (g == 3) {
            return -1;
        }
        if (ploidy != null && ploidy[sample] == 1) {
            return g == 2 ? 1 : 0;
        }
        return g;
    }
}
