package org.musubi.stats.qc;

/**
 * The five KING-robust counts of a sample pair (plink2 {@code --make-king-table}, SPECS §7.3) — their layout in a
 * tile's counts ({@link KingKernel#counts()}: five ints per pair, field k of pair (r, c) at {@code (r·cols + c)·5 + k})
 * — and the statistics made from them.
 *
 * <p>For samples a and b over the variants called in both: IBS0 = opposite homozygotes, HETHET = both het,
 * HET1_HOM2 = a het and b hom, HET2_HOM1 = a hom and b het, HOMHOM = both hom.
 */
public final class KingCounts {
    public static final int IBS0 = 0;
    public static final int HETHET = 1;
    public static final int HET1_HOM2 = 2;
    public static final int HET2_HOM1 = 3;
    public static final int HOMHOM = 4;
    public static final int FIELDS = 5;

    private KingCounts() {}

    /**
     * KING-robust kinship (Manichaikul et al. 2010, between-family estimator) as plink2 computes it: 0.5 − (4·IBS0 +
     * HET1_HOM2 + HET2_HOM1) / (4·(HETHET + min(HET1_HOM2, HET2_HOM1))), integer sums then one division (−∞ or NaN
     * when the denominator is 0, as plink2).
     */
    public static double kinship(long ibs0, long hethet, long het1hom2, long het2hom1) {
        long smaller = hethet + Math.min(het1hom2, het2hom1);
        return 0.5 - (double) (4 * ibs0 + het1hom2 + het2hom1) / (double) (4 * smaller);
    }

    /** NSNP: variants called in both samples. */
    public static long nsnp(long hethet, long het1hom2, long het2hom1, long homhom) {
        return hethet + het1hom2 + het2hom1 + homhom;
    }
}
