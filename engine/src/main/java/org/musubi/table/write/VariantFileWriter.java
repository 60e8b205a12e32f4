package org.musubi.table.write;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;
import org.musubi.format.VariantTableSchema;
import org.musubi.format.VariantTableSchema.InfoColumn;
import org.musubi.integrity.DigestingOutputFile;
import org.musubi.integrity.ParquetDigest;

/**
 * One Parquet file of variant rows (ZSTD), written in the order given.
 *
 * <p>Memory: Parquet keeps a row group's compressed pages in memory until the group is complete (column chunks are
 * contiguous in the file), so each open writer holds up to one row group plus one page per column. The row group
 * size is therefore the writer's memory bound, and it does not depend on how many rows the file gets: an ingest task
 * (one open writer) needs about {@link #ROW_GROUP_BYTES} whatever the variant count.
 */
public final class VariantFileWriter implements Closeable {
    /**
     * Row group size (8 MiB of compressed pages): bounds each writer's buffer; compression is per 1 MiB page, so
     * smaller groups cost no compression, and they let predicate pushdown and the PRS scan skip finer.
     */
    public static final int ROW_GROUP_BYTES = 8 << 20;

    /**
     * Hadoop configuration key overriding {@link #ROW_GROUP_BYTES} (bytes; for measurements, e.g. {@code --conf
     * spark.hadoop.musubi.table.row-group-bytes=67108864}). Readers accept any row group size.
     */
    public static final String ROW_GROUP_BYTES_KEY = "musubi.table.row-group-bytes";

    /** parquet-mr's key for the ZSTD level of the pages it writes (its default: 3). */
    public static final String ZSTD_LEVEL_KEY = ZstdCodecs.LEVEL_KEY;

    /**
     * The ZSTD level for tables whose bulk is the 16-bit dosage column (BGEN ingest): level 1 compresses those codes
     * about 2.5× faster than parquet-mr's default 3 and, on dosages, to the same size within 0.1%; the bytes readers
     * decompress are the same at any level.
     */
    public static final int DOSAGE_ZSTD_LEVEL = 1;

    /**
     * The ZSTD level for tables whose bulk is the packed calls column and whose reader is cheap enough for the
     * compression to show (PLINK {@code .bed} ingest): on the packed calls of a 20000-sample {@code .bed} (plink2
     * {@code --dummy}), 1 MiB pages, level 2 takes 0.40 CPU s per 113 MB where parquet-mr's default 3 takes 0.77, for
     * 1.3% more bytes (level 1: 0.29 s, 2.7% more bytes; a table is written once and scanned often). The bytes
     * readers decompress are the same at any level.
     */
    public static final int CALLS_ZSTD_LEVEL = 2;

    private final ParquetWriter<VariantRow> writer;
    private final Path path;
    private final DigestingOutputFile file;
    private long rows;

    public VariantFileWriter(Path path, Configuration conf, List<InfoColumn> info) throws IOException {
        this.path = path;
        this.file = new DigestingOutputFile(HadoopOutputFile.fromPath(path, conf));
        this.writer = ZstdCodecs.build(conf, () -> new Builder(file, info)
                .withConf(conf)
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withRowGroupSize(rowGroupBytes(conf))
                .withPageSize(1 << 20)
                .withDictionaryEncoding(true)
                .withDictionaryEncoding(VariantTableSchema.CALLS, false)
                .withDictionaryEncoding(VariantTableSchema.PLOIDY, false)
                .withDictionaryEncoding(VariantTableSchema.PHASE, false)
                .withDictionaryEncoding(VariantTableSchema.DOSAGE, false)
                .withWriteMode(ParquetFileWriter.Mode.CREATE)
                .build());
    }

    /**
     * A copy of {@code conf} whose variant files are compressed at ZSTD {@code level}, unless the user set {@link
     * #ZSTD_LEVEL_KEY} (e.g. {@code --conf spark.hadoop.parquet.compression.codec.zstd.level=3}). Each variant file
     * is written at its own configuration's level whatever the JVM wrote before (a warm server's earlier jobs):
     * {@link ZstdCodecs}.
     */
    public static Configuration withZstdLevel(Configuration conf, int level) {
        Configuration c = new Configuration(conf);
        if (conf.get(ZSTD_LEVEL_KEY) == null) {
            c.setInt(ZSTD_LEVEL_KEY, level);
        }
        return c;
    }

    /** The row group size for {@code conf}: {@link #ROW_GROUP_BYTES_KEY} if set, else {@link #ROW_GROUP_BYTES}. */
    public static long rowGroupBytes(Configuration conf) {
        long b = conf.getLong(ROW_GROUP_BYTES_KEY, ROW_GROUP_BYTES);
        if (b < 64 << 10) {
            throw new IllegalArgumentException(ROW_GROUP_BYTES_KEY + " must be at least 65536 (64 KiB), got " + b);
        }
        return b;
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

    /**
     * The closed file's digests ({@code _table.json}'s {@code variantFiles}), computed from the bytes as they were
     * written; read back from the file only if parquet-mr ever split a column chunk's boundary across a write.
     */
    public ParquetDigest digest(Configuration conf) throws IOException {
        ParquetDigest d = file.digest(writer.getFooter());
        return d != null ? d : ParquetDigest.of(path.getFileSystem(conf), path);
    }

    private static final class Builder extends ParquetWriter.Builder<VariantRow, Builder> {
        private final List<InfoColumn> info;

        Builder(OutputFile file, List<InfoColumn> info) {
            super(file);
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
