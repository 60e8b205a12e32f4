package org.musubi.genome;

import java.util.List;
import java.util.Locale;

/**
 * Genome builds and their pseudo-autosomal regions (PAR1/PAR2 on X, 1-based inclusive; ../shared/SPECS.md §4.1).
 * Outside the PARs, X is haploid in XY samples and Y in all samples that have it. Which contig is X: {@link Contig}.
 */
public enum GenomeBuild {
    GRCh37(60_001, 2_699_520, 154_931_044, 155_260_560, new long[] {
        249250621, 243199373, 198022430, 191154276, 180915260, 171115067, 159138663, 146364022, 141213431, 135534747,
        135006516, 133851895, 115169878, 107349540, 102531392, 90354753, 81195210, 78077248, 59128983, 63025520,
        48129895, 51304566, 155270560, 59373566
    }),
    GRCh38(10_001, 2_781_479, 155_701_383, 156_030_895, new long[] {
        248956422, 242193529, 198295559, 190214555, 181538259, 170805979, 159345973, 145138636, 138394717, 133797422,
        135086622, 133275309, 114364328, 107043718, 101991189, 90338345, 83257441, 80373285, 58617616, 64444167,
        46709983, 50818468, 156040895, 57227415
    });

    /** The primary contigs, in the order of {@link #lengths}. */
    private static final List<String> PRIMARY = List.of(
            "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19",
            "20", "21", "22", "X", "Y");

    public final int par1Start;
    public final int par1End;
    public final int par2Start;
    public final int par2End;

    /** Lengths of the primary contigs 1–22, X, Y. */
    private final long[] lengths;

    GenomeBuild(int par1Start, int par1End, int par2Start, int par2End, long[] lengths) {
        this.par1Start = par1Start;
        this.par1End = par1End;
        this.par2Start = par2Start;
        this.par2End = par2End;
        this.lengths = lengths;
    }

    /**
     * The length of a primary contig (1–22, X, Y, with or without a lower-case {@code chr}) in this build; null for any
     * other contig. A VCF's ##contig length names the build (ingest); writers whose format needs a length the table
     * lacks (ADAM export of a PLINK or BGEN ingest) take it from here.
     */
    public Long primaryLength(String contig) {
        if (contig == null) {
            return null;
        }
        int i = PRIMARY.indexOf(contig.startsWith("chr") ? contig.substring(3) : contig);
        return i < 0 ? null : lengths[i];
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
