package org.musubi.table;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.musubi.format.VariantTableSchema;
import org.musubi.format.VariantTableSchema.InfoColumn;

/** One Parquet file of variant rows (ZSTD), written in the order given. */
public final class VariantFileWriter implements Closeable {
    /** Row group size: large enough for good compression, small enough for predicate pushdown to skip groups. */
    public static final int ROW_GROUP_BYTES = 64 << 20;

    private final ParquetWriter<VariantRow> writer;
    private final Path path;
    private long rows;

    public VariantFileWriter(Path path, Configuration conf, List<InfoColumn> info) throws IOException {
        this.path = path;
        this.writer = new Builder(path, info)
                .withConf(conf)
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withRowGroupSize((long) ROW_GROUP_BYTES)
                .withPageSize(1 << 20)
                .withDictionaryEncoding(true)
                .withDictionaryEncoding(VariantTableSchema.CALLS, false)
                .withDictionaryEncoding(VariantTableSchema.PLOIDY, false)
                .withDictionaryEncoding(VariantTableSchema.PHASE, false)
                .withDictionaryEncoding(VariantTableSchema.DOSAGE, false)
                .withWriteMode(ParquetFileWriter.Mode.CREATE)
                .build();
    }

    public void write(VariantRow row) throws IOException {
        writer.write(row);
        rows++;
    }

    public long rows() {
        return rows;
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    private static final class Builder extends ParquetWriter.Builder<VariantRow, Builder> {
        private final List<InfoColumn> info;

        Builder(Path path, List<InfoColumn> info) {
            super(path);
            this.info = info;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<VariantRow> getWriteSupport(Configuration conf) {
            return new VariantWriteSupport(info);
        }
    }
}
