package org.musubi.output;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A gzip stream at deflate level 1 (the fastest) with a 64 KiB buffer, for the large text outputs a job writes on
 * the driver whose readers only decompress them (prs: {@code match_log.csv.gz}, one line per scoring row, and
 * {@code scores.tsv.gz}): the decompressed bytes are those of the default level, about 2× faster to write for a
 * file about a third larger (prs match log of 200k rows: 0.28 vs 0.59 CPU s, 4.8 vs 3.6 MB). Closing it finishes the gzip member and closes the stream it wraps.
 */
public final class FastGzip extends GZIPOutputStream {
    private FastGzip(OutputStream out) throws IOException {
        super(out, 1 << 16);
        def.setLevel(Deflater.BEST_SPEED);
    }

    /** A gzip member written to {@code out} at level 1. */
    public static GZIPOutputStream open(OutputStream out) throws IOException {
        return new FastGzip(out);
    }
}
