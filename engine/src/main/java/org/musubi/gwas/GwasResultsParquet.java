package org.musubi.gwas;

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
import org.musubi.spark.ParquetSchemas;
import org.musubi.stats.Distributions;

/**
 * One Parquet file of one phenotype's results ({@link GwasResults#SCHEMA} without the phenotype, which is the
 * Hive-style directory {@code phenotype=<name>} as Spark's {@code partitionBy} lays it out), written by a task in
 * genome order straight from {@link GwasResult} holders; Spark SQL reads the directory as before.
 */
final class GwasResultsParquet {
    private GwasResultsParquet() {}

    /** {@link GwasResults#SCHEMA} as Parquet, without the phenotype (the directory names it). */
    static final MessageType SCHEMA =
            ParquetSchemas.of(ParquetSchemas.without(GwasResults.SCHEMA, GwasResults.PHENOTYPE), "gwas_results");

    static ParquetWriter<GwasResult> open(Path path, Configuration conf) throws IOException {
        return new Builder(path)
                .withConf(conf)
                .withCompressionCodec(CompressionCodecName.ZSTD)
                // a writer buffers one row group: bounded, whatever the variants per task (Parquet's default is 128
                // MiB)
                .withRowGroupSize(8L << 20)
                // dictionaries only where values repeat (statistics are all distinct)
                .withDictionaryEncoding(false)
                .withDictionaryEncoding(GwasResults.CONTIG, true)
                .withDictionaryEncoding(GwasResults.MODEL, true)
                .withDictionaryEncoding(GwasResults.ERRCODE, true)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
    }

    private static final class Builder extends ParquetWriter.Builder<GwasResult, Builder> {
        Builder(Path path) {
            super(path);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<GwasResult> getWriteSupport(Configuration conf) {
            return new Support();
        }
    }

    private static final class Support extends WriteSupport<GwasResult> {
        private RecordConsumer rc;

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(SCHEMA, Map.of());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.rc = recordConsumer;
        }

        @Override
        public void write(GwasResult r) {
            boolean ok = r.ok();
            rc.startMessage();
            string(0, GwasResults.CONTIG, r.contig);
            int32(1, GwasResults.POS, r.pos);
            string(2, GwasResults.ID, r.id);
            string(3, GwasResults.REF, r.ref);
            string(4, GwasResults.ALT, r.alt);
            string(5, GwasResults.A1, r.a1);
            dbl(6, GwasResults.A1_FREQ, r.a1Freq);
            string(7, GwasResults.MODEL, r.logistic ? "logistic" : "linear");
            if (r.firth >= 0) {
                rc.startField(GwasResults.FIRTH, 8);
                rc.addBoolean(r.firth == 1);
                rc.endField(GwasResults.FIRTH, 8);
            }
            int32(9, GwasResults.OBS_CT, r.obsCt);
            if (ok) {
                dbl(10, GwasResults.BETA, r.beta);
                dbl(11, GwasResults.SE, r.se);
                dbl(12, GwasResults.STAT, r.stat);
                dbl(13, GwasResults.P, Distributions.lnPToP(r.lnP));
                dbl(14, GwasResults.NEG_LOG10_P, Distributions.lnPToNegLog10P(r.lnP));
            }
            string(15, GwasResults.ERRCODE, r.errcode);
            rc.endMessage();
        }

        private void string(int i, String name, String v) {
            if (v != null) {
                rc.startField(name, i);
                rc.addBinary(Binary.fromString(v));
                rc.endField(name, i);
            }
        }

        private void int32(int i, String name, int v) {
            rc.startField(name, i);
            rc.addInteger(v);
            rc.endField(name, i);
        }

        private void dbl(int i, String name, double v) {
            if (!Double.isNaN(v)) {
                rc.startField(name, i);
                rc.addDouble(v);
                rc.endField(name, i);
            }
        }
    }
}
