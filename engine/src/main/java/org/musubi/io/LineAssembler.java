package org.musubi.io;

/**
 * Builds lines out of chunks of decoded bytes (blocks, buffers) for the {@link LineReader}s: one growing buffer,
 * the line terminator ({@code \n} or {@code \r\n}) removed.
 */
public final class LineAssembler {
    private byte[] line = new byte[1 << 16];
    private int length;

    public void clear() {
        length = 0;
    }

    /**
     * Appends {@code chunk[from, to)} up to the first {@code \n}.
     *
     * @return the index just past the newline when the line is complete, or -1 when the chunk ended first
     */
    public int take(byte[] chunk, int from, int to) {
        int nl = -1;
        for (int i = from; i < to; i++) {
            if (chunk[i] == '\n') {
                nl = i;
                break;
            }
        }
        int end = nl < 0 ? to : nl;
        int n = end - from;
        if (length + n > line.length) {
            byte[] grown = new byte[Math.max(line.length * 2, length + n)];
            System.arraycopy(line, 0, grown, 0, length);
            line = grown;
        }
        System.arraycopy(chunk, from, line, length, n);
        length += n;
        if (nl < 0) {
            return -1;
        }
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return nl + 1;
    }

    public byte[] buffer() {
        return line;
    }

    public int length() {
        return length;
    }
}
