package org.musubi.io.plink;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;
import org.musubi.format.calls.GenotypeCode;

/**
 * The PLINK 1 {@code .bed} layout (variant-major): the 3-byte header, the bytes of a variant, and the translation of
 * a variant's 2-bit codes to and from the table's {@link GenotypeCode}s through 256-entry tables (one lookup per
 * byte of four samples). {@code .bed} codes: {@code 00} hom A1, {@code 01} missing, {@code 10} het, {@code 11} hom
 * A2; sample i in byte i/4 at bits 2·(i mod 4). Used by PLINK ingest ({@link #toPackedCodes}: the table's packed
 * codes straight from the bytes, 32 samples a step; {@link #decode} one code per sample) and export ({@link
 * #encode}).
 */
public final class BedCodec {
    /** Bytes before the first variant. */
    public static final int HEADER_BYTES = 3;

    /** The header of a variant-major {@code .bed}. */
    public static final byte[] MAGIC = {0x6c, 0x1b, 0x01};

    // [byte][sample in byte] → GenotypeCode; A1 = ALT (plink2) and A1 = REF.
    private static final byte[][] A1_ALT =
            table(new byte[] {GenotypeCode.HOM_ALT, GenotypeCode.MISSING, GenotypeCode.HET, GenotypeCode.HOM_REF});
    private static final byte[][] A1_REF =
            table(new byte[] {GenotypeCode.HOM_REF, GenotypeCode.MISSING, GenotypeCode.HET, GenotypeCode.HOM_ALT});
    /** GenotypeCode → {@code .bed} code with A1 = ALT. */
    private static final int[] TO_BED = {3, 2, 0, 1};

    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** The low bit of every 2-bit field of a word. */
    private static final long FIELD_LOW = 0x5555555555555555L;

    private BedCodec() {}

    /** What the first three bytes say. */
    public enum Header {
        VARIANT_MAJOR,
        /** PLINK 1.0's legacy sample-major layout ({@code 6c 1b 00}). */
        SAMPLE_MAJOR,
        NOT_BED
    }

    /** Classifies the first {@code len} bytes of a file (fewer than 3: not a {@code .bed}). */
    public static Header header(byte[] b, int len) {
        if (len < HEADER_BYTES || b[0] != MAGIC[0] || b[1] != MAGIC[1]) {
            return Header.NOT_BED;
        }
        return b[2] == 1 ? Header.VARIANT_MAJOR : b[2] == 0 ? Header.SAMPLE_MAJOR : Header.NOT_BED;
    }

    /** Bytes of one variant: ceil(N/4). */
    public static int bytesPerVariant(int sampleCount) {
        return (sampleCount + 3) >>> 2;
    }

    /** The size of a {@code .bed} of {@code variants} × {@code sampleCount}. */
    public static long fileSize(long variants, int sampleCount) {
        return HEADER_BYTES + variants * bytesPerVariant(sampleCount);
    }

    /** Offset of variant {@code v} (0-based). */
    public static long offset(long v, int sampleCount) {
        return HEADER_BYTES + v * bytesPerVariant(sampleCount);
    }

    /**
     * Decodes one variant ({@code bed[off, off + ceil(n/4))}) into genotype codes {@code gt[0, n)}.
     *
     * @param a1IsAlt plink2's convention (A1 = ALT); false when A1 is REF
     */
    public static void decode(byte[] bed, int off, int n, boolean a1IsAlt, byte[] gt) {
        byte[][] t = a1IsAlt ? A1_ALT : A1_REF;
        int full = n >>> 2;
        int s = 0;
        for (int i = 0; i < full; i++, s += 4) {
            byte[] q = t[bed[off + i] & 0xff];
            gt[s] = q[0];
            gt[s + 1] = q[1];
            gt[s + 2] = q[2];
            gt[s + 3] = q[3];
        }
        if (s < n) {
            byte[] q = t[bed[off + full] & 0xff];
            for (int k = 0; s < n; k++, s++) {
                gt[s] = q[k];
            }
        }
    }

    /**
     * Translates one variant ({@code bed[off, off + ceil(n/4))}) into the table's packed {@link GenotypeCode}s at
     * {@code out[outOff, outOff + ceil(n/4))}: the same layout (sample i in byte i/4 at bits 2·(i mod 4)), each 2-bit
     * field mapped as {@link #decode} maps it, the pad bits after sample n−1 cleared (whatever the {@code .bed} held
     * there). Eight bytes (32 samples) a step, by bit operations on the two bits of every field: with A1 = ALT
     * ({@code 00→HOM_ALT 01→MISSING 10→HET 11→HOM_REF}) the new high bit is the old high bit negated and the new low
     * bit the two old bits' XOR; with A1 = REF ({@code 00→HOM_REF 01→MISSING 10→HET 11→HOM_ALT}) the new high bit is
     * the old low bit. What {@code RowSink#writePacked} takes.
     */
    public static void toPackedCodes(byte[] bed, int off, int n, boolean a1IsAlt, byte[] out, int outOff) {
        int bytes = bytesPerVariant(n);
        Objects.checkFromIndexSize(off, bytes, bed.length);
        Objects.checkFromIndexSize(outOff, bytes, out.length);
        int i = 0;
        for (; i + 8 <= bytes; i += 8) {
            LONG_LE.set(out, outOff + i, translate((long) LONG_LE.get(bed, off + i), a1IsAlt));
        }
        for (; i < bytes; i++) {
            out[outOff + i] = (byte) translate(bed[off + i] & 0xffL, a1IsAlt);
        }
        int r = n & 3;
        if (r != 0) {
            out[outOff + bytes - 1] &= (byte) ((1 << (2 * r)) - 1);
        }
    }

    private static long translate(long x, boolean a1IsAlt) {
        long lo = x & FIELD_LOW;
        long hi = (x >>> 1) & FIELD_LOW;
        long newHi = a1IsAlt ? ~hi & FIELD_LOW : lo;
        return (lo ^ hi) | newHi << 1;
    }

    /**
     * Encodes genotype codes {@code gt[0, n)} as one variant into {@code out[off, off + ceil(n/4))} with A1 = ALT
     * (plink2's convention; the unused high bits of the last byte are 0). A haploid call is written as the
     * homozygous call of its allele, as plink2 {@code --make-bed} does.
     */
    public static void encode(byte[] gt, int n, byte[] out, int off) {
        int full = n >>> 2;
        int s = 0;
        for (int i = 0; i < full; i++, s += 4) {
            out[off + i] =
                    (byte) (TO_BED[gt[s]] | TO_BED[gt[s + 1]] << 2 | TO_BED[gt[s + 2]] << 4 | TO_BED[gt[s + 3]] << 6);
        }
        if (s < n) {
            int b = 0;
            for (int k = 0; s < n; k++, s++) {
                b |= TO_BED[gt[s]] << (2 * k);
            }
            out[off + full] = (byte) b;
        }
    }

    private static byte[][] table(byte[] codes) {
        byte[][] t = new byte[256][4];
        for (int b = 0; b < 256; b++) {
            for (int k = 0; k < 4; k++) {
                t[b][k] = codes[(b >>> (2 * k)) & 3];
            }
        }
        return t;
    }
}
