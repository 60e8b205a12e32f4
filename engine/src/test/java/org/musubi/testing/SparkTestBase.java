package org.musubi.testing;

import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * One embedded Spark session ({@code local[2]}) shared by every Spark test in the JVM; after each test the cache
 * must be empty (a test that caches cleans up). A test that needs another master ({@link #spark(String)}) replaces
 * the session, and the next test gets a {@code local[2]} one again.
 */
@Tag("spark")
public abstract class SparkTestBase {
    private static SparkSession spark;

    protected static synchronized SparkSession spark() {
        return spark(MASTER);
    }

    /** The master of the shared session: two cores, a failed task fails its job. */
    protected static final String MASTER = "local[2]";

    /**
     * The shared session on {@code master} (e.g. {@code local[2,4]}: failed tasks are retried); a session on another
     * master is stopped and replaced, so the few tests that need one cost one restart.
     */
    protected static synchronized SparkSession spark(String master) {
        if (spark != null && !spark.sparkContext().master().equals(master)) {
            spark.stop();
            spark = null;
        }
        if (spark == null) {
            spark = org.musubi.spark.SparkSessions.create(
                    "musubi-test",
                    master,
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
