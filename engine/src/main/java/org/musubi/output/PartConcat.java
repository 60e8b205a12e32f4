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
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.musubi.integrity.FileDigest;
import org.musubi.integrity.WrittenDigests;

/**
 * The driver's side of {@link PartFiles}: one output file assembled from a header and the tasks' parts, copied as
 * bytes in the order appended. The parts are already in the file's codec: plain text, gzip members (members
 * concatenate into one valid gzip file, RFC 1952 §2.2) or BGZF blocks without the end-of-file block (the BGZF EOF
 * block is written on {@link #close()}). The header is written as a member of its own in the same codec. Its size and CRC32C
 * (for the run summary) and, if asked, an MD5 are computed while copying. Used by export, freq, simulate and gwas.
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
    private final FileSystem fs;
    private final Path file;
    private final CRC32C crc = new CRC32C();
    private long size;
    private final byte[] buf = new byte[1 << 20];
    private boolean closed;

    private PartConcat(FileSystem fs, Path file, Codec codec, MessageDigest md5) throws IOException {
        OutputStream o = fs.create(file, true);
        this.out = new CheckedOutputStream(md5 == null ? o : new DigestOutputStream(o, md5), crc) {
            @Override
            public void write(int b) throws IOException {
                super.write(b);
                size++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                super.write(b, off, len);
                size += len;
            }
        };
        this.fs = fs;
        this.file = file;
        this.codec = codec;
        this.md5 = md5;
    }

    /**
     * Creates (or overwrites) {@code file}; its size and CRC32C, computed while copying, go to the run summary's
     * {@code file_digests} ({@link WrittenDigests}) on {@link #close()}.
     */
    public static PartConcat create(FileSystem fs, Path file, Codec codec) throws IOException {
        return new PartConcat(fs, file, codec, null);
    }

    /** As {@link #create}, and computes the MD5 of what is written. */
    public static PartConcat createWithMd5(FileSystem fs, Path file, Codec codec) throws IOException {
        try {
            return new PartConcat(fs, file, codec, MessageDigest.getInstance("MD5"));
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
        WrittenDigests.record(fs, file, FileDigest.of(size, crc.getValue()));
    }
}
