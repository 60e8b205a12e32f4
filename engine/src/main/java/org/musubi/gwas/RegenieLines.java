package org.musubi.gwas;

import org.musubi.format.NumberFormats;
import org.musubi.stats.RegenieResult;

/**
 * The {@code .regenie} file of {@code gwas --pred}: REGENIE's step-2 columns (SPECS §8.2) {@code CHROM GENPOS ID
 * ALLELE0 ALLELE1 A1FREQ N TEST BETA SE CHISQ LOG10P EXTRA}, space-separated; CHROM as REGENIE numbers it (X = 23),
 * ALLELE0 = REF, ALLELE1 = ALT (the tested allele), A1FREQ = ALT frequency, numbers with 6 significant digits as
 * REGENIE prints them; EXTRA {@code NA}, or {@code TEST_FAIL} with NA statistics where the Firth fit failed.
 */
final class RegenieLines {
    static final String HEADER = "CHROM GENPOS ID ALLELE0 ALLELE1 A1FREQ N TEST BETA SE CHISQ LOG10P EXTRA\n";

    private RegenieLines() {}

    /** One result's line into {@code b} (cleared first). */
    static void append(StringBuilder b, GwasResult r) {
        RegenieResult x = r.regenie;
        b.setLength(0);
        b.append(LocoPredictions.regenieChromosome(r.contig)).append(' ');
        b.append(r.pos).append(' ').append(r.id == null ? "." : r.id).append(' ');
        b.append(r.ref).append(' ').append(r.alt).append(' ');
        b.append(NumberFormats.g6(x.altFreq)).append(' ').append(x.n).append(" ADD ");
        if (x.failed) {
            b.append("NA NA NA NA TEST_FAIL\n");
            return;
        }
        b.append(NumberFormats.g6(x.beta)).append(' ');
        b.append(NumberFormats.g6(x.se)).append(' ');
        b.append(NumberFormats.g6(x.chisq)).append(' ');
        b.append(NumberFormats.g6(x.log10p)).append(" NA\n");
    }
}
