package org.musubi.simulate.model;

import org.musubi.error.MusubiUserException;
import org.musubi.genome.Contig;

/** GRCh38 contig lengths (as in the reference's {@code ##contig} lines) and the simulated stretch of each contig. */
public final class Genome {
    private Genome() {}

    private static final int[] AUTOSOMES = {
        248_956_422, 242_193_529, 198_295_559, 190_214_555, 181_538_259, 170_805_979, 159_345_973, 145_138_636,
        138_394_717, 133_797_422, 135_086_622, 133_275_309, 114_364_328, 107_043_718, 101_991_189, 90_338_345,
        83_257_441, 80_373_285, 58_617_616, 64_444_167, 46_709_983, 50_818_468
    };
    private static final int X_LENGTH = 156_040_895;

    /** The GRCh38 length of a contig (1–22, X, optional "chr" prefix; names as {@link Contig} reads them). */
    public static int length(String contig) {
        Contig.Kind kind = Contig.kind(contig);
        if (kind == Contig.Kind.X) {
            return X_LENGTH;
        }
        if (kind == Contig.Kind.AUTOSOME) {
            return AUTOSOMES[Contig.plinkCode(contig) - 1];
        }
        throw new MusubiUserException("--contigs: '" + contig + "' is not a contig the simulator knows; use 1-22 or X"
                + " (optionally with a chr prefix)");
    }

    public static boolean isX(String contig) {
        return Contig.isX(contig);
    }

    /**
     * First simulated position: 1 Mb in (on X: 3 Mb, past PAR1 of both builds, so all X variants are outside the
     * PARs).
     */
    public static int firstPosition(String contig) {
        return isX(contig) ? 3_000_000 : 1_000_000;
    }

    /** Last simulated position: 1 Mb before the end (on X: 154 Mb, before PAR2 of both builds). */
    public static int lastPosition(String contig) {
        return isX(contig) ? 154_000_000 : length(contig) - 1_000_000;
    }
}
