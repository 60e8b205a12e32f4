package org.musubi.jobs;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.musubi.spark.SparkSessions;

/**
 * A job whose work runs on the driver alone, with no Spark task: it reads small aggregate files and writes one output
 * (freq-merge, report). In embedded mode ({@code --master local…}) it runs without starting Spark, on the settings and
 * the Hadoop configuration a session would have had ({@link SparkSessions#hadoopConfiguration}), which spares it
 * the session's start-up (about 2 CPU seconds). Under a cluster master it still starts the session, whose
 * cluster deploy modes wait for one, and runs the same way on that session's settings.
 */
abstract class DriverJob extends JobBase {
    /** Runs the job on the driver with the job's Spark settings and Hadoop configuration; returns the exit code. */
    protected abstract int run(SparkConf settings, Configuration hadoop) throws Exception;

    @Override
    final Integer runWithoutSpark(SparkConf settings) throws Exception {
        if (!SparkSessions.isLocal(settings.get("spark.master"))) {
            return null;
        }
        return run(settings, SparkSessions.hadoopConfiguration(settings));
    }

    @Override
    protected final int run(SparkSession spark) throws Exception {
        return run(spark.sparkContext().getConf(), spark.sparkContext().hadoopConfiguration());
    }
}
