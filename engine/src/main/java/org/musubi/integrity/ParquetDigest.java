package org.musubi.integrity;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

/**
 * The digests of a variant Parquet file, as {@code _table.json}'s {@code files} records them: size and CRC32C of the
 * whole file (for {@code inspect --verify}); the CRC32C of its tail, from the end of the last column chunk to the end
 * (column and offset indexes, footer, its length and magic), which every reader checks before it parses the footer;
 * and one CRC32C per column chunk (row groups in order, columns in footer order; base64 of big-endian 32-bit values),
 * which {@link VerifyingInputFile} checks as a reader reads the chunk. A chunk's bytes include its page headers and
 * dictionary page, which Parquet's own page CRCs (page data only) leave out.
 *
 * <p>Per chunk rather than per file because a task reads only its slice's row groups and the columns it projects:
 * checking what it reads costs one CRC32C pass over bytes already in memory, where a whole-file digest would read
 * every file in full once per task.
 */
public record ParquetDigest(long size, String crc32c, long tailOffset, String tailCrc32c, String chunkCrc32c)
        implements java.io.Serializable {
    /** A column chunk's place in the file: [start, end), its row group and column. */
    public record Chunk(long start, long end, int rowGroup, String column) implements java.io.Serializable {
        String where() {
            return "bytes " + start + "-" + end + " (row group " + rowGroup + ", column " + column + ")";
        }
    }

    /** The column chunks of {@code footer}, in digest order. */
    public static List<Chunk> chunks(ParquetMetadata footer) {
        List<Chunk> out = new ArrayList<>();
        List<BlockMetaData> blocks = footer.getBlocks();
        for (int g = 0; g < blocks.size(); g++) {
            for (ColumnChunkMetaData c : blocks.get(g).getColumns()) {
                long start = c.getStartingPos();
                out.add(new Chunk(
                        start, start + c.getTotalSize(), g, c.getPath().toDotString()));
            }
        }
        return out;
    }

    /** The offset where the tail begins: the end of the last column chunk (4, after the magic, when none). */
    static long tailOffset(List<Chunk> chunks) {
        long t = 4;
        for (Chunk c : chunks) {
            t = Math.max(t, c.end());
        }
        return t;
    }

    /** The footer of a file, parsed from its tail's bytes. */
    static ParquetMetadata footer(byte[] tail) throws IOException {
        int n = tail.length;
        if (n < 12 || tail[n - 4] != 'P' || tail[n - 3] != 'A' || tail[n - 2] != 'R' || tail[n - 1] != '1') {
            throw new IOException("not a Parquet file (no PAR1 magic at its end)");
        }
        int len = ByteBuffer.wrap(tail, n - 8, 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getInt();
        if (len <= 0 || len > n - 8) {
            throw new IOException("footer length " + len + " out of range");
        }
        return new ParquetMetadataConverter()
                .readParquetMetadata(
                        new ByteArrayInputStream(tail, n - 8 - len, len), ParquetMetadataConverter.NO_FILTER);
    }

    /** Reads {@code path} once and computes its digests (a writer calls this on the file it has just closed). */
    public static ParquetDigest of(FileSystem fs, Path path) throws IOException {
        long size = fs.getFileStatus(path).getLen();
        byte[] tailGuess = readRange(fs, path, Math.max(0, size - (1 << 20)), size);
        ParquetMetadata footer;
        try {
            footer = footer(tailGuess);
        } catch (IOException | RuntimeException e) {
            footer = footer(readRange(fs, path, 0, size)); // a footer over 1 MiB
        }
        List<Chunk> chunks = chunks(footer);
        long tail = tailOffset(chunks);
        CRC32C whole = new CRC32C();
        CRC32C[] crcs = new CRC32C[chunks.size() + 1];
        long[][] ranges = new long[chunks.size() + 1][];
        for (int i = 0; i < chunks.size(); i++) {
            crcs[i] = new CRC32C();
            ranges[i] = new long[] {chunks.get(i).start(), chunks.get(i).end()};
        }
        crcs[chunks.size()] = new CRC32C();
        ranges[chunks.size()] = new long[] {tail, size};
        byte[] buf = new byte[1 << 20];
        long pos = 0;
        try (InputStream in = fs.open(path)) {
            int k;
            while ((k = in.read(buf)) > 0) {
                whole.update(buf, 0, k);
                for (int i = 0; i < ranges.length; i++) {
                    long a = Math.max(pos, ranges[i][0]);
                    long b = Math.min(pos + k, ranges[i][1]);
                    if (a < b) {
                        crcs[i].update(buf, (int) (a - pos), (int) (b - a));
                    }
                }
                pos += k;
            }
        }
        ByteBuffer packed = ByteBuffer.allocate(4 * chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            packed.putInt((int) crcs[i].getValue());
        }
        return new ParquetDigest(
                size,
                FileDigest.hex(whole.getValue()),
                tail,
                FileDigest.hex(crcs[chunks.size()].getValue()),
                Base64.getEncoder().encodeToString(packed.array()));
    }

    /** The recorded CRC32C of each chunk, in digest order. */
    public int[] chunkCrcs() {
        byte[] b = Base64.getDecoder().decode(chunkCrc32c);
        ByteBuffer bb = ByteBuffer.wrap(b);
        int[] out = new int[b.length / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = bb.getInt();
        }
        return out;
    }

    /**
     * Checks the whole file (as {@code inspect --verify}); on a difference names the part that differs: the tail, or
     * each column chunk whose bytes differ.
     */
    public void verifyWhole(FileSystem fs, Path path, String label) throws IOException {
        FileDigest found = FileDigest.of(fs, path);
        if (found.size() != size) {
            throw new IntegrityException(label, "its size (" + found.size() + " bytes, " + size + " when written)");
        }
        if (found.crc32c().equals(crc32c)) {
            return;
        }
        byte[] tail = readRange(fs, path, tailOffset, size);
        if (!FileDigest.of(tail).crc32c().equals(tailCrc32c)) {
            throw new IntegrityException(label, "bytes " + tailOffset + "-" + size + " (the footer and indexes)");
        }
        List<Chunk> chunks = chunks(footer(tail));
        int[] expected = chunkCrcs();
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < chunks.size() && i < expected.length; i++) {
            Chunk c = chunks.get(i);
            CRC32C crc = new CRC32C();
            crc.update(readRange(fs, path, c.start(), c.end()));
            if ((int) crc.getValue() != expected[i]) {
                bad.add(c.where());
            }
        }
        throw new IntegrityException(
                label, bad.isEmpty() ? "bytes outside the column chunks (magic or padding)" : String.join(", ", bad));
    }

    static byte[] readRange(FileSystem fs, Path path, long from, long to) throws IOException {
        byte[] b = new byte[Math.toIntExact(to - from)];
        try (org.apache.hadoop.fs.FSDataInputStream in = fs.open(path)) {
            in.readFully(from, b);
        }
        return b;
    }
}
