package org.musubi.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.RejectedExecutionException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.musubi.error.MusubiUserException;

class TaskErrorLogFilterTest {
    private static Filter.Result filter(String logger, Level level, String message, Throwable t) throws Exception {
        LogEvent e = Log4jLogEvent.newBuilder()
                .setLoggerName(logger)
                .setLevel(level)
                .setMessage(new SimpleMessage(message))
                .setThrown(t)
                .build();
        var f = TaskErrorLogFilter.class.getDeclaredField("INSTANCE");
        f.setAccessible(true);
        return ((TaskErrorLogFilter) f.get(null)).filter(e);
    }

    @AfterEach
    void reset() {
        TaskErrorLogFilter.install(false);
    }

    @Test
    void userErrorsInTasksAreDeniedOtherFailuresLogged() throws Exception {
        TaskErrorLogFilter.install(true);
        assertThat(filter(
                        "org.apache.spark.executor.Executor",
                        Level.ERROR,
                        "Exception in task 0.0 in stage 7.0 (TID 9)",
                        new RuntimeException(new MusubiUserException("bad value"))))
                .isEqualTo(Filter.Result.DENY);
        assertThat(filter(
                        "org.apache.spark.scheduler.TaskSetManager",
                        Level.ERROR,
                        "Task 0 in stage 7.0 failed 1" + " times; aborting job",
                        null))
                .isEqualTo(Filter.Result.DENY);
        assertThat(filter(
                        "org.apache.spark.executor.Executor",
                        Level.ERROR,
                        "Exception in task 0.0 in stage 8.0 (TID 10)",
                        new IllegalStateException("internal")))
                .isEqualTo(Filter.Result.NEUTRAL);
    }

    @Test
    void afterASuccessfulJobSparksShutdownTracesAreLeftOffUntilTheNextJob() throws Exception {
        TaskErrorLogFilter.install(true);
        RejectedExecutionException race = new RejectedExecutionException("Task rejected from ThreadPoolExecutor");
        String scheduler = "org.apache.spark.scheduler.TaskSchedulerImpl";
        assertThat(filter(scheduler, Level.ERROR, "Exception in statusUpdate", race))
                .isEqualTo(Filter.Result.NEUTRAL);
        TaskErrorLogFilter.stopping();
        assertThat(filter(scheduler, Level.ERROR, "Exception in statusUpdate", race))
                .isEqualTo(Filter.Result.DENY);
        // a line without a trace is still logged as configured, and Musubi's own lines always are
        assertThat(filter("org.apache.spark.SparkContext", Level.WARN, "something", null))
                .isEqualTo(Filter.Result.NEUTRAL);
        assertThat(filter("org.musubi.jobs.GwasJob", Level.ERROR, "x", race)).isEqualTo(Filter.Result.NEUTRAL);
        // the next job (same JVM) starts with the filter's stopping state cleared
        TaskErrorLogFilter.install(true);
        assertThat(filter(scheduler, Level.ERROR, "Exception in statusUpdate", race))
                .isEqualTo(Filter.Result.NEUTRAL);
    }
}
