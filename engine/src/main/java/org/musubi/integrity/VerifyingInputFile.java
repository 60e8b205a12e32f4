package org.musubi.integrity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A Parquet {@link InputFile} that checks what a reader reads against the file's {@link ParquetDigest}: on opening,
 * the size and the tail (footer and indexes, read and checked before the reader parses the footer); then every
 * column chunk as its bytes pass through the stream (parquet-mr reads a projected chunk whole, from its start, before
 * it decodes a page), so a damaged chunk fails the read before any of its values is used. A chunk read out of order
 * is checked with one extra read of the chunk. Used by {@code TableScan} for the variant files of a table.
 */
public final class VerifyingInputFile implements InputFile {
    private final InputFile in;
    private final FileSystem fs;
    private final Path path;
    private final String label;
    private final ParquetDigest digest;

    /** {@code in} reads {@code path}; {@code label} names it in errors. */
    public VerifyingInputFile(InputFile in, FileSystem fs, Path path, String label, ParquetDigest digest) {
        this.in = in;
        this.fs = fs;
        this.path = path;
        this.label = label;
        this.digest = digest;
    }

    @Override
    public long getLength() throws IOException {
        return in.getLength();
    }

    @Override
    public SeekableInputStream newStream() throws IOException {
        long len = in.getLength();
        if (len != digest.size()) {
            throw new IntegrityException(label, "its size (" + len + " bytes, " + digest.size() + " when written)");
        }
        byte[] tail = ParquetDigest.readRange(fs, path, digest.tailOffset(), len);
        if (!FileDigest.of(tail).crc32c().equals(digest.tailCrc32c())) {
            throw new IntegrityException(
                    label, "bytes " + digest.tailOffset() + "-" + len + " (the footer and indexes)");
        }
        List<ParquetDigest.Chunk> chunks = ParquetDigest.chunks(ParquetDigest.footer(tail));
        int[] crcs = digest.chunkCrcs();
        if (crcs.length != chunks.size()) {
            throw new IntegrityException(
                    label,
                    "its footer (" + chunks.size() + " column chunks, " + crcs.length + " recorded in _table.json)");
        }
        Range[] ranges = new Range[chunks.size()];
        for (int i = 0; i < ranges.length; i++) {
            ranges[i] = new Range(chunks.get(i), crcs[i]);
        }
        java.util.Arrays.sort(ranges, java.util.Comparator.comparingLong(r -> r.chunk.start()));
        return new Stream(in.newStream(), ranges);
    }

    /** One column chunk's check: the CRC of the bytes seen so far, from its start. */
    private static final class Range {
        final ParquetDigest.Chunk chunk;
        final int expected;
        final CRC32C crc = new CRC32C();
        long cursor;
        boolean verified;

        Range(ParquetDigest.Chunk chunk, int expected) {
            this.chunk = chunk;
            this.expected = expected;
            this.cursor = chunk.start();
        }
    }

    private final class Stream extends SeekableInputStream {
        private final SeekableInputStream s;
        private final Range[] ranges;

        Stream(SeekableInputStream s, Range[] ranges) {
            this.s = s;
            this.ranges = ranges;
        }

        /** Bytes {@code [pos, pos + n)} of the file were read into {@code b} (from its position {@code at}). */
        private void seen(long pos, ByteBuffer b, int at, int n) throws IOException {
            if (n <= 0) {
                return;
            }
            int lo = 0;
            int hi = ranges.length;
            while (lo < hi) { // first range ending after pos
                int mid = (lo + hi) >>> 1;
                if (ranges[mid].chunk.end() <= pos) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            for (int i = lo; i < ranges.length && ranges[i].chunk.start() < pos + n; i++) {
                Range r = ranges[i];
                long a = Math.max(pos, r.chunk.start());
                long e = Math.min(pos + n, r.chunk.end());
                if (r.verified || a >= e) {
                    continue;
                }
                if (a == r.chunk.start()) {
                    r.crc.reset();
                    r.cursor = a;
                }
                if (a != r.cursor) {
                    checkDirectly(r);
                    continue;
                }
                ByteBuffer part = b.duplicate();
                part.position(at + (int) (a - pos)).limit(at + (int) (e - pos));
                r.crc.update(part);
                r.cursor = e;
                if (e == r.chunk.end()) {
                    if ((int) r.crc.getValue() != r.expected) {
                        throw new IntegrityException(label, r.chunk.where());
                    }
                    r.verified = true;
                }
            }
        }

        private void checkDirectly(Range r) throws IOException {
            CRC32C crc = new CRC32C();
            crc.update(ParquetDigest.readRange(fs, path, r.chunk.start(), r.chunk.end()));
            if ((int) crc.getValue() != r.expected) {
                throw new IntegrityException(label, r.chunk.where());
            }
            r.verified = true;
        }

        @Override
        public long getPos() throws IOException {
            return s.getPos();
        }

        @Override
        public void seek(long newPos) throws IOException {
            s.seek(newPos);
        }

        @Override
        public int read() throws IOException {
            long p = s.getPos();
            int v = s.read();
            if (v >= 0) {
                seen(p, ByteBuffer.wrap(new byte[] {(byte) v}), 0, 1);
            }
            return v;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long p = s.getPos();
            int k = s.read(b, off, len);
            seen(p, ByteBuffer.wrap(b), off, k);
            return k;
        }

        @Override
        public void readFully(byte[] bytes) throws IOException {
            readFully(bytes, 0, bytes.length);
        }

        @Override
        public void readFully(byte[] bytes, int start, int len) throws IOException {
            long p = s.getPos();
            s.readFully(bytes, start, len);
            seen(p, ByteBuffer.wrap(bytes), start, len);
        }

        @Override
        public int read(ByteBuffer buf) throws IOException {
            long p = s.getPos();
            int at = buf.position();
            int k = s.read(buf);
            seen(p, buf, at, k);
            return k;
        }

        @Override
        public void readFully(ByteBuffer buf) throws IOException {
            long p = s.getPos();
            int at = buf.position();
            s.readFully(buf);
            seen(p, buf, at, buf.position() - at);
        }

        @Override
        public long skip(long n) throws IOException {
            return s.skip(n);
        }

        @Override
        public void close() throws IOException {
            s.close();
        }
    }
}
