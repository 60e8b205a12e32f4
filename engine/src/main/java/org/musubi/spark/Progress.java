package org.musubi.spark;

import java.util.Locale;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.JavaSparkStatusTracker;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a progress line every few seconds while a job runs: tasks done, items done (from finished tasks) and their
 * rate, ETA. Quiet for short jobs (the
 * first line comes after {@link #FIRST_AFTER_MS}).
 */
public final class Progress implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
    static final long FIRST_AFTER_MS = 10_000;
    static final long EVERY_MS = 15_000;

    private final Thread thread;
    private volatile boolean stop;

    private Progress(JavaSparkContext jsc, String what, int totalTasks, LongAccumulator items, String unit) {
        long t0 = System.currentTimeMillis();
        thread = new Thread(
                () -> {
                    long next = t0 + FIRST_AFTER_MS;
                    JavaSparkStatusTracker st = jsc.statusTracker();
                    while (!stop) {
                        try {
                            Thread.sleep(500);
                        } catch (InterruptedException e) {
                            return;
                        }
                        long now = System.currentTimeMillis();
                        if (now < next) {
                            continue;
                        }
                        next = now + EVERY_MS;
                        int done = 0;
                        int running = 0;
                        for (int stage : st.getActiveStageIds()) {
                            SparkStageInfo si = st.getStageInfo(stage);
                            if (si != null) {
                                done += si.numCompletedTasks();
                                running += si.numActiveTasks();
                            }
                        }
                        double secs = (now - t0) / 1000.0;
                        String eta = done == 0 ? "?" : duration((long) (secs / done * (totalTasks - done)));
                        String count = "";
                        if (items != null) {
                            long v = items.value();
                            count = String.format(
                                    Locale.ROOT, ", %,d %s (%,.0f/s)", v, unit, secs > 0 ? v / secs : 0.0);
                        }
                        LOG.info(
                                "{}: {}/{} tasks done{}, {} running, {} elapsed, ETA {}",
                                what,
                                done,
                                totalTasks,
                                count,
                                running,
                                duration((long) secs),
                                eta);
                    }
                },
                "musubi-progress");
        thread.setDaemon(true);
        thread.start();
    }

    public static Progress start(JavaSparkContext jsc, String what, int totalTasks) {
        return new Progress(jsc, what, totalTasks, null, null);
    }

    /** Also reports a count that tasks add to as they finish (e.g. variants written). */
    public static Progress start(
            JavaSparkContext jsc, String what, int totalTasks, LongAccumulator items, String unit) {
        return new Progress(jsc, what, totalTasks, items, unit);
    }

    @Override
    public void close() {
        stop = true;
        thread.interrupt();
    }

    public static String duration(long s) {
        return s >= 3600
                ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }

    public static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        String[] u = {"KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int i = -1;
        while (v >= 1024 && i < u.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, u[i]);
    }
}
