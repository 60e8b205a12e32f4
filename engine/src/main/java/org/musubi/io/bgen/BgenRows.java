package org.musubi.io.bgen;

import org.musubi.format.calls.GenotypeCode;
import org.musubi.format.calls.PhaseCode;
import org.musubi.format.calls.PloidyCode;

/**
 * Turns a decoded BGEN variant ({@link BgenGenotypes}) into the table's biallelic rows, one per ALT allele, as VCF
 * ingest splits multi-allelics (other ALT alleles count as REF): the ALT dosage, and a hard call by plink2's rule
 * (SPECS §9.1): the call nearest the dosage is kept when its distance, {@code 0.5·Σ|xᵢ − round(xᵢ)|} over the
 * allele dosages (per haplotype when phased), is at most the hard-call threshold, else the call is missing.
 *
 * <p>Haploid samples get haploid calls; samples of ploidy 0 or above 2 (which the table cannot hold) are missing,
 * with a missing dosage. The REF allele is the first ({@code refFirst}) or the last allele of the record.
 */
public final class BgenRows {
    private static final double EPS = 1e-9;

    private final double threshold;
    private final boolean refFirst;

    private byte[] gt = new byte[0];
    private byte[] ploidyCodes = new byte[0];
    private byte[] phaseCodes = new byte[0];
    private double[] rowDosage = new double[0];

    /** Whether the row filled last needs a ploidy / phase vector. */
    public boolean anyPloidy;

    public boolean anyPhase;

    public BgenRows(double hardCallThreshold, boolean refFirst) {
        this.threshold = hardCallThreshold;
        this.refFirst = refFirst;
    }

    /** Index of the REF allele among {@code k}. */
    public int refIndex(int k) {
        return refFirst ? 0 : k - 1;
    }

    /** Allele index of ALT number {@code j} (0-based among the ALTs). */
    public int altAllele(int j, int k) {
        return refFirst ? j + 1 : j;
    }

    /** Fills row {@code j} (0-based ALT) of the decoded variant; read the arrays below. */
    public void fill(BgenGenotypes g, int j) {
        int n = g.sampleCount;
        if (gt.length < n) {
            gt = new byte[n];
            ploidyCodes = new byte[n];
            phaseCodes = new byte[n];
            rowDosage = new double[n];
        }
        int a = altAllele(j, g.alleleCount);
        int base = a * n;
        double[] dos = g.dosage;
        anyPloidy = false;
        anyPhase = false;
        for (int s = 0; s < n; s++) {
            double d = dos[base + s];
            int pl = g.ploidy[s];
            byte ploidyCode = (byte) PloidyCode.DIPLOID;
            byte phase = (byte) PhaseCode.UNPHASED;
            byte call;
            if (Double.isNaN(d)) {
                call = (byte) GenotypeCode.MISSING;
                d = Double.NaN;
                if (pl == 1 && !g.missing[s]) {
                    ploidyCode = (byte) PloidyCode.HAPLOID;
                }
            } else if (pl == 1) {
                ploidyCode = (byte) PloidyCode.HAPLOID;
                double r = Math.rint(d);
                call = Math.abs(d - r) <= threshold + EPS
                        ? (byte) (r >= 1 ? GenotypeCode.HOM_ALT : GenotypeCode.HOM_REF)
                        : (byte) GenotypeCode.MISSING;
            } else if (g.phased) {
                double x = g.hap0[base + s];
                double y = d - x;
                double rx = Math.rint(x);
                double ry = Math.rint(y);
                phase = (byte) PhaseCode.PHASED;
                if (Math.abs(x - rx) + Math.abs(y - ry) <= threshold + EPS) {
                    int c = (int) (rx + ry);
                    call = (byte) c;
                    if (c == 1 && rx >= 1) {
                        phase = (byte) PhaseCode.PHASED_SWAPPED;
                    }
                } else {
                    call = (byte) GenotypeCode.MISSING;
                }
            } else {
                double r = Math.rint(d);
                call = Math.abs(d - r) <= threshold + EPS ? (byte) r : (byte) GenotypeCode.MISSING;
            }
            gt[s] = call;
            ploidyCodes[s] = ploidyCode;
            phaseCodes[s] = phase;
            anyPloidy |= ploidyCode != PloidyCode.DIPLOID;
            anyPhase |= phase != PhaseCode.UNPHASED;
            rowDosage[s] = d > 2 ? 2 : d;
        }
    }

    public byte[] gt() {
        return gt;
    }

    public byte[] ploidy() {
        return ploidyCodes;
    }

    public byte[] phase() {
        return phaseCodes;
    }

    public double[] dosage() {
        return rowDosage;
    }
}
