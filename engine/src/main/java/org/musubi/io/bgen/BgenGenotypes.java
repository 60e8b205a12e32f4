package org.musubi.io.bgen;

import com.github.luben.zstd.Zstd;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.musubi.io.Inflaters;

/**
 * Decodes a variant's genotype block (layout 1 or 2; none, zlib or zstd; 1–32 bits per probability; phased or
 * not; any ploidy; missing samples) into each allele's expected count per sample, the samples' ploidy and missing
 * flags, and for phased diploid samples the first haplotype's allele probabilities. {@link BgenRows} turns that
 * into the table's rows. One instance per task, reused from variant to variant.
 */
public final class BgenGenotypes implements AutoCloseable {
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final Inflater inflater = Inflaters.raw();
    private byte[] data = new byte[64];

    public int sampleCount;
    public int alleleCount;
    public boolean phased;
    public int bits;
    /** Per sample: ploidy (0–63). */
    public byte[] ploidy = new byte[0];
    /** Per sample: missing. */
    public boolean[] missing = new boolean[0];
    /** Expected count of allele a in sample s at {@code a * N + s} (NaN for missing or unstorable samples). */
    public double[] dosage = new double[0];
    /** Phased: probability that haplotype 1 of sample s carries allele a, at {@code a * N + s}. */
    public double[] hap0 = new double[0];
    /** Whether any sample is not diploid. */
    public boolean anyNonDiploid;

    /**
     * Whether the variant decoded last was left raw ({@link #keepRaw}): unphased, all samples diploid, two alleles, 8
     * or 16 bits. Its probabilities were checked (each sample's sum at most 1) and lie in {@link #rawData()}, two
     * values per sample ({@code P(AA)}, {@code P(AB)}) of {@link #bits} bits from {@link #rawStart()}; {@link #dosage}
     * and {@link #hap0} are not filled. {@link BgenRows} reads them in one pass.
     */
    public boolean raw;

    private boolean keepRaw;
    private int rawStart;

    /**
     * Leaves the variants of the common kind (unphased, diploid, biallelic, 8 or 16 bits) raw ({@link #raw}) instead
     * of decoding them into {@link #dosage}: ingest's fast path, which turns the integer probabilities into hard
     * calls and dosage codes by lookup ({@link BgenRows}). Off by default.
     */
    public void keepRaw(boolean keep) {
        this.keepRaw = keep;
    }

    /** The decompressed genotype data of a {@link #raw} variant. */
    byte[] rawData() {
        return data;
    }

    /** Where a {@link #raw} variant's probabilities start in {@link #rawData()}. */
    int rawStart() {
        return rawStart;
    }

    /** Decodes the genotype block {@code r} read last. */
    public void decode(BgenReader r) throws BgenException {
        BgenHeader h = r.header();
        raw = false;
        int n = h.sampleCount;
        int k = r.alleleCount;
        byte[] b = r.block();
        int off = r.blockStart();
        int len = r.blockLength();
        int dataLen;
        if (h.layout == 1) {
            dataLen = 6 * n;
            if (h.compression == BgenHeader.Compression.NONE) {
                grow(dataLen);
                System.arraycopy(b, off, data, 0, len);
            } else {
                inflate(r, b, off, len, dataLen);
            }
            decodeLayout1(r, n);
            return;
        }
        if (h.compression == BgenHeader.Compression.NONE) {
            dataLen = len;
            grow(dataLen);
            System.arraycopy(b, off, data, 0, len);
        } else {
            if (len < 4) {
                throw bad(r, BgenException.Reason.BAD_BLOCK, "genotype block of " + len + " bytes", null);
            }
            long d = BgenHeader.u32(b, off);
            if (d > Integer.MAX_VALUE - 16) {
                throw bad(r, BgenException.Reason.BAD_BLOCK, "uncompressed length " + d + " is too large", null);
            }
            dataLen = (int) d;
            if (h.compression == BgenHeader.Compression.ZLIB) {
                inflate(r, b, off + 4, len - 4, dataLen);
            } else {
                grow(dataLen);
                long got;
                try {
                    got = Zstd.decompressByteArray(data, 0, dataLen, b, off + 4, len - 4);
                } catch (RuntimeException e) {
                    throw bad(r, BgenException.Reason.BAD_BLOCK, "zstd data is corrupt (" + e.getMessage() + ")", null);
                }
                if (Zstd.isError(got) || got != dataLen) {
                    throw bad(
                            r,
                            BgenException.Reason.BAD_BLOCK,
                            "zstd data is corrupt or decompresses to " + got + " bytes, not " + dataLen,
                            null);
                }
            }
        }
        decodeLayout2(r, n, k, dataLen);
    }

    /** Frees the inflater's native memory (ISA-L's is not freed by the garbage collector). */
    @Override
    public void close() {
        inflater.end();
    }

    private void inflate(BgenReader r, byte[] b, int off, int len, int dataLen) throws BgenException {
        grow(dataLen);
        try {
            Inflaters.inflateZlib(inflater, b, off, len, data, dataLen);
        } catch (DataFormatException e) {
            throw bad(r, BgenException.Reason.BAD_BLOCK, "zlib data is corrupt (" + e.getMessage() + ")", null);
        }
    }

    private void grow(int len) {
        if (data.length < len + 8) {
            data = new byte[Math.max(len + 8, data.length * 2)];
        }
        // zero padding for the 8-byte bit reads past the end
        java.util.Arrays.fill(data, len, len + 8, (byte) 0);
    }

    private void size(int n, int k) {
        sampleCount = n;
        alleleCount = k;
        if (ploidy.length < n) {
            ploidy = new byte[n];
            missing = new boolean[n];
        }
        if (dosage.length < k * n) {
            dosage = new double[k * n];
            hap0 = new double[k * n];
        }
    }

    private void decodeLayout1(BgenReader r, int n) throws BgenException {
        size(n, 2);
        phased = false;
        bits = 16;
        anyNonDiploid = false;
        double inv = 1.0 / 32768;
        for (int s = 0; s < n; s++) {
            int q = 6 * s;
            int aa = u16(q);
            int ab = u16(q + 2);
            int bb = u16(q + 4);
            ploidy[s] = 2;
            if (aa + ab + bb == 0) {
                missing[s] = true;
                dosage[s] = Double.NaN;
                dosage[n + s] = Double.NaN;
                continue;
            }
            if (aa + ab + bb > 32768 + 3) {
                throw badProbabilities(r, s, (aa + ab + bb) * inv);
            }
            missing[s] = false;
            dosage[s] = Math.min(2, (2 * aa + ab) * inv);
            dosage[n + s] = Math.min(2, (ab + 2 * bb) * inv);
        }
    }

    private int u16(int q) {
        return (data[q] & 0xFF) | (data[q + 1] & 0xFF) << 8;
    }

    private void decodeLayout2(BgenReader r, int n, int k, int len) throws BgenException {
        if (len < 10 + n) {
            throw bad(r, BgenException.Reason.BAD_BLOCK, "genotype data of " + len + " bytes is too short", null);
        }
        long pn = BgenHeader.u32(data, 0);
        int pk = u16(4);
        if (pn != n || pk != k) {
            throw bad(
                    r,
                    BgenException.Reason.BAD_BLOCK,
                    "genotype data for " + pn + " samples and " + pk + " alleles, but the file has " + n
                            + " samples and the variant " + k + " alleles",
                    null);
        }
        int phasedByte = data[8 + n] & 0xFF;
        bits = data[9 + n] & 0xFF;
        if (phasedByte > 1 || bits < 1 || bits > 32) {
            throw bad(
                    r,
                    phasedByte > 1 ? BgenException.Reason.BAD_BLOCK : BgenException.Reason.UNSUPPORTED,
                    phasedByte > 1 ? "phased flag " + phasedByte : bits + " bits per probability (BGEN allows 1–32)",
                    null);
        }
        phased = phasedByte == 1;
        size(n, k);
        anyNonDiploid = false;
        long totalValues = 0;
        int lastPloidy = -1;
        long lastCount = 0;
        for (int s = 0; s < n; s++) {
            int pb = data[8 + s] & 0xFF;
            int pl = pb & 0x3F;
            ploidy[s] = (byte) pl;
            missing[s] = (pb & 0x80) != 0;
            anyNonDiploid |= pl != 2;
            if (pl != lastPloidy) {
                lastPloidy = pl;
                lastCount = valueCount(pl, k, phased);
            }
            totalValues += lastCount;
        }
        long needBits = totalValues * bits;
        long need = 10L + n + (needBits + 7) / 8;
        if (need > len) {
            throw bad(
                    r,
                    BgenException.Reason.BAD_BLOCK,
                    "genotype data of " + len + " bytes holds fewer than the " + need + " its ploidies need",
                    null);
        }
        int base = 10 + n;
        if (!phased && !anyNonDiploid && k == 2 && (bits == 8 || bits == 16)) {
            if (keepRaw) {
                checkRaw(r, n, base);
                rawStart = base;
                raw = true;
            } else {
                diploidBiallelic(r, n, base);
            }
            return;
        }
        long max = bits == 32 ? 0xFFFFFFFFL : (1L << bits) - 1;
        double inv = 1.0 / max;
        long mask = max;
        long bitPos = (long) base * 8;
        java.util.Arrays.fill(dosage, 0, k * n, 0.0);
        for (int s = 0; s < n; s++) {
            int pl = ploidy[s];
            int vc = (int) valueCount(pl, k, phased);
            boolean keep = !missing[s] && pl >= 1 && pl <= 2;
            if (!keep) {
                bitPos += (long) vc * bits;
                for (int a = 0; a < k; a++) {
                    dosage[a * n + s] = Double.NaN;
                }
                continue;
            }
            if (phased) {
                for (int hp = 0; hp < pl; hp++) {
                    long sum = 0;
                    for (int a = 0; a < k - 1; a++) {
                        long v = read(bitPos, mask);
                        bitPos += bits;
                        sum += v;
                        double pr = v * inv;
                        dosage[a * n + s] += pr;
                        if (hp == 0) {
                            hap0[a * n + s] = pr;
                        }
                    }
                    if (sum > max) {
                        throw badProbabilities(r, s, sum * inv);
                    }
                    double last = (max - sum) * inv;
                    dosage[(k - 1) * n + s] += last;
                    if (hp == 0) {
                        hap0[(k - 1) * n + s] = last;
                    }
                }
            } else if (pl == 1) {
                long sum = 0;
                for (int a = 0; a < k - 1; a++) {
                    long v = read(bitPos, mask);
                    bitPos += bits;
                    sum += v;
                    dosage[a * n + s] = v * inv;
                }
                if (sum > max) {
                    throw badProbabilities(r, s, sum * inv);
                }
                dosage[(k - 1) * n + s] = (max - sum) * inv;
            } else {
                // diploid genotypes in colex order: (0,0) (0,1) (1,1) (0,2) (1,2) (2,2) …; the last is implied
                long sum = 0;
                int g = 0;
                for (int hi = 0; hi < k; hi++) {
                    for (int lo = 0; lo <= hi; lo++, g++) {
                        double pr;
                        if (g < vc) {
                            long v = read(bitPos, mask);
                            bitPos += bits;
                            sum += v;
                            pr = v * inv;
                        } else {
                            if (sum > max) {
                                throw badProbabilities(r, s, sum * inv);
                            }
                            pr = (max - sum) * inv;
                        }
                        dosage[lo * n + s] += pr;
                        dosage[hi * n + s] += pr;
                    }
                }
            }
        }
    }

    /** The common case: unphased, all diploid, two alleles, 8 or 16 bits (byte-aligned). */
    private void diploidBiallelic(BgenReader r, int n, int q) throws BgenException {
        int max = bits == 8 ? 255 : 65535;
        double inv = 1.0 / max;
        int step = bits / 8;
        for (int s = 0; s < n; s++) {
            int v0;
            int v1;
            if (step == 1) {
                v0 = data[q] & 0xFF;
                v1 = data[q + 1] & 0xFF;
            } else {
                v0 = u16(q);
                v1 = u16(q + 2);
            }
            q += 2 * step;
            if (missing[s]) {
                dosage[s] = Double.NaN;
                dosage[n + s] = Double.NaN;
                continue;
            }
            int v2 = max - v0 - v1;
            if (v2 < 0) {
                throw badProbabilities(r, s, (v0 + v1) * inv);
            }
            dosage[s] = (2 * v0 + v1) * inv;
            dosage[n + s] = (v1 + 2 * v2) * inv;
        }
    }

    /** Checks that no present sample's two stored probabilities (8 or 16 bits, from {@code q}) sum past 1. */
    private void checkRaw(BgenReader r, int n, int q) throws BgenException {
        if (bits == 16) {
            for (int s = 0; s < n; s++, q += 4) {
                int w = (int) INT_LE.get(data, q);
                if ((w & 0xFFFF) + (w >>> 16) > 65535 && !missing[s]) {
                    throw badProbabilities(r, s, ((w & 0xFFFF) + (w >>> 16)) / 65535.0);
                }
            }
        } else {
            for (int s = 0; s < n; s++, q += 2) {
                int v = (data[q] & 0xFF) + (data[q + 1] & 0xFF);
                if (v > 255 && !missing[s]) {
                    throw badProbabilities(r, s, v / 255.0);
                }
            }
        }
    }

    private long read(long bitPos, long mask) {
        long w = (long) LONG_LE.get(data, (int) (bitPos >>> 3));
        return (w >>> (bitPos & 7)) & mask;
    }

    /** Stored values per sample: unphased C(P+K−1, K−1) − 1, phased P·(K − 1). */
    static long valueCount(int ploidy, int k, boolean phased) {
        if (phased) {
            return (long) ploidy * (k - 1);
        }
        // C(P+K-1, K-1) computed as a product; fine for the ploidies and allele counts BGEN files hold
        long c = 1;
        for (int i = 1; i <= k - 1; i++) {
            c = c * (ploidy + i) / i;
        }
        return c - 1;
    }

    private static BgenException badProbabilities(BgenReader r, int s, double sum) {
        return new BgenException(
                BgenException.Reason.BAD_PROBABILITIES,
                r.variant,
                r.offset,
                "the probabilities of sample " + (s + 1) + " sum to " + sum + ", more than 1",
                "the file is corrupt or was written wrongly; re-create it (qctool, plink2 --export bgen-1.2)");
    }

    private static BgenException bad(BgenReader r, BgenException.Reason reason, String problem, String fix) {
        return new BgenException(
                reason,
                r.variant,
                r.offset,
                problem,
                fix != null
                        ? fix
                        : reason == BgenException.Reason.UNSUPPORTED
                                ? "convert the file with qctool -bgen-bits 16 (or plink2 --export bgen-1.2)"
                                : "the file is corrupt; re-copy it or re-create it");
    }
}
