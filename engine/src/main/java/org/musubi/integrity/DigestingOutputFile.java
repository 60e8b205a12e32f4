package org.musubi.integrity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet {@link OutputFile} that computes the file's {@link ParquetDigest} from the bytes as parquet-mr writes
 * them ({@link Crc32cRanges}), so the writer of a variant file ({@code table.write.VariantFileWriter}) records its
 * digests without reading the file back. parquet-mr begins and ends every column chunk on a write call, which is
 * what the ranges need; should a future version not, {@link #digest} says so and the caller reads the file back.
 */
public final class DigestingOutputFile implements OutputFile {
    private final OutputFile inner;
    private final Crc32cRanges crc = new Crc32cRanges();

    public DigestingOutputFile(OutputFile inner) {
        this.inner = inner;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
        return new Stream(inner.create(blockSizeHint));
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
        return new Stream(inner.createOrOverwrite(blockSizeHint));
    }

    @Override
    public boolean supportsBlockSize() {
        return inner.supportsBlockSize();
    }

    @Override
    public long defaultBlockSize() {
        return inner.defaultBlockSize();
    }

    @Override
    public String getPath() {
        return inner.getPath();
    }

    /**
     * The digests of the closed file whose footer is {@code footer}; null when a column chunk or the tail does not
     * begin or end on a write boundary.
     */
    public ParquetDigest digest(ParquetMetadata footer) {
        List<ParquetDigest.Chunk> chunks = ParquetDigest.chunks(footer);
        long size = crc.position();
        long tail = ParquetDigest.tailOffset(chunks);
        ByteBuffer packed = ByteBuffer.allocate(4 * chunks.size());
        for (ParquetDigest.Chunk c : chunks) {
            OptionalLong v = crc.range(c.start(), c.end());
            if (v.isEmpty()) {
                return null;
            }
            packed.putInt((int) v.getAsLong());
        }
        OptionalLong t = crc.range(tail, size);
        if (t.isEmpty()) {
            return null;
        }
        return new ParquetDigest(
                size,
                FileDigest.hex(crc.whole()),
                tail,
                FileDigest.hex(t.getAsLong()),
                Base64.getEncoder().encodeToString(packed.array()));
    }

    private final class Stream extends PositionOutputStream {
        private final PositionOutputStream out;

        Stream(PositionOutputStream out) {
            this.out = out;
        }

        @Override
        public long getPos() throws IOException {
            return out.getPos();
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            crc.update(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            crc.update(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
