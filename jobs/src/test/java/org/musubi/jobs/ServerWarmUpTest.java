package org.musubi.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.spark.SparkSessions;

/** The server's warm-up runs the whole demo, leaves nothing behind, and stops at once when cancelled. */
@Tag("slow")
class ServerWarmUpTest {
    static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        spark = SparkSessions.create("musubi-warm-up-test", "local[2]", Map.of());
    }

    @AfterAll
    static void end() {
        spark.stop();
    }

    static long entries(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void runsTheDemoAndDeletesWhatItWrote() throws Exception {
        Level before = LogManager.getLogger("org.musubi").getLevel();
        new ServerWarmUp(spark, 150, 600, tmp).run();
        assertThat(entries(tmp)).as("its temporary directory is gone").isZero();
        assertThat(LogManager.getLogger("org.musubi").getLevel()).isEqualTo(before);
        assertThat(spark.sparkContext().getLocalProperty("spark.jobGroup.id")).isNull();
    }

    @Test
    void cancelledItStopsBeforeItsNextStepAndDeletesWhatItWrote() throws Exception {
        ServerWarmUp w = new ServerWarmUp(spark, 150, 600, tmp);
        w.cancel();
        assertThatThrownBy(w::run).isInstanceOf(CancellationException.class).hasMessageContaining("simulate");
        assertThat(entries(tmp)).isZero();
    }
}
