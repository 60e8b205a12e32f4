package org.musubi.output;

import htsjdk.samtools.util.BlockCompressedOutputStream;
import htsjdk.samtools.util.BlockCompressedStreamConstants;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The driver's side of {@link PartFiles}: one output file assembled from a header and the tasks' parts, copied as
 * bytes in the order appended. The parts are already in the file's codec: plain text, gzip members (members
 * concatenate into one valid gzip file, RFC 1952 §2.2) or BGZF blocks without the end-of-file block (the BGZF EOF
 * block is written on {@link #close()}). The header is written as a member of its own in the same codec. An MD5 of
 * the file's bytes can be computed while copying. Used by export, freq, simulate and gwas.
 */
public final class PartConcat implements Closeable {
    /** How the file and its parts are compressed. */
    public enum Codec {
        PLAIN,
        GZIP_MEMBERS,
        BGZF
    }

    private final OutputStream out;
    private final Codec codec;
    private final MessageDigest md5;
    private final byte[] buf = new byte[1 << 20];
    private boolean closed;

    private PartConcat(OutputStream out, Codec codec, MessageDigest md5) {
        this.out = md5 == null ? out : new DigestOutputStream(out, md5);
        this.codec = codec;
        this.md5 = md5;
    }

    /** Writes to {@code out} (closed with this). */
    public static PartConcat open(OutputStream out, Codec codec) {
        return new PartConcat(out, codec, null);
    }

    /** Writes to {@code out} (closed with this) and computes the MD5 of what is written. */
    public static PartConcat openWithMd5(OutputStream out, Codec codec) {
        try {
            return new PartConcat(out, codec, MessageDigest.getInstance("MD5"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the header, a member (gzip) or blocks (BGZF) of its own. */
    public void header(byte[] header) throws IOException {
        switch (codec) {
            case PLAIN -> out.write(header);
            case GZIP_MEMBERS -> {
                try (OutputStream g = new GZIPOutputStream(new NonClosingOutputStream(out))) {
                    g.write(header);
                }
            }
            case BGZF -> {
                BlockCompressedOutputStream b =
                        new BlockCompressedOutputStream(new NonClosingOutputStream(out), (File) null);
                b.write(header);
                b.close(false);
            }
        }
    }

    /** Copies a part's bytes. */
    public void append(FileSystem fs, Path part) throws IOException {
        try (InputStream in = fs.open(part)) {
            int k;
            while ((k = in.read(buf)) > 0) {
                out.write(buf, 0, k);
            }
        }
    }

    /** The MD5 (hex) of the bytes written so far; call after {@link #close()} for the whole file's. */
    public String md5Hex() {
        if (md5 == null) {
            throw new IllegalStateException("opened without an MD5");
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    /** Ends the file (BGZF: the EOF block) and closes it (idempotent). */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (OutputStream o = out) {
            if (codec == Codec.BGZF) {
                o.write(BlockCompressedStreamConstants.EMPTY_GZIP_BLOCK);
            }
        }
    }
}
