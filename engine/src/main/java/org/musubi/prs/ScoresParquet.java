package org.musubi.prs;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * {@code scores.parquet}'s part file ({@link PrsPlan#SCORES_SCHEMA}, with Spark's schema metadata so that Spark reads
 * it as its own), written on the driver straight from a score's per-sample arrays through a {@link RecordConsumer}:
 * no record object per row (parquet-mr's example {@code Group} writer built one, with a list per field, for every
 * sample × score). Used by {@link PrsOutputs}.
 */
final class ScoresParquet implements AutoCloseable {
    /** One row: sample {@code i} of the current score. */
    private static final class Rows extends WriteSupport<Integer> {
        private final MessageType schema;
        private final Map<String, String> meta;
        private RecordConsumer out;
        private String[] ids;
        private Binary score;
        private ScoreAccumulator.ScoreResult r;

        Rows(MessageType schema, Map<String, String> meta) {
            this.schema = schema;
            this.meta = meta;
        }

        @Override
        public WriteContext init(Configuration conf) {
            return new WriteContext(schema, new HashMap<>(meta));
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            out = recordConsumer;
        }

        @Override
        public void write(Integer sample) {
            int i = sample;
            double avg = r.avg(i);
            out.startMessage();
            putInt(0, "sample_index", i);
            putBinary(1, "sample_id", Binary.fromString(ids[i]));
            putBinary(2, "score", score);
            putDouble(3, "sum", r.sum()[i]);
            putInt(4, "denom", r.denom()[i]);
            if (!Double.isNaN(avg)) {
                putDouble(5, "avg", avg);
            }
            putInt(6, "allele_ct", r.alleleCt()[i]);
            putDouble(7, "named_allele_dosage_sum", r.namedDosage()[i]);
            out.startField("variants", 8);
            out.addLong(r.variants());
            out.endField("variants", 8);
            out.endMessage();
        }

        private void putInt(int index, String name, int v) {
            out.startField(name, index);
            out.addInteger(v);
            out.endField(name, index);
        }

        private void putDouble(int index, String name, double v) {
            out.startField(name, index);
            out.addDouble(v);
            out.endField(name, index);
        }

        private void putBinary(int index, String name, Binary v) {
            out.startField(name, index);
            out.addBinary(v);
            out.endField(name, index);
        }
    }

    private static final class Builder extends ParquetWriter.Builder<Integer, Builder> {
        private final Rows rows;

        Builder(Path path, Rows rows) {
            super(path);
            this.rows = rows;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Integer> getWriteSupport(Configuration conf) {
            return rows;
        }
    }

    private final Rows rows;
    private final ParquetWriter<Integer> writer;

    /** A zstd part file at {@code path} with {@code schema} and the key-value metadata {@code meta}. */
    ScoresParquet(Path path, Configuration conf, MessageType schema, Map<String, String> meta) throws IOException {
        rows = new Rows(schema, meta);
        writer = new Builder(path, rows)
                .withConf(conf)
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .build();
    }

    /** Writes the rows of one score: one per sample, in sample order. */
    void write(String[] ids, String scoreName, ScoreAccumulator.ScoreResult r) throws IOException {
        rows.ids = ids;
        rows.score = Binary.fromString(scoreName);
        rows.r = r;
        for (int i = 0; i < ids.length; i++) {
            writer.write(i);
        }
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
