package org.musubi.spark;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil$;
import org.apache.spark.sql.SparkSession;

/**
 * Creates the one Spark session a job uses. Mandatory settings are applied over the user's {@code --conf} values;
 * when the job runs under {@code spark-submit} the master comes from there and is not overridden. Jobs whose work
 * runs on the driver alone (freq-merge, report) take the same settings and the Hadoop configuration a session made
 * from them would carry, without starting Spark ({@link #settings}, {@link #hadoopConfiguration}).
 */
public final class SparkSessions {
    private SparkSessions() {}

    /**
     * @param appName shown in the Spark UI
     * @param master a Spark master URL, or null to take the one {@code spark-submit} set (or {@code local[*]})
     * @param conf extra {@code key=value} settings from the command line
     */
    public static SparkSession create(String appName, String master, Map<String, String> conf) {
        return start(settings(appName, master, conf));
    }

    /** Starts (or joins) the session with the settings {@link #settings} made. */
    public static SparkSession start(SparkConf settings) {
        return SparkSession.builder().config(settings).getOrCreate();
    }

    /** The settings {@link #create} starts a session with (same parameters), without starting it. */
    public static SparkConf settings(String appName, String master, Map<String, String> conf) {
        SparkConf sc = new SparkConf(true);
        if (master != null) {
            sc.setMaster(master);
        } else if (!sc.contains("spark.master")) {
            sc.setMaster("local[*]");
        }
        sc.setAppName(appName);
        sc.setIfMissing("spark.ui.enabled", "false");
        sc.setIfMissing("spark.sql.shuffle.partitions", "8");
        sc.setIfMissing("spark.sql.parquet.compression.codec", "zstd");
        if (isLocal(sc.get("spark.master"))) {
            // Embedded mode talks to itself only: bind to loopback, whatever the host name resolves to.
            sc.setIfMissing("spark.driver.host", "127.0.0.1");
            sc.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        // Partition directories (contig=…) hold strings: "22" is a contig name, not a number.
        sc.setIfMissing("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
        // No .crc side files next to local outputs, and no chmod child process per file (ForklessLocalFileSystem).
        sc.setIfMissing("spark.hadoop.fs.file.impl", ForklessLocalFileSystem.class.getName());
        sc.setIfMissing("spark.hadoop.fs.file.impl.disable.cache", "true");
        // Spark's own Parquet reads (Spark SQL on a table, freq-merge) check the pages' CRC32 that parquet-mr writes.
        sc.setIfMissing("spark.hadoop.parquet.page.verify-checksum.enabled", "true");
        conf.forEach(sc::set);
        return sc;
    }

    /**
     * The Hadoop configuration a session started with these settings would carry as its {@code hadoopConfiguration}
     * (the {@code spark.hadoop.*} settings, S3 credentials from the environment): Spark's own function for it, so a
     * job that runs without a session reads and writes exactly as it would with one.
     */
    public static Configuration hadoopConfiguration(SparkConf settings) {
        return SparkHadoopUtil$.MODULE$.newConfiguration(settings);
    }

    /**
     * The Parquet codec Spark would write with under these settings (Musubi's default: zstd). Jobs ask the context's
     * settings ({@code spark.sparkContext().getConf()}), not {@code spark.conf()}: the session's SQL configuration
     * builds Spark SQL's session state and shared state (catalog, warehouse), about a second of start-up that a
     * job writing Parquet without a DataFrame does not need.
     */
    public static String parquetCodec(SparkConf settings) {
        return settings.get("spark.sql.parquet.compression.codec", "snappy");
    }

    /** Whether the master is embedded ({@code local}, {@code local[N]}, …): Spark in this JVM. */
    public static boolean isLocal(String master) {
        return master.startsWith("local");
    }
}
