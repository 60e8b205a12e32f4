package org.musubi.io.bgen;

import java.io.IOException;

/**
 * Positioned reads from a file of known length: what the BGEN reader needs of its input. Ingest adapts a Hadoop
 * stream ({@code FSDataInputStream.readFully(position, …)}); tests a {@link java.io.RandomAccessFile}.
 */
public interface ByteSource {
    /** Reads exactly {@code len} bytes at {@code position} (the caller never reads past {@link #length()}). */
    void readFully(long position, byte[] buf, int off, int len) throws IOException;

    /** The file's length in bytes. */
    long length();

    /** A source over a local file (tests and tools). */
    static ByteSource of(java.io.RandomAccessFile f) throws IOException {
        long len = f.length();
        return new ByteSource() {
            @Override
            public void readFully(long position, byte[] buf, int off, int n) throws IOException {
                f.seek(position);
                f.readFully(buf, off, n);
            }

            @Override
            public long length() {
                return len;
            }
        };
    }
}
