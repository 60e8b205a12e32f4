package org.musubi.format.calls;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Word-at-a-time kernels for 2-bit values: one value per byte ("unpacked", values 0..3) and four
 * per byte ("packed", value {@code i} in bits {@code 2*(i%4)..2*(i%4)+1} of byte {@code i/4}).
 *
 * <p>Works on 8 bytes at a time through little-endian {@code long} views: an unpacked {@code long}
 * holds 8 values (one per byte), a packed {@code long} holds 32 (value {@code j} in bits {@code
 * 2j..2j+1}).
 */
final class TwoBitPacking {
    static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    /** 0x01 in every byte. */
    static final long BYTE_ONES = 0x0101010101010101L;
    /** Bits that must be clear in every byte of an unpacked word. */
    static final long NOT_TWO_BITS = 0xFCFCFCFCFCFCFCFCL;
    /** The low bit of every 2-bit field of a packed word. */
    static final long FIELD_LOW = 0x5555555555555555L;

    private TwoBitPacking() {}

    /** Bytes of packed storage for {@code n} values. */
    static int packedSize(int n) {
        return (int) (((long) n + 3) >>> 2);
    }

    /**
     * Counts the unpacked values {@code v[0..n)} into {@code counts[0..4)} (overwritten).
     *
     * @throws IllegalArgumentException if a value is outside 0..3, naming the first such index
     */
    static void histogram(byte[] v, int n, int[] counts) {
        long c1 = 0;
        long c2 = 0;
        long c3 = 0;
        long bad = 0;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long w = (long) LONG_LE.get(v, i);
            bad |= w;
            long b0 = w & BYTE_ONES;
            long b1 = (w >>> 1) & BYTE_ONES;
            int both = Long.bitCount(b0 & b1);
            c1 += Long.bitCount(b0) - both;
            c2 += Long.bitCount(b1) - both;
            c3 += both;
        }
        for (; i < n; i++) {
            int x = v[i];
            bad |= x;
            c1 += x == 1 ? 1 : 0;
            c2 += x == 2 ? 1 : 0;
            c3 += x == 3 ? 1 : 0;
        }
        if ((bad & NOT_TWO_BITS) != 0) {
            throw new IllegalArgumentException(badValueMessage(v, n));
        }
        counts[0] = (int) (n - c1 - c2 - c3);
        counts[1] = (int) c1;
        counts[2] = (int) c2;
        counts[3] = (int) c3;
    }

    private static String badValueMessage(byte[] v, int n) {
        for (int i = 0; i < n; i++) {
            if ((v[i] & ~3) != 0) {
                return "value " + v[i] + " at index " + i + " is not a 2-bit value (0..3)";
            }
        }
        throw new AssertionError("no bad value found");
    }

    /** Packs validated values {@code v[0..n)} into {@code packedSize(n)} bytes at {@code out[off]}. */
    static void pack(byte[] v, int n, byte[] out, int off) {
        int i = 0;
        int o = off;
        for (; i + 32 <= n; i += 32, o += 8) {
            long p = compress8((long) LONG_LE.get(v, i))
                    | compress8((long) LONG_LE.get(v, i + 8)) << 16
                    | compress8((long) LONG_LE.get(v, i + 16)) << 32
                    | compress8((long) LONG_LE.get(v, i + 24)) << 48;
            LONG_LE.set(out, o, p);
        }
        for (; i + 8 <= n; i += 8, o += 2) {
            SHORT_LE.set(out, o, (short) compress8((long) LONG_LE.get(v, i)));
        }
        int b = 0;
        int j = 0;
        for (; i < n; i++, j++) {
            b |= v[i] << ((j & 3) << 1);
            if ((j & 3) == 3) {
                out[o++] = (byte) b;
                b = 0;
            }
        }
        if ((j & 3) != 0) {
            out[o] = (byte) b;
        }
    }

    /** 8 bytes holding 2-bit values to 16 packed bits (value j to bits 2j..2j+1). */
    private static long compress8(long w) {
        long x = (w | (w >>> 6)) & 0x000F000F000F000FL;
        x = (x | (x >>> 12)) & 0x000000FF000000FFL;
        return (x | (x >>> 24)) & 0xFFFFL;
    }

    /** 16 packed bits to 8 bytes holding the 2-bit values (inverse of {@link #compress8}). */
    private static long spread8(long x) {
        x = (x | (x << 24)) & 0x000000FF000000FFL;
        x = (x | (x << 12)) & 0x000F000F000F000FL;
        return (x | (x << 6)) & 0x0303030303030303L;
    }

    /** Unpacks {@code n} values packed at {@code in[off]} into {@code out[0..n)}. */
    static void unpack(byte[] in, int off, int n, byte[] out) {
        int i = 0;
        int p = off;
        for (; i + 32 <= n; i += 32, p += 8) {
            long w = (long) LONG_LE.get(in, p);
            LONG_LE.set(out, i, spread8(w & 0xFFFFL));
            LONG_LE.set(out, i + 8, spread8((w >>> 16) & 0xFFFFL));
            LONG_LE.set(out, i + 16, spread8((w >>> 32) & 0xFFFFL));
            LONG_LE.set(out, i + 24, spread8(w >>> 48));
        }
        for (; i + 8 <= n; i += 8, p += 2) {
            LONG_LE.set(out, i, spread8((short) SHORT_LE.get(in, p) & 0xFFFFL));
        }
        for (; i < n; i++) {
            out[i] = (byte) ((in[off + (i >>> 2)] >>> ((i & 3) << 1)) & 3);
        }
    }

    /** Value {@code j} of the values packed at {@code in[off]}. */
    static int get(byte[] in, int off, int j) {
        return (in[off + (j >>> 2)] >>> ((j & 3) << 1)) & 3;
    }

    /**
     * The packed word of values {@code 32*w .. 32*w+31} packed at {@code in[off]}, reading only the
     * {@code packedSize(n)} bytes that exist; fields past {@code n} are the pad bits (or 0).
     */
    static long word(byte[] in, int off, int n, int w) {
        int p = off + (w << 3);
        int end = off + packedSize(n);
        if (p + 8 <= end) {
            return (long) LONG_LE.get(in, p);
        }
        long x = 0;
        for (int s = 0; p < end; p++, s += 8) {
            x |= (in[p] & 0xFFL) << s;
        }
        return x;
    }

    /** Number of packed words covering {@code n} values. */
    static int wordCount(int n) {
        return (int) (((long) n + 31) >>> 5);
    }

    /**
     * Counts the {@code n} values packed at {@code in[off]} into {@code counts[0..4)} (overwritten).
     * Pad bits must be 0.
     */
    static void packedHistogram(byte[] in, int off, int n, int[] counts) {
        long c1 = 0;
        long c2 = 0;
        long c3 = 0;
        int words = wordCount(n);
        for (int w = 0; w < words; w++) {
            long x = word(in, off, n, w);
            long lo = x & FIELD_LOW;
            long hi = (x >>> 1) & FIELD_LOW;
            int both = Long.bitCount(lo & hi);
            c1 += Long.bitCount(lo) - both;
            c2 += Long.bitCount(hi) - both;
            c3 += both;
        }
        counts[0] = (int) (n - c1 - c2 - c3);
        counts[1] = (int) c1;
        counts[2] = (int) c2;
        counts[3] = (int) c3;
    }
}
