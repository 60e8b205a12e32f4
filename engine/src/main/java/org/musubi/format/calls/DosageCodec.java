package org.musubi.format.calls;

import java.util.Objects;

/**
 * Codec for a variant's optional per-sample ALT dosages (imputed data: BGEN, VCF {@code DS}).
 *
 * <h2>Byte layout</h2>
 *
 * <pre>{@code
 * dosages := varint(N) N*uint16
 * uint16  := little-endian; round(dosage * 16384) in 0..32768, or 0xFFFF = missing
 * varint  := unsigned LEB128, as in TwoBitVector
 * }</pre>
 *
 * <p>The scale is PLINK 2's: 16384 = 1.0, 32768 = 2.0. Dosages lie in {@code [0, 2]} (the caller
 * keeps haploid dosages in {@code [0, 1]}); values within {@value #RANGE_TOLERANCE} outside the range
 * are clamped, others rejected. Rounding is to nearest (halves up), so the decoded value is within
 * {@link #MAX_ABS_ERROR} {@code = 1/32768} of the input; 0, 1, 2 and all multiples of {@code
 * 1/16384} are exact. The decoder rejects codes in {@code 32769..65534}, truncation and trailing
 * bytes with an {@link IllegalArgumentException} giving the byte offset.
 */
public final class DosageCodec {
    /** Fixed-point units per 1.0 of dosage. */
    public static final int SCALE = 16384;
    /** The code of a missing dosage. */
    public static final int MISSING = 0xFFFF;
    /** The largest valid code, dosage 2.0. */
    public static final int MAX_CODE = 2 * SCALE;
    /** Largest absolute difference between a dosage and its decoded value: half a unit. */
    public static final double MAX_ABS_ERROR = 1.0 / (2 * SCALE);
    /** How far outside {@code [0, 2]} a dosage may be (rounding noise) and still be clamped. */
    public static final double RANGE_TOLERANCE = 1e-9;

    private static final double INV_SCALE = 1.0 / SCALE;

    private DosageCodec() {}

    /** Size in bytes of the encoding of {@code n} dosages: {@code |varint(n)| + 2n}. */
    public static int encodedSize(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("dosage count " + n + " is negative");
        }
        return Math.toIntExact(Varint.size(n) + 2L * n);
    }

    /**
     * The code of one dosage: {@link #MISSING} for NaN, else {@code round(dosage * 16384)}.
     *
     * @throws IllegalArgumentException if {@code dosage} is infinite or outside {@code [0, 2]} by more
     *     than {@link #RANGE_TOLERANCE}
     */
    public static int toCode(double dosage) {
        if (dosage >= 0 && dosage <= 2) {
            // dosage * SCALE is exact (power of two), so this is round-half-up of the true product
            return (int) (dosage * SCALE + 0.5);
        }
        if (Double.isNaN(dosage)) {
            return MISSING;
        }
        if (dosage >= -RANGE_TOLERANCE && dosage < 0) {
            return 0;
        }
        if (dosage > 2 && dosage <= 2 + RANGE_TOLERANCE) {
            return MAX_CODE;
        }
        throw new IllegalArgumentException("dosage " + dosage + " is outside [0, 2]");
    }

    /** The dosage of a code: NaN for {@link #MISSING}, else {@code code / 16384}. */
    public static double toDosage(int code) {
        return code == MISSING ? Double.NaN : code * INV_SCALE;
    }

    /**
     * Encodes {@code dosages[0..n)} (NaN = missing) into a new array.
     *
     * @throws IllegalArgumentException if a dosage is outside {@code [0, 2]} (naming its index)
     */
    public static byte[] encode(double[] dosages, int n) {
        byte[] out = new byte[encodedSize(n)];
        encode(dosages, n, out, 0);
        return out;
    }

    /**
     * Encodes {@code dosages[0..n)} into {@code out} at {@code offset}.
     *
     * @return the number of bytes written, {@link #encodedSize encodedSize(n)}
     * @throws IllegalArgumentException if a dosage is outside {@code [0, 2]} or {@code out} is too
     *     short
     */
    public static int encode(double[] dosages, int n, byte[] out, int offset) {
        int size = encodedSize(n);
        Objects.checkFromIndexSize(0, n, dosages.length);
        if (offset < 0 || offset > out.length || out.length - offset < size) {
            throw new IllegalArgumentException("output has " + (out.length - offset) + " bytes from offset " + offset
                    + ", the encoding needs " + size);
        }
        int p = Varint.write(out, offset, n);
        for (int i = 0; i < n; i++, p += 2) {
            double ds = dosages[i];
            int code;
            if (ds >= 0 && ds <= 2) {
                code = (int) (ds * SCALE + 0.5);
            } else {
                try {
                    code = toCode(ds);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("dosage " + ds + " of sample " + i + " is outside [0, 2]", e);
                }
            }
            TwoBitPacking.SHORT_LE.set(out, p, (short) code);
        }
        return size;
    }

    /**
     * Reads N from the encoding, without checking the rest.
     *
     * @throws IllegalArgumentException if {@code varint(N)} is malformed
     */
    public static int length(byte[] enc) {
        return Varint.value(Varint.read(enc, 0, "dosage count N"));
    }

    /**
     * Decodes into {@code out[0..N)} (NaN = missing); {@code out} may be longer.
     *
     * @throws IllegalArgumentException if {@code enc} is malformed or {@code out} is shorter than N
     */
    public static void decode(byte[] enc, double[] out) {
        decode(enc, -1, out);
    }

    /**
     * Decodes dosages that must number exactly {@code expectedLength} into {@code
     * out[0..expectedLength)}.
     *
     * @param expectedLength the required N, or -1 for any
     * @throws IllegalArgumentException if {@code enc} is malformed, its N differs from {@code
     *     expectedLength}, or {@code out} is too short
     */
    public static void decode(byte[] enc, int expectedLength, double[] out) {
        int p = bodyStart(enc, expectedLength);
        int n = (enc.length - p) >>> 1;
        if (out.length < n) {
            throw new IllegalArgumentException("output has length " + out.length + ", the encoding has N=" + n);
        }
        for (int i = 0; i < n; i++, p += 2) {
            int code = (short) TwoBitPacking.SHORT_LE.get(enc, p) & 0xFFFF;
            if (code <= MAX_CODE) {
                out[i] = code * INV_SCALE;
            } else if (code == MISSING) {
                out[i] = Double.NaN;
            } else {
                throw badCode(code, i, p);
            }
        }
    }

    /**
     * Decodes the raw 16-bit codes ({@code 0..}{@value #MAX_CODE}, or {@value #MISSING}) of dosages that must number
     * exactly {@code expectedLength} into {@code out[0..expectedLength)}, for kernels that work on the fixed-point
     * values (the dosage of code c is {@code c / }{@value #SCALE}).
     *
     * @throws IllegalArgumentException as {@link #decode(byte[], int, double[])}
     */
    public static void decodeCodes(byte[] enc, int expectedLength, char[] out) {
        int p = bodyStart(enc, expectedLength);
        int n = (enc.length - p) >>> 1;
        if (out.length < n) {
            throw new IllegalArgumentException("output has length " + out.length + ", the encoding has N=" + n);
        }
        for (int i = 0; i < n; i++, p += 2) {
            int code = (short) TwoBitPacking.SHORT_LE.get(enc, p) & 0xFFFF;
            if (code > MAX_CODE && code != MISSING) {
                throw badCode(code, i, p);
            }
            out[i] = (char) code;
        }
    }

    /**
     * The byte offset of the first 16-bit code (little-endian) in an encoding of exactly {@code expectedLength}
     * dosages, its count and length checked but not its codes: for kernels that read the codes in place, which
     * must refuse a code above {@value #MAX_CODE} other than {@value #MISSING} (e.g. through {@link #decodeCodes},
     * for its message).
     *
     * @throws IllegalArgumentException on a wrong count, truncation or trailing bytes
     */
    public static int codesOffset(byte[] enc, int expectedLength) {
        return bodyStart(enc, expectedLength);
    }

    private static IllegalArgumentException badCode(int code, int i, int p) {
        return new IllegalArgumentException("dosage code " + code + " of sample " + i + " at byte offset " + p
                + " is above " + MAX_CODE + " (2.0) and not the missing code 0xFFFF");
    }

    /** Checks the count and length of an encoding; returns the offset of its first code. */
    private static int bodyStart(byte[] enc, int expectedLength) {
        Objects.requireNonNull(enc, "enc");
        long r = Varint.read(enc, 0, "dosage count N");
        int n = Varint.value(r);
        int p = Varint.next(r);
        if (expectedLength >= 0 && n != expectedLength) {
            throw new IllegalArgumentException(
                    "dosage count N=" + n + " at byte offset 0 does not match the expected " + expectedLength);
        }
        long end = p + 2L * n;
        if (enc.length < end) {
            throw new IllegalArgumentException("truncated input: " + n + " dosages end at byte offset " + end
                    + " but the input has " + enc.length + " bytes");
        }
        if (enc.length > end) {
            throw new IllegalArgumentException("trailing garbage: " + (enc.length - end)
                    + " bytes after the end of the dosages at byte offset " + end);
        }
        return p;
    }
}
