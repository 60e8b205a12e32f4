package org.musubi.table.write;

import java.io.IOException;
import org.apache.hadoop.conf.Configurable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.codec.ZstandardCodec;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Each Parquet file at its own configuration's ZSTD level, whatever the JVM wrote before. parquet-mr 1.13 keeps one
 * ZSTD codec per JVM ({@code CodecFactory.CODEC_BY_NAME}, keyed by class name), and the codec reads its level from
 * the configuration of the writer (or reader) that created it: left alone, every file a JVM writes gets the level of
 * its first ZSTD user, so a warm server that wrote Parquet at another level (another job, its warm-up) would write a
 * table or a job's Parquet output at that level: the same rows, other bytes than a run on its own, and another speed.
 * A writer takes its compressor when it is built; building under the map's lock, after dropping a cached codec of
 * another level, gives it its configuration's level. Every Parquet writer of Musubi builds through {@link #build}.
 */
public final class ZstdCodecs extends CodecFactory {
    /** The Hadoop key of the ZSTD level (parquet-mr's; default {@value ZstandardCodec#DEFAULT_PARQUET_COMPRESS_ZSTD_LEVEL}). */
    public static final String LEVEL_KEY = "parquet.compression.codec.zstd.level";

    private static final String ZSTD = CompressionCodecName.ZSTD.getHadoopCompressionCodecClassName();

    /** Builds what takes a compressor (a writer, a compressor). */
    @FunctionalInterface
    public interface Build<T> {
        T build() throws IOException;
    }

    private ZstdCodecs() {
        super(new Configuration(false), 0);
    }

    /** Runs {@code b} with the JVM's ZSTD codec at {@code conf}'s level. */
    public static <T> T build(Configuration conf, Build<T> b) throws IOException {
        synchronized (CODEC_BY_NAME) { // the lock of Collections.synchronizedMap: getCodec's get and put wait
            CompressionCodec cached = CODEC_BY_NAME.get(ZSTD);
            if (cached instanceof Configurable c && c.getConf() != null && level(c.getConf()) != level(conf)) {
                CODEC_BY_NAME.remove(ZSTD);
            }
            return b.build();
        }
    }

    static int level(Configuration conf) {
        return conf.getInt(LEVEL_KEY, ZstandardCodec.DEFAULT_PARQUET_COMPRESS_ZSTD_LEVEL);
    }
}
