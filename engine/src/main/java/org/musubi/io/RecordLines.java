package org.musubi.io;

import java.io.IOException;

/**
 * The record lines of one split of a text file ({@link LineReader}): when the split is a file's first, its leading
 * header lines (beginning with {@code #}) are skipped but counted, so {@link #lineNo()} is the line's index in the
 * split. Used by VCF ingest's split ingester and its sorting pass for unsorted input.
 */
public final class RecordLines implements LineReader {
    private final LineReader lines;
    private boolean inHeader;
    private long lineNo = -1;

    /** Over {@code lines}; {@code first}: the split begins the file, so a header is skipped. */
    public RecordLines(LineReader lines, boolean first) {
        this.lines = lines;
        this.inHeader = first;
    }

    @Override
    public boolean next() throws IOException {
        while (lines.next()) {
            lineNo++;
            if (inHeader) {
                if (lines.length() > 0 && lines.buffer()[0] == '#') {
                    continue;
                }
                inHeader = false;
            }
            return true;
        }
        return false;
    }

    /** The current line's index in the split (0-based, header lines counted); after the end, the last line's. */
    public long lineNo() {
        return lineNo;
    }

    @Override
    public byte[] buffer() {
        return lines.buffer();
    }

    @Override
    public int length() {
        return lines.length();
    }

    @Override
    public long position() {
        return lines.position();
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
