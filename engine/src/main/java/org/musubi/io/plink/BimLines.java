package org.musubi.io.plink;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.musubi.io.LineReader;
import org.musubi.io.StreamLineReader;

/**
 * The {@code .bim} lines of a byte range {@code [start, end)}: those whose first byte lies in the range, empty lines
 * skipped. Splitting a {@code .bim} by bytes this way, every line belongs to exactly one range, so tasks can read a
 * {@code .bim} in parallel without the driver ever holding it: {@link #count} (a first pass) gives each range's
 * number of variants, whose running sum is the index of its first variant in the {@code .bed}; {@link #open} then
 * reads the range's lines. Both take a stream positioned at {@code max(0, start - 1)} (the byte before the range says
 * whether a line starts at {@code start}).
 */
public final class BimLines implements LineReader {
    private final StreamLineReader lines;
    private final long base;
    private final long end;

    private BimLines(StreamLineReader lines, long base, long end) {
        this.lines = lines;
        this.base = base;
        this.end = end;
    }

    /** Where the caller must position the stream for the range starting at {@code start}. */
    public static long streamStart(long start) {
        return Math.max(0, start - 1);
    }

    /** The number of non-empty lines starting in {@code [start, end)}; {@code in} at {@link #streamStart}. */
    public static long count(InputStream in, long start, long end) throws IOException {
        byte[] buf = new byte[1 << 16];
        long p = streamStart(start);
        // prev: whether the previous byte ended a line (true before the file's first byte)
        boolean prev = start == 0;
        long count = 0;
        int n;
        while (p < end && (n = in.read(buf, 0, (int) Math.min(buf.length, end - p))) > 0) {
            for (int i = 0; i < n; i++, p++) {
                byte x = buf[i];
                if (prev && p >= start && x != '\n' && x != '\r') {
                    count++;
                }
                prev = x == '\n';
            }
        }
        return count;
    }

    /** The lines of {@code [start, end)}; {@code in} at {@link #streamStart} (closed with the reader). */
    public static BimLines open(InputStream raw, long start, long end) throws IOException {
        InputStream in = new BufferedInputStream(raw, 1 << 16);
        long base = streamStart(start);
        if (start > 0) {
            // the byte before the range: unless it ends a line, the range starts inside a line of the range
            // before, which is skipped up to its '\n'
            int x;
            do {
                x = in.read();
                base++;
            } while (x >= 0 && x != '\n');
        }
        return new BimLines(new StreamLineReader(in), base, end);
    }

    @Override
    public boolean next() throws IOException {
        while (lines.next()) {
            if (base + lines.position() >= end) {
                return false;
            }
            if (lines.length() > 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public byte[] buffer() {
        return lines.buffer();
    }

    @Override
    public int length() {
        return lines.length();
    }

    /** The byte offset of the current line in the file. */
    @Override
    public long position() {
        return base + lines.position();
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
