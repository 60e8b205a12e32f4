package org.musubi.util;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Text built as UTF-8 bytes in one growable array, for large line-by-line outputs written on the driver: no
 * {@code String} per line or per field, no char-to-byte encoder (prs: {@code match_log.csv.gz}, one line per scoring
 * row, and the per-sample {@code .sscore} / {@code scores.tsv.gz}; a sites-VCF line, {@code io.vcf.SitesVcf.Line}). ASCII characters are stored byte by byte, other
 * text through {@link String#getBytes} (the bytes an {@code OutputStreamWriter} in UTF-8 writes); integers are
 * written as {@link Long#toString(long)} writes them, booleans as {@link String#valueOf(boolean)}. The writer calls
 * {@link #flushTo} after each line: the bytes go to the stream once more than a chunk has gathered.
 */
public final class ByteText {
    /** {@link #flushTo} writes once at least this many bytes have gathered. */
    public static final int CHUNK = 1 << 16;

    private byte[] b;
    private int n;

    /** A buffer for chunked writing ({@link #flushTo}). */
    public ByteText() {
        this(CHUNK + 1024);
    }

    /** A buffer with room for {@code capacity} bytes before it grows (one line: {@code SitesVcf.Line}). */
    public ByteText(int capacity) {
        b = new byte[Math.max(16, capacity)];
    }

    /** Bytes held. */
    public int length() {
        return n;
    }

    /** Appends an ASCII character (below 0x80). */
    public ByteText add(char c) {
        if (n == b.length) {
            b = Arrays.copyOf(b, 2 * n);
        }
        b[n++] = (byte) c;
        return this;
    }

    /** Appends {@code s} as UTF-8; nothing for null. */
    public ByteText add(String s) {
        if (s == null) {
            return this;
        }
        int len = s.length();
        room(len);
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                byte[] u = s.getBytes(StandardCharsets.UTF_8);
                room(u.length);
                System.arraycopy(u, 0, b, n, u.length);
                n += u.length;
                return this;
            }
            b[n + i] = (byte) c;
        }
        n += len;
        return this;
    }

    /** Appends the first {@code len} bytes of {@code ascii}, ASCII characters (below 0x80) as bytes. */
    public ByteText addAscii(byte[] ascii, int len) {
        room(len);
        System.arraycopy(ascii, 0, b, n, len);
        n += len;
        return this;
    }

    /** Empties the buffer (its array is kept, for the next line). */
    public void clear() {
        n = 0;
    }

    /** Appends the decimal digits of {@code v}, as {@link Long#toString(long)}. */
    public ByteText add(long v) {
        if (v == Long.MIN_VALUE) {
            return add(Long.toString(v));
        }
        room(20);
        if (v < 0) {
            b[n++] = '-';
            v = -v;
        }
        int len = 1;
        for (long x = v; x >= 10; x /= 10) {
            len++;
        }
        for (int i = n + len - 1; i >= n; i--) {
            b[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        n += len;
        return this;
    }

    /** Appends {@code true} or {@code false}. */
    public ByteText add(boolean z) {
        return add(z ? "true" : "false");
    }

    /** Writes the bytes to {@code out} and empties the buffer when more than {@link #CHUNK} have gathered. */
    public void flushTo(OutputStream out) throws IOException {
        if (n >= CHUNK) {
            writeTo(out);
        }
    }

    /** Writes every byte held to {@code out} and empties the buffer. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(b, 0, n);
        n = 0;
    }

    /** The bytes held, as a new array. */
    public byte[] toBytes() {
        return Arrays.copyOf(b, n);
    }

    @Override
    public String toString() {
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    private void room(int more) {
        if (n + more > b.length) {
            b = Arrays.copyOf(b, Math.max(2 * b.length, n + more));
        }
    }
}
