package org.musubi.adam;

import org.musubi.format.calls.GenotypeCode;
import org.musubi.format.calls.PhaseCode;
import org.musubi.format.calls.PloidyCode;

/**
 * ADAM's per-sample allele lists ↔ the table's genotype, ploidy and phase codes (kernel: plain Java). ADAM stores a
 * call as its alleles in order, each {@code REF}, {@code ALT}, {@code OTHER_ALT} (another ALT of a split
 * multi-allelic record) or {@code NO_CALL}, plus a phased flag. As in VCF ingest (bcftools norm -m-any), another ALT
 * counts as REF in a split row; a half call ({@code 0/.}) is MISSING with its known allele in the ploidy code; a
 * phased het or half call written with its ALT or missing allele first is {@link PhaseCode#PHASED_SWAPPED}. Used by
 * {@link AdamIngestPlan} (ADAM → table) and {@link AdamExportPlan} (table → ADAM).
 */
public final class AdamCalls {
    /** Allele codes, in ADAM's {@code GenotypeAllele} order. */
    public static final int REF = 0, ALT = 1, OTHER_ALT = 2, NO_CALL = 3;

    private AdamCalls() {}

    /** The code of one of ADAM's allele names, or -1 for another name. */
    public static int allele(String name) {
        return switch (name) {
            case "REF" -> REF;
            case "ALT" -> ALT;
            case "OTHER_ALT" -> OTHER_ALT;
            case "NO_CALL" -> NO_CALL;
            default -> -1;
        };
    }

    /**
     * Sets {@code gt[s]}, {@code ploidy[s]} and {@code phase[s]} from a call of one or two alleles ({@code a1} is
     * ignored when {@code count} is 1; no alleles at all is a missing diploid call).
     *
     * @return false when the call has more than two alleles (the table holds ploidy 1 and 2 only)
     */
    public static boolean decode(
            int count, int a0, int a1, boolean phased, byte[] gt, byte[] ploidy, byte[] phase, int s) {
        if (count > 2) {
            return false;
        }
        if (count == 0) {
            gt[s] = GenotypeCode.MISSING;
            ploidy[s] = PloidyCode.DIPLOID;
            phase[s] = PhaseCode.UNPHASED;
            return true;
        }
        if (count == 1) {
            ploidy[s] = PloidyCode.HAPLOID;
            phase[s] = PhaseCode.UNPHASED;
            gt[s] = (byte)
                    (a0 == NO_CALL ? GenotypeCode.MISSING : a0 == ALT ? GenotypeCode.HOM_ALT : GenotypeCode.HOM_REF);
            return true;
        }
        boolean m0 = a0 == NO_CALL, m1 = a1 == NO_CALL;
        boolean alt0 = a0 == ALT, alt1 = a1 == ALT;
        ploidy[s] = PloidyCode.DIPLOID;
        int ph = phased ? PhaseCode.PHASED : PhaseCode.UNPHASED;
        if (m0 && m1) {
            gt[s] = GenotypeCode.MISSING;
        } else if (m0 || m1) {
            gt[s] = GenotypeCode.MISSING;
            ploidy[s] = (byte) ((m0 ? alt1 : alt0) ? PloidyCode.HALF_ALT : PloidyCode.HALF_REF);
            if (phased && m0) {
                ph = PhaseCode.PHASED_SWAPPED;
            }
        } else {
            int alts = (alt0 ? 1 : 0) + (alt1 ? 1 : 0);
            gt[s] = (byte) (alts == 0 ? GenotypeCode.HOM_REF : alts == 1 ? GenotypeCode.HET : GenotypeCode.HOM_ALT);
            if (phased && alts == 1 && alt0) {
                ph = PhaseCode.PHASED_SWAPPED;
            }
        }
        phase[s] = (byte) ph;
        return true;
    }

    /**
     * The alleles of a stored call, in ADAM's order: {@code out[0..return)} (1 for a haploid call, else 2).
     *
     * @param gt the genotype code
     * @param ploidy the ploidy code ({@link PloidyCode#DIPLOID} when the row has no ploidy vector)
     * @param phase the phase code ({@link PhaseCode#UNPHASED} when the row has no phase vector)
     */
    public static int encode(int gt, int ploidy, int phase, int[] out) {
        if (ploidy == PloidyCode.HAPLOID) {
            out[0] = gt == GenotypeCode.MISSING ? NO_CALL : gt == GenotypeCode.HOM_ALT ? ALT : REF;
            return 1;
        }
        boolean swapped = phase == PhaseCode.PHASED_SWAPPED;
        if (ploidy == PloidyCode.HALF_REF || ploidy == PloidyCode.HALF_ALT) {
            int known = ploidy == PloidyCode.HALF_ALT ? ALT : REF;
            out[swapped ? 1 : 0] = known;
            out[swapped ? 0 : 1] = NO_CALL;
            return 2;
        }
        switch (gt) {
            case GenotypeCode.HOM_REF -> {
                out[0] = REF;
                out[1] = REF;
            }
            case GenotypeCode.HET -> {
                out[0] = swapped ? ALT : REF;
                out[1] = swapped ? REF : ALT;
            }
            case GenotypeCode.HOM_ALT -> {
                out[0] = ALT;
                out[1] = ALT;
            }
            default -> {
                out[0] = NO_CALL;
                out[1] = NO_CALL;
            }
        }
        return 2;
    }
}
