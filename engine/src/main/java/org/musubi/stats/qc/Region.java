package org.musubi.stats.qc;

/**
 * How QC counts a variant, from its contig kind and position ({@code genome.Contig}, {@code genome.GenomeBuild}):
 * autosomes feed {@code --het} and KING; X outside the PARs feeds the sex check; on X (PARs included, as plink2
 * without {@code --split-par}) frequencies count one allele per XY founder and HWE uses XX founders; on Y only XY
 * samples are counted (plink2 {@code --missing}'s male denominator); MT, XY (a PAR contig) and others are
 * diploid but feed neither {@code --het} nor KING.
 */
public enum Region {
    AUTOSOME,
    X_NONPAR,
    X_PAR,
    Y,
    OTHER;

    public boolean isX() {
        return this == X_NONPAR || this == X_PAR;
    }
}
