package org.musubi.spark;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes {@link Row}s of a flat {@link StructType} (string, int, long, double, boolean columns) into one Parquet file
 * the way Spark's own writer lays them out: the same Parquet schema ({@link ParquetSchemas}, message {@code
 * spark_schema}), Spark's key-value metadata (the row schema as JSON and the Spark version) and the codec given, so
 * that Spark SQL reads it as one of its own part files and a content comparison sees the same file. Used by the
 * tasks of freq (and freq-merge's driver) instead of a DataFrame write: no query plan, no conversion to internal
 * rows, no extra Spark job.
 */
public final class RowParquetWriter implements Closeable {
    private final ParquetWriter<Row> w;
    private long rows;

    private RowParquetWriter(ParquetWriter<Row> w) {
        this.w = w;
    }

    /**
     * Opens {@code path} (replaced if present).
     *
     * @param sparkVersion the running Spark's version ({@code JavaSparkContext.version()}), recorded as Spark does
     * @param codec e.g. {@code zstd}, the session's {@code spark.sql.parquet.compression.codec}
     */
    public static RowParquetWriter open(
            Path path, StructType schema, String sparkVersion, String codec, Configuration conf) throws IOException {
        MessageType pq = ParquetSchemas.of(schema, "spark_schema");
        Map<String, String> meta = Map.of(
                "org.apache.spark.sql.parquet.row.metadata", schema.json(), "org.apache.spark.version", sparkVersion);
        return new RowParquetWriter(new Builder(path, new Support(schema, pq, meta))
                .withConf(conf)
                .withCompressionCodec(CompressionCodecName.fromConf(codec))
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build());
    }

    public void write(Row r) throws IOException {
        w.write(r);
        rows++;
    }

    /** Rows written so far. */
    public long rows() {
        return rows;
    }

    @Override
    public void close() throws IOException {
        w.close();
    }

    private static final class Builder extends ParquetWriter.Builder<Row, Builder> {
        private final Support support;

        Builder(Path path, Support support) {
            super(path);
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Row> getWriteSupport(Configuration conf) {
            return support;
        }
    }

    private static final class Support extends WriteSupport<Row> {
        private static final int STRING = 0;
        private static final int INT = 1;
        private static final int LONG = 2;
        private static final int DOUBLE = 3;
        private static final int BOOLEAN = 4;

        private final MessageType pq;
        private final Map<String, String> meta;
        private final String[] names;
        private final int[] kinds;
        private RecordConsumer rc;
        /**
         * Per string column, the last String written (by identity) and its UTF-8 {@link Binary}: the stratum, contig,
         * REF and ALT of freq's rows repeat as the same instances row after row, so they are encoded once.
         */
        private final String[] lastString;

        private final Binary[] lastBinary;

        Support(StructType schema, MessageType pq, Map<String, String> meta) {
            this.pq = pq;
            this.meta = meta;
            this.names = schema.fieldNames();
            this.kinds = new int[names.length];
            this.lastString = new String[names.length];
            this.lastBinary = new Binary[names.length];
            for (int i = 0; i < names.length; i++) {
                kinds[i] = kind(schema.fields()[i].dataType());
            }
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

        /** {@code s} as a (constant) Binary, reused while column {@code i} repeats the same String instance. */
        private Binary binary(int i, String s) {
            if (s != lastString[i]) {
                lastBinary[i] = Binary.fromString(s);
                lastString[i] = s;
            }
            return lastBinary[i];
        }

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(pq, meta);
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.rc = recordConsumer;
        }

        @Override
        public void write(Row r) {
            rc.startMessage();
            for (int i = 0; i < names.length; i++) {
                if (r.isNullAt(i)) {
                    continue;
                }
                rc.startField(names[i], i);
                switch (kinds[i]) {
                    case STRING -> rc.addBinary(binary(i, r.getString(i)));
                    case INT -> rc.addInteger(r.getInt(i));
                    case LONG -> rc.addLong(r.getLong(i));
                    case DOUBLE -> rc.addDouble(r.getDouble(i));
                    default -> rc.addBoolean(r.getBoolean(i));
                }
                rc.endField(names[i], i);
            }
            rc.endMessage();
        }
    }
}
