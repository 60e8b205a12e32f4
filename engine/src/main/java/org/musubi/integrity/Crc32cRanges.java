package org.musubi.integrity;

import java.util.Arrays;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

/**
 * A CRC32C of a stream as it is written, which also gives the CRC32C of any byte range that begins and ends where a
 * write began or ended. Writers that must record digests of parts of what they write (a variant Parquet file's
 * column chunks and tail, {@link ParquetDigest}) use it instead of reading the file back after closing it: no second
 * pass over the bytes (a download again on an object store), and the digest is of the bytes the writer produced, not
 * of what a disk or file system returned afterwards.
 *
 * <p>How: the running CRC is recorded at every write boundary. CRC32C is linear with the usual pre- and
 * post-inversion, so for a stream A·B, {@code crc(B) = crc(A·B) ⊕ Z_|B|(crc(A))}, where {@code Z_n} appends n zero
 * bytes to a CRC (the 32×32 matrix over GF(2) that zlib's {@code crc32_combine} squares, with the CRC32C polynomial).
 * Memory: 12 bytes per write call.
 */
public final class Crc32cRanges {
    /** The reflected CRC32C (Castagnoli) polynomial. */
    private static final int POLY = 0x82F63B78;

    private final CRC32C crc = new CRC32C();
    private long pos;
    private long[] at = new long[256];
    private int[] value = new int[256];
    private int n;

    /** Adds {@code len} bytes of {@code b} from {@code off}. */
    public void update(byte[] b, int off, int len) {
        if (len <= 0) {
            return;
        }
        mark();
        crc.update(b, off, len);
        pos += len;
    }

    /** Adds one byte. */
    public void update(int b) {
        mark();
        crc.update(b);
        pos++;
    }

    /** Bytes written so far. */
    public long position() {
        return pos;
    }

    /** The CRC32C of everything written so far. */
    public long whole() {
        return crc.getValue();
    }

    /**
     * The CRC32C of bytes [{@code start}, {@code end}), or empty when either end is not a write boundary (the caller
     * then reads the bytes back).
     */
    public OptionalLong range(long start, long end) {
        if (start < 0 || end > pos || start > end) {
            throw new IllegalArgumentException("range " + start + "-" + end + " outside 0-" + pos);
        }
        long a = at(start);
        long b = at(end);
        if (a < 0 || b < 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of((b ^ zeros(a, end - start)) & 0xffffffffL);
    }

    /** The running CRC at {@code p}, or -1 when p is not a write boundary. */
    private long at(long p) {
        if (p == pos) {
            return crc.getValue();
        }
        int i = Arrays.binarySearch(at, 0, n, p);
        return i < 0 ? -1 : value[i] & 0xffffffffL;
    }

    private void mark() {
        if (n > 0 && at[n - 1] == pos) {
            return;
        }
        if (n == at.length) {
            at = Arrays.copyOf(at, n * 2);
            value = Arrays.copyOf(value, n * 2);
        }
        at[n] = pos;
        value[n] = (int) crc.getValue();
        n++;
    }

    /** {@code crc} with {@code len} zero bytes appended (the linear part only: no pre- or post-inversion). */
    static long zeros(long crc, long len) {
        if (len == 0 || crc == 0) {
            return crc;
        }
        long[] even = new long[32];
        long[] odd = new long[32];
        odd[0] = POLY & 0xffffffffL; // the operator for one zero bit
        long row = 1;
        for (int i = 1; i < 32; i++) {
            odd[i] = row;
            row <<= 1;
        }
        square(even, odd); // two zero bits
        square(odd, even); // four zero bits
        do {
            square(even, odd); // first pass: one zero byte
            if ((len & 1) != 0) {
                crc = times(even, crc);
            }
            len >>= 1;
            if (len == 0) {
                break;
            }
            square(odd, even);
            if ((len & 1) != 0) {
                crc = times(odd, crc);
            }
            len >>= 1;
        } while (len != 0);
        return crc;
    }

    private static long times(long[] mat, long vec) {
        long sum = 0;
        for (int i = 0; vec != 0; i++, vec >>>= 1) {
            if ((vec & 1) != 0) {
                sum ^= mat[i];
            }
        }
        return sum;
    }

    private static void square(long[] square, long[] mat) {
        for (int i = 0; i < 32; i++) {
            square[i] = times(mat, mat[i]);
        }
    }
}
