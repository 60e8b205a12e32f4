package org.musubi.integrity;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The digest of a whole file: its size and the CRC32C of its bytes (8 hex digits). CRC32C because the JVM computes
 * it with the processor's instruction (several GB/s): it detects any corruption of up to 32 bits and all others but
 * one in 2^32. Recorded in {@code _table.json}'s {@code files} and the run summaries' {@code file_digests}.
 */
public record FileDigest(long size, String crc32c) implements java.io.Serializable {
    /** Reads {@code path} in full. */
    public static FileDigest of(FileSystem fs, Path path) throws IOException {
        CRC32C crc = new CRC32C();
        long size = 0;
        byte[] buf = new byte[1 << 20];
        try (InputStream in = fs.open(path)) {
            int k;
            while ((k = in.read(buf)) > 0) {
                crc.update(buf, 0, k);
                size += k;
            }
        }
        return new FileDigest(size, hex(crc.getValue()));
    }

    /** Of {@code size} bytes whose CRC32C a writer computed as it wrote them. */
    public static FileDigest of(long size, long crc32c) {
        return new FileDigest(size, hex(crc32c));
    }

    /** Of bytes in memory. */
    public static FileDigest of(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return new FileDigest(bytes.length, hex(crc.getValue()));
    }

    /** Checks {@code path} against this digest; {@code name} names it in the error. */
    public void verify(FileSystem fs, Path path, String name) throws IOException {
        FileDigest found = of(fs, path);
        if (found.size != size) {
            throw new IntegrityException(name, "its size (" + found.size + " bytes, " + size + " when written)");
        }
        if (!found.crc32c.equals(crc32c)) {
            throw new IntegrityException(
                    name,
                    "bytes 0-" + size + " (the whole file; CRC32C " + found.crc32c + ", " + crc32c + " when written)");
        }
    }

    /** Checks bytes in memory against this digest. */
    public void verify(byte[] bytes, String name) {
        FileDigest found = of(bytes);
        if (found.size != size || !found.crc32c.equals(crc32c)) {
            throw new IntegrityException(
                    name,
                    "bytes 0-" + bytes.length + " (the whole file; "
                            + found.size + " bytes CRC32C " + found.crc32c + ", " + size + " bytes " + crc32c
                            + " when written)");
        }
    }

    static String hex(long crc) {
        return String.format("%08x", crc);
    }
}
