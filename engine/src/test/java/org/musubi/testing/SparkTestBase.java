package org.musubi.testing;

import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * One embedded Spark session ({@code local[2]}) shared by every Spark test in the JVM; after each test the cache
 * must be empty (a test that caches cleans up).
 */
@Tag("spark")
public abstract class SparkTestBase {
    private static SparkSession spark;

    protected static synchronized SparkSession spark() {
        if (spark == null) {
            spark = org.musubi.spark.SparkSessions.create(
                    "musubi-test",
                    "local[2]",
                    Map.of("spark.sql.shuffle.partitions", "4", "spark.default.parallelism", "2"));
        }
        return spark;
    }

    @BeforeAll
    static void startSpark() {
        spark();
    }

    @AfterEach
    void noCachedData() {
        if (spark != null && !spark.sparkContext().getPersistentRDDs().isEmpty()) {
            spark.catalog().clearCache();
            throw new AssertionError("a test left cached RDDs behind");
        }
    }

    @AfterAll
    static void keepSession() {
        // The session lives for the whole test JVM: starting Spark once per class costs seconds.
    }
}
