package org.musubi.genome;

import java.util.Locale;

/**
 * Genome builds and their pseudo-autosomal regions (PAR1/PAR2 on X, 1-based inclusive; ../shared/SPECS.md §4.1).
 * Outside the PARs, X is haploid in XY samples and Y in all samples that have it. Which contig is X: {@link Contig}.
 */
public enum GenomeBuild {
    GRCh37(60_001, 2_699_520, 154_931_044, 155_260_560),
    GRCh38(10_001, 2_781_479, 155_701_383, 156_030_895);

    public final int par1Start;
    public final int par1End;
    public final int par2Start;
    public final int par2End;

    GenomeBuild(int par1Start, int par1End, int par2Start, int par2End) {
        this.par1Start = par1Start;
        this.par1End = par1End;
        this.par2Start = par2Start;
        this.par2End = par2End;
    }

    /** The build named (GRCh37/hg19/b37, GRCh38/hg38), or null. */
    public static GenomeBuild parse(String name) {
        if (name == null) {
            return null;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "grch37", "hg19", "b37", "hs37d5" -> GRCh37;
            case "grch38", "hg38", "b38" -> GRCh38;
            default -> null;
        };
    }

    public boolean inPar(int pos) {
        return (pos >= par1Start && pos <= par1End) || (pos >= par2Start && pos <= par2End);
    }

    /**
     * Whether a position on X lies outside the PARs. With an unknown build, only positions outside the PARs of
     * both builds count (the conservative choice).
     */
    public static boolean isXNonPar(String contig, int pos, GenomeBuild build) {
        if (!Contig.isX(contig)) {
            return false;
        }
        if (build != null) {
            return !build.inPar(pos);
        }
        return !GRCh37.inPar(pos) && !GRCh38.inPar(pos);
    }
}
