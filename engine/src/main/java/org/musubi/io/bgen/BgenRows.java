package org.musubi.io.bgen;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.musubi.format.calls.DosageCodec;
import org.musubi.format.calls.GenotypeCode;
import org.musubi.format.calls.PhaseCode;
import org.musubi.format.calls.PloidyCode;

/**
 * Turns a decoded BGEN variant ({@link BgenGenotypes}) into the table's biallelic rows, one per ALT allele, as VCF
 * ingest splits multi-allelics (other ALT alleles count as REF): the ALT dosage, and a hard call by plink2's rule
 * (SPECS §9.1): the call nearest the dosage is kept when its distance, {@code 0.5·Σ|xᵢ − round(xᵢ)|} over the
 * allele dosages (per haplotype when phased), is at most the hard-call threshold, else the call is missing.
 *
 * <p>A variant left raw by the decoder ({@link BgenGenotypes#raw}: unphased, diploid, biallelic, 8 or 16 bits) is
 * filled in one pass over its integer probabilities: the ALT dosage's numerator {@code x} (P(AB) + 2·P(BB) in units
 * of 1/(2^bits − 1)) indexes a table of hard calls made once with the rule above, and gives the 16-bit dosage code
 * by one product ({@link #dosageCode}), so the row is the one the double-precision path gives.
 *
 * <p>Haploid samples get haploid calls; samples of ploidy 0 or above 2 (which the table cannot hold) are missing,
 * with a missing dosage. The REF allele is the first ({@code refFirst}) or the last allele of the record.
 */
public final class BgenRows {
    private static final double EPS = 1e-9;

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT_LE =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private final double threshold;
    private final boolean refFirst;
    /** Per bits (8, 16): the hard call of each ALT-dosage numerator 0..2·(2^bits − 1); made on use. */
    private final byte[][] callOf = new byte[17][];

    private byte[] dosageEncoding;

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

    /**
     * Fills row {@code j} (0-based ALT) of the decoded variant; read the arrays below ({@link #dosage()} is not filled
     * for a {@link BgenGenotypes#raw} variant: read {@link #dosageEncoding()}).
     */
    public void fill(BgenGenotypes g, int j) {
        int n = g.sampleCount;
        if (gt.length < n) {
            gt = new byte[n];
            ploidyCodes = new byte[n];
            phaseCodes = new byte[n];
            rowDosage = new double[n];
        }
        if (g.raw) {
            fillRaw(g);
            return;
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
        dosageEncoding = DosageCodec.encode(rowDosage, n);
    }

    /** {@link #fill} of a raw variant: the calls and the dosage codes of each sample by lookup. */
    private void fillRaw(BgenGenotypes g) {
        int n = g.sampleCount;
        int bits = g.bits;
        byte[] calls = callOf[bits];
        if (calls == null) {
            callTable(bits);
            calls = callOf[bits];
        }
        int max = (1 << bits) - 1;
        double toCode = (double) DosageCodec.SCALE / max;
        byte[] data = g.rawData();
        boolean[] missing = g.missing;
        byte[] out = gt;
        byte[] enc = DosageCodec.newEncoding(n);
        int p = DosageCodec.codesOffset(enc, n);
        int q = g.rawStart();
        int step = bits == 16 ? 4 : 2;
        for (int s = 0; s < n; s++, q += step, p += 2) {
            if (missing[s]) {
                out[s] = (byte) GenotypeCode.MISSING;
                SHORT_LE.set(enc, p, (short) DosageCodec.MISSING);
                continue;
            }
            int v0;
            int v1;
            if (step == 4) {
                int w = (int) INT_LE.get(data, q);
                v0 = w & 0xFFFF;
                v1 = w >>> 16;
            } else {
                v0 = data[q] & 0xFF;
                v1 = data[q + 1] & 0xFF;
            }
            // ALT = allele 2 (ref first): P(AB) + 2·P(BB) with P(BB) = 1 − P(AA) − P(AB); ALT = allele 1: 2·P(AA) +
            // P(AB)
            int x = refFirst ? 2 * (max - v0) - v1 : 2 * v0 + v1;
            out[s] = calls[x];
            SHORT_LE.set(enc, p, (short) dosageCode(x, toCode));
        }
        anyPloidy = false;
        anyPhase = false;
        dosageEncoding = enc;
    }

    /**
     * The dosage code of ALT-dosage numerator {@code x} (dosage x / max, {@code toCode} = 16384 / max): round(x ·
     * 16384 / max) by one product, exact because x · 16384 / max is never within 1/(2·max) of a half unit (max is
     * odd), far more than the product's rounding error; so it equals {@link DosageCodec#toCode} of the dosage.
     */
    static int dosageCode(int x, double toCode) {
        return (int) (x * toCode + 0.5);
    }

    /** The call table of {@code bits}: what {@link #fill}'s diploid unphased rule gives for dosage x / max. */
    private void callTable(int bits) {
        int max = (1 << bits) - 1;
        double inv = 1.0 / max;
        byte[] calls = new byte[2 * max + 1];
        for (int x = 0; x <= 2 * max; x++) {
            double d = x * inv;
            double r = Math.rint(d);
            calls[x] = Math.abs(d - r) <= threshold + EPS ? (byte) r : (byte) GenotypeCode.MISSING;
        }
        callOf[bits] = calls;
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

    /**
     * The row's dosages as {@link DosageCodec} encodes them (a new array per row, handed to the table writer as it
     * is).
     */
    public byte[] dosageEncoding() {
        return dosageEncoding;
    }
}
