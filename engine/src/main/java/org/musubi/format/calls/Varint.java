package org.musubi.format.calls;

/**
 * Unsigned LEB128 varints for non-negative {@code int}s: 7 bits per byte, low group first, high bit
 * set on every byte but the last. At most 5 bytes; the encoding is minimal (no trailing {@code
 * 0x00} group), and decoders reject anything else.
 */
public final class Varint {
    /** The most bytes a varint of a non-negative {@code int} takes. */
    static final int MAX_SIZE = 5;

    private Varint() {}

    /** Bytes needed to write {@code value} ({@code value >= 0}). */
    static int size(int value) {
        if (value < (1 << 7)) {
            return 1;
        } else if (value < (1 << 14)) {
            return 2;
        } else if (value < (1 << 21)) {
            return 3;
        } else if (value < (1 << 28)) {
            return 4;
        }
        return 5;
    }

    /** Writes {@code value} ({@code value >= 0}) at {@code pos}; returns the position after it. */
    static int write(byte[] out, int pos, int value) {
        while ((value & ~0x7F) != 0) {
            out[pos++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[pos++] = (byte) value;
        return pos;
    }

    /**
     * Reads a varint at {@code pos}, checking it: not truncated, at most {@code 2^31 - 1}, minimal.
     *
     * @param what what the value is, for the error message
     * @param index a number completing {@code what} ("gap of exception 7"), or -1; the message is
     *     only built on error, so a loop allocates nothing
     * @return the value in the high 32 bits and the position after the varint in the low 32 bits
     *     (see {@link #value} and {@link #next})
     * @throws IllegalArgumentException naming {@code what} and the byte offset when malformed
     */
    static long read(byte[] in, int pos, String what, int index) {
        int start = pos;
        int value = 0;
        for (int shift = 0; ; shift += 7) {
            if (pos >= in.length) {
                throw new IllegalArgumentException("truncated varint (" + describe(what, index) + ") at byte offset "
                        + start + ": input ends at " + in.length);
            }
            int b = in[pos++];
            if (shift == 28 && (b & 0xF8) != 0) {
                throw new IllegalArgumentException("varint (" + describe(what, index) + ") at byte offset " + start
                        + " exceeds 2^31-1 or is longer than " + MAX_SIZE + " bytes");
            }
            value |= (b & 0x7F) << shift;
            if (b >= 0) {
                if (b == 0 && shift > 0) {
                    throw new IllegalArgumentException("non-minimal varint (" + describe(what, index)
                            + ") at byte offset " + start + ": last byte is 0x00");
                }
                return ((long) value << 32) | pos;
            }
        }
    }

    /** Reads a varint at {@code pos}: {@link #read(byte[], int, String, int)} without an index. */
    static long read(byte[] in, int pos, String what) {
        return read(in, pos, what, -1);
    }

    private static String describe(String what, int index) {
        return index < 0 ? what : what + " " + index;
    }

    /**
     * Reads a varint at {@code pos} with no checks, the result as {@link #read}'s: the one decoder of the walks over a
     * SPARSE vector's gaps, on bytes that {@code CallsView.reset} checked or in a walk that checks each index it reaches
     * against N (prs's sweeps over the table's bytes in place).
     */
    public static long readChecked(byte[] in, int pos) {
        int b = in[pos++];
        int value = b & 0x7F;
        for (int shift = 7; b < 0; shift += 7) {
            b = in[pos++];
            value |= (b & 0x7F) << shift;
        }
        return ((long) value << 32) | pos;
    }

    /**
     * Reads a varint at {@code pos} of bytes not checked, stopping at {@code end} and after {@link #MAX_SIZE} bytes: the
     * result as {@link #read}'s, with a value that a caller checks (a truncated or overlong varint reads as what its
     * bytes up to there say); for a reader that passes input it cannot make sense of to a checking one.
     */
    public static long readWithin(byte[] in, int pos, int end) {
        int value = 0;
        for (int shift = 0; pos < end && shift < 7 * MAX_SIZE; shift += 7) {
            int b = in[pos++];
            value |= (b & 0x7F) << shift;
            if (b >= 0) {
                break;
            }
        }
        return ((long) value << 32) | pos;
    }

    /** The value of a {@link #read} result. */
    public static int value(long read) {
        return (int) (read >>> 32);
    }

    /** The position after the varint of a {@link #read} result. */
    public static int next(long read) {
        return (int) read;
    }
}
