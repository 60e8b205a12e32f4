package org.musubi.spark;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.musubi.table.write.ZstdCodecs;

/**
 * Writes {@link Row}s of a flat {@link StructType} (string, int, long, double, boolean columns) into one Parquet file
 * the way Spark's own writer lays them out: the same Parquet schema ({@link ParquetSchemas}, message {@code
 * spark_schema}), Spark's key-value metadata (the row schema as JSON and the Spark version) and the codec given, so
 * that Spark SQL reads it as one of its own part files and a content comparison sees the same file. Used by the
 * tasks of freq (and freq-merge's driver) instead of a DataFrame write: no query plan, no conversion to internal
 * rows, no extra Spark job. Each value goes straight to its column's writer (parquet-mr's column API: {@link
 * ColumnWriteStore}, one {@link ColumnChunkPageWriteStore} per row group), not through a record consumer; row groups
 * are cut as {@code ParquetWriter} cuts them (the buffered size checked against 128 MiB).
 */
@SuppressWarnings("deprecation") // ColumnChunkPageWriteStore of parquet 1.13 takes only CodecFactory.BytesCompressor
public final class RowParquetWriter implements Closeable {
    /** parquet-mr's defaults, as {@code ParquetWriter} uses them. */
    static final long ROW_GROUP_BYTES = ParquetWriter.DEFAULT_BLOCK_SIZE;

    static final int STRING = 0;
    static final int INT = 1;
    static final int LONG = 2;
    static final int DOUBLE = 3;
    static final int BOOLEAN = 4;

    private final MessageType pq;
    private final Map<String, String> meta;
    private final ParquetProperties props;
    private final CodecFactory codecs;
    private final CodecFactory.BytesCompressor compressor;
    private final ParquetFileWriter file;
    private final long rowGroupBytes;
    private final int[] kinds;
    private final boolean[] optional;
    private final ColumnWriter[] columns;
    /**
     * Per string column, a small direct-mapped cache from String instances (by identity) to their UTF-8 {@link
     * Binary}: the contig, REF and ALT of freq's rows repeat as the same instances row after row, and the stratum,
     * population and sex columns cycle through a few instances, so each is encoded once. The Binary wraps a byte
     * array (cheaper to hash and compare in the dictionary and statistics than {@code Binary.fromString}'s buffer).
     */
    private final String[][] cachedString;

    private final Binary[][] cachedBinary;

    /** Per string column, the String instance written last and its Binary. */
    private final String[] lastString;

    private final Binary[] lastBinary;

    private static final int STRING_CACHE = 64;
    /** {@link #openPlain}: the row group held column by column and written as plain pages; else null. */
    private final PlainPages plain;

    private ColumnChunkPageWriteStore pages;
    private ColumnWriteStore store;
    private long rows;
    private long groupRows;
    private long nextSizeCheck;
    private boolean closed;

    private RowParquetWriter(
            Path path,
            StructType schema,
            MessageType pq,
            Map<String, String> meta,
            String codec,
            long rowGroupBytes,
            Set<String> plainColumns,
            boolean allPlain,
            Configuration conf)
            throws IOException {
        this.pq = pq;
        this.meta = meta;
        this.rowGroupBytes = rowGroupBytes;
        ParquetProperties.Builder pb = ParquetProperties.builder();
        for (String c : plainColumns) {
            pb.withDictionaryEncoding(c, false);
        }
        this.props = pb.build();
        int n = schema.fields().length;
        this.kinds = new int[n];
        this.optional = new boolean[n];
        for (int i = 0; i < n; i++) {
            kinds[i] = kind(schema.fields()[i].dataType());
            optional[i] = pq.getColumns().get(i).getMaxDefinitionLevel() > 0;
        }
        this.columns = new ColumnWriter[n];
        this.cachedString = new String[n][];
        this.cachedBinary = new Binary[n][];
        this.lastString = new String[n];
        this.lastBinary = new Binary[n];
        for (int i = 0; i < n; i++) {
            if (kinds[i] == STRING) {
                cachedString[i] = new String[STRING_CACHE];
                cachedBinary[i] = new Binary[STRING_CACHE];
            }
        }
        this.file = new ParquetFileWriter(
                HadoopOutputFile.fromPath(path, conf),
                pq,
                ParquetFileWriter.Mode.OVERWRITE,
                rowGroupBytes,
                ParquetWriter.MAX_PADDING_SIZE_DEFAULT,
                props.getColumnIndexTruncateLength(),
                props.getStatisticsTruncateLength(),
                props.getPageWriteChecksumEnabled());
        file.start();
        this.codecs = new CodecFactory(conf, props.getPageSizeThreshold());
        this.compressor = ZstdCodecs.build(conf, () -> codecs.getCompressor(CompressionCodecName.fromConf(codec)));
        this.plain = allPlain ? new PlainPages(pq, kinds, optional) : null;
        newRowGroup();
        this.nextSizeCheck = props.getMinRowCountForPageSizeCheck();
    }

    /**
     * Opens {@code path} (replaced if present).
     *
     * @param codec e.g. {@code zstd}, the session's {@code spark.sql.parquet.compression.codec}
     */
    public static RowParquetWriter open(Path path, StructType schema, String codec, Configuration conf)
            throws IOException {
        return open(path, schema, codec, ROW_GROUP_BYTES, Set.of(), false, conf);
    }

    /**
     * {@link #open}, with {@code plainColumns} written without a dictionary: for a column whose values are all
     * distinct (freq's {@code pos} at one stratum), where parquet-mr would build a dictionary for the first page and
     * then fall back to plain encoding, rewriting the page (the same pages and encodings as that fallback, without the
     * dictionary's work).
     */
    public static RowParquetWriter open(
            Path path, StructType schema, String codec, Set<String> plainColumns, Configuration conf)
            throws IOException {
        return open(path, schema, codec, ROW_GROUP_BYTES, plainColumns, false, conf);
    }

    /**
     * {@link #open} with every column written without a dictionary, each row group held column by column and encoded
     * page by page ({@link PlainPages}) instead of value by value through parquet-mr's column writers: the same rows
     * for a reader, at a fraction of the CPU, where dictionaries would not pay (freq at one stratum: one row per
     * variant). Row groups are cut when about {@value #ROW_GROUP_MIB} MiB of values are held.
     */
    public static RowParquetWriter openPlain(Path path, StructType schema, String codec, Configuration conf)
            throws IOException {
        return open(path, schema, codec, ROW_GROUP_BYTES, Set.of(), true, conf);
    }

    /** {@link #openPlain} with the row-group size given (tests cut small groups). */
    static RowParquetWriter openPlain(
            Path path, StructType schema, String codec, long rowGroupBytes, Configuration conf) throws IOException {
        return open(path, schema, codec, rowGroupBytes, Set.of(), true, conf);
    }

    private static final int ROW_GROUP_MIB = (int) (ROW_GROUP_BYTES >> 20);

    /** {@link #open} with the row-group size given (tests cut small groups). */
    static RowParquetWriter open(Path path, StructType schema, String codec, long rowGroupBytes, Configuration conf)
            throws IOException {
        return open(path, schema, codec, rowGroupBytes, Set.of(), false, conf);
    }

    private static RowParquetWriter open(
            Path path,
            StructType schema,
            String codec,
            long rowGroupBytes,
            Set<String> plainColumns,
            boolean allPlain,
            Configuration conf)
            throws IOException {
        MessageType pq = ParquetSchemas.of(schema, "spark_schema");
        // the running Spark's version, recorded as Spark's own writer does
        Map<String, String> meta = Map.of(
                "org.apache.spark.sql.parquet.row.metadata",
                schema.json(),
                "org.apache.spark.version",
                org.apache.spark.package$.MODULE$.SPARK_VERSION());
        return new RowParquetWriter(path, schema, pq, meta, codec, rowGroupBytes, plainColumns, allPlain, conf);
    }

    private static int kind(DataType t) {
        if (t.equals(DataTypes.StringType)) {
            return STRING;
        } else if (t.equals(DataTypes.IntegerType)) {
            return INT;
        } else if (t.equals(DataTypes.LongType)) {
            return LONG;
        } else if (t.equals(DataTypes.DoubleType)) {
            return DOUBLE;
        } else if (t.equals(DataTypes.BooleanType)) {
            return BOOLEAN;
        }
        throw new IllegalArgumentException("no Parquet form for " + t.simpleString());
    }

    private void newRowGroup() {
        pages = new ColumnChunkPageWriteStore(
                compressor,
                pq,
                props.getAllocator(),
                props.getColumnIndexTruncateLength(),
                props.getPageWriteChecksumEnabled());
        if (plain != null) {
            return;
        }
        store = props.newColumnWriteStore(pq, pages, pages);
        List<ColumnDescriptor> cols = pq.getColumns();
        for (int i = 0; i < columns.length; i++) {
            columns[i] = store.getColumnWriter(cols.get(i));
        }
    }

    public void write(Row r) throws IOException {
        if (plain != null) {
            for (int i = 0; i < optional.length; i++) {
                if (!optional[i] && r.isNullAt(i)) {
                    throw new IllegalArgumentException("column " + pq.getFieldName(i) + " is required: " + r);
                }
            }
            plain.add(r);
            rows++;
            groupRows++;
            if (plain.bufferedBytes() >= rowGroupBytes) {
                flushRowGroup();
                newRowGroup();
            }
            return;
        }
        for (int i = 0; i < columns.length; i++) {
            ColumnWriter c = columns[i];
            if (r.isNullAt(i)) {
                if (!optional[i]) {
                    throw new IllegalArgumentException("column " + pq.getFieldName(i) + " is required: " + r);
                }
                c.writeNull(0, 0);
                continue;
            }
            int d = optional[i] ? 1 : 0;
            switch (kinds[i]) {
                case STRING -> c.write(binary(i, r.getString(i)), 0, d);
                case INT -> c.write(r.getInt(i), 0, d);
                case LONG -> c.write(r.getLong(i), 0, d);
                case DOUBLE -> c.write(r.getDouble(i), 0, d);
                default -> c.write(r.getBoolean(i), 0, d);
            }
        }
        store.endRecord();
        rows++;
        groupRows++;
        if (groupRows >= nextSizeCheck) {
            checkRowGroupSize();
        }
    }

    /** {@code s} as a (constant) Binary, reused while column {@code i} writes the same String instance again. */
    private Binary binary(int i, String s) {
        if (s == lastString[i]) {
            return lastBinary[i]; // a column that repeats one instance (contig, stratum) skips the hash
        }
        Binary b = cachedBinary(i, s);
        lastString[i] = s;
        lastBinary[i] = b;
        return b;
    }

    private Binary cachedBinary(int i, String s) {
        int slot = System.identityHashCode(s) & (STRING_CACHE - 1);
        String[] strings = cachedString[i];
        if (strings[slot] != s) {
            cachedBinary[i][slot] = Binary.fromConstantByteArray(s.getBytes(StandardCharsets.UTF_8));
            strings[slot] = s;
        }
        return cachedBinary[i][slot];
    }

    /** As {@code InternalParquetRecordWriter}: cut the row group when the next rows would pass its size. */
    private void checkRowGroupSize() throws IOException {
        long bytes = store.getBufferedSize();
        long perRow = bytes / groupRows;
        if (bytes > rowGroupBytes - 2 * perRow) {
            flushRowGroup();
            newRowGroup();
            nextSizeCheck = props.getMinRowCountForPageSizeCheck();
        } else {
            // ParquetWriter's rule to the letter (a float quotient), so that its row groups come out the same
            nextSizeCheck = Math.min(
                    Math.max(
                            props.getMinRowCountForPageSizeCheck(),
                            (groupRows + (long) (rowGroupBytes / ((float) perRow))) / 2),
                    groupRows + props.getMaxRowCountForPageSizeCheck());
        }
    }

    private void flushRowGroup() throws IOException {
        if (plain != null) {
            if (groupRows > 0) {
                file.startBlock(groupRows);
                plain.writeTo(pages);
                pages.flushToFileWriter(file);
                file.endBlock();
                groupRows = 0;
            }
            return;
        }
        if (groupRows > 0) {
            file.startBlock(groupRows);
            store.flush();
            pages.flushToFileWriter(file);
            file.endBlock();
            groupRows = 0;
        }
        store.close();
    }

    /** Rows written so far. */
    public long rows() {
        return rows;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            flushRowGroup();
            file.end(new HashMap<>(meta));
        } finally {
            codecs.release();
        }
    }
}
