package org.musubi.io.bgzf;

import java.io.IOException;
import org.apache.hadoop.fs.FSDataInputStream;

/**
 * Finds BGZF block boundaries in a file so that a bgzip-compressed VCF can be split across tasks at block starts.
 *
 * <p>A BGZF block is a gzip member whose header has FEXTRA with a {@code BC} subfield (SLEN 2) holding BSIZE, the
 * block length minus 1 (SAM/BAM spec §4.1). A candidate header is accepted only if the block after it also starts
 * with a BGZF header or ends the file exactly, so a chance match inside compressed data is not taken for a block.
 */
public final class BgzfBlocks {
    private BgzfBlocks() {}

    /** Largest BGZF block on disk. */
    public static final int MAX_BLOCK = 65536;

    private static final int HEADER = 18;

    /** Whether the first bytes of a file are a BGZF block header (gzip that is not BGZF returns false). */
    public static boolean isBgzf(byte[] head, int len) {
        return len >= HEADER && blockSizeAt(head, 0, len) > 0;
    }

    /**
     * The block length (BSIZE + 1) of a BGZF header at {@code buf[off]}, or -1 if there is none there.
     *
     * @param len valid bytes in buf
     */
    static int blockSizeAt(byte[] buf, int off, int len) {
        if (off + HEADER > len) {
            return -1;
        }
        if ((buf[off] & 0xff) != 0x1f
                || (buf[off + 1] & 0xff) != 0x8b
                || buf[off + 2] != 8
                || (buf[off + 3] & 4) == 0) {
            return -1;
        }
        int xlen = (buf[off + 10] & 0xff) | (buf[off + 11] & 0xff) << 8;
        // Walk the extra subfields for BC.
        int p = off + 12;
        int end = off + 12 + xlen;
        if (end > len) {
            return -1;
        }
        while (p + 4 <= end) {
            int slen = (buf[p + 2] & 0xff) | (buf[p + 3] & 0xff) << 8;
            if (buf[p] == 'B' && buf[p + 1] == 'C' && slen == 2 && p + 6 <= end) {
                return ((buf[p + 4] & 0xff) | (buf[p + 5] & 0xff) << 8) + 1;
            }
            p += 4 + slen;
        }
        return -1;
    }

    /**
     * The offset of the first BGZF block starting at or after {@code from}, or {@code fileSize} if none does.
     *
     * @param in the file, positioned anywhere
     */
    public static long nextBlockStart(FSDataInputStream in, long from, long fileSize) throws IOException {
        if (from <= 0) {
            return 0;
        }
        if (from >= fileSize) {
            return fileSize;
        }
        // A block starts within MAX_BLOCK bytes of any position; read enough to also check the block after it.
        int window = (int) Math.min(fileSize - from, 3L * MAX_BLOCK + HEADER);
        byte[] buf = new byte[window];
        in.readFully(from, buf, 0, window);
        for (int i = 0; i + HEADER <= window && i <= MAX_BLOCK; i++) {
            int size = blockSizeAt(buf, i, window);
            if (size < HEADER + 8) {
                continue;
            }
            long next = from + i + size;
            if (next == fileSize || blockSizeAt(buf, i + size, window) > 0) {
                return from + i;
            }
        }
        if (window < 3L * MAX_BLOCK + HEADER) {
            return fileSize; // tail of the file without a block start (only the last block's inside)
        }
        throw new org.musubi.io.CorruptInputException("no BGZF block header within " + MAX_BLOCK + " bytes of offset "
                + from + ": the file is not BGZF-compressed or is corrupt");
    }
}
