package org.musubi.jobs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.musubi.error.MusubiUserException;
import org.musubi.spark.SparkSessions;
import org.musubi.spark.TaskErrorLogFilter;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * Options every job shares (Spark master, extra Spark settings, logging) and the session lifecycle: a job parses
 * its options, then {@link #run(SparkSession)} builds its plan with one engine call.
 */
public abstract class JobBase implements Callable<Integer> {
    @Option(
            names = "--master",
            paramLabel = "URL",
            description = "Spark master: local[*] (default, embedded), local[N], spark://host:port, yarn, k8s://…")
    String master;

    @Option(
            names = "--conf",
            paramLabel = "KEY=VALUE",
            description = "extra Spark setting (repeatable), e.g. --conf spark.executor.memory=8g")
    Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "Musubi log level: WARN, INFO (default), DEBUG")
    String logLevel;

    @Option(names = "--debug", description = "print stack traces of errors")
    boolean debug;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "show this help and exit")
    boolean help;

    /** The command line as given (recorded in outputs' metadata). */
    protected java.util.List<String> arguments() {
        return java.util.List.copyOf(spec.commandLine().getParseResult().originalArgs());
    }

    /** Whether the user gave an option on the command line (not just its default). */
    protected boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /**
     * Refuses an option that would be silently ignored: "{@code option} has no effect FIX" ({@code fix} says when it
     * applies, e.g. "without --covar FILE: give the covariate file, or leave --covar-name out").
     */
    protected void refuseIgnored(String option, String fix) {
        if (given(option)) {
            throw new MusubiUserException(option + " has no effect " + fix);
        }
    }

    /** The job's name, as given on the command line. */
    protected abstract String name();

    /** Runs the job; returns the exit code (0). */
    protected abstract int run(SparkSession spark) throws Exception;

    /**
     * Runs the job without starting Spark and returns its exit code, or returns null where the job needs a session
     * (every job but {@link DriverJob}s in embedded mode).
     */
    Integer runWithoutSpark(SparkConf settings) throws Exception {
        return null;
    }

    /** Checks options that picocli cannot (before Spark starts). */
    protected void validate() {}

    /**
     * The output directory the job's last log line names ({@code gwas: output in DIR}), or null where the plan's
     * own last line already names it (ingest, export, report, simulate, demo).
     */
    protected String output() {
        return null;
    }

    /** One rule for every job's {@code --partitions}: 0 (the default) is automatic, a negative number is refused. */
    static void checkPartitions(int partitions) {
        if (partitions < 0) {
            throw new MusubiUserException("--partitions " + partitions + ": use a positive number of tasks, or 0 (the"
                    + " default) for an automatic choice");
        }
    }

    /** Sets Musubi's log level from {@code --log-level} (null: leave it); every job, inspect included, calls it. */
    static void setLogLevel(String logLevel) {
        if (logLevel != null) {
            Level l = Level.getLevel(logLevel.toUpperCase(java.util.Locale.ROOT));
            if (l == null) {
                throw new MusubiUserException("--log-level " + logLevel + ": use ERROR, WARN, INFO or DEBUG");
            }
            Configurator.setLevel("org.musubi", l);
        }
    }

    /**
     * The warm session of the {@code musubi server} running this thread's job ({@link ServerJob}), or none: the job
     * starts its own session and stops it at the end.
     */
    static final ThreadLocal<WarmSession> WARM = new ThreadLocal<>();

    /**
     * A server's running session and the settings it started with. A job whose own settings (its {@code --master} and
     * {@code --conf}, the application name aside) differ is declined ({@link RunElsewhere}) and runs in its own JVM, as
     * without a server: a session's settings cannot change once it runs.
     */
    static final class WarmSession {
        final SparkSession spark;
        private final Map<String, String> settings;
        /** Why the last job was declined, or null. */
        String declined;

        WarmSession(SparkSession spark, SparkConf settings) {
            this.spark = spark;
            this.settings = comparable(settings);
        }

        private static Map<String, String> comparable(SparkConf c) {
            Map<String, String> m = new java.util.TreeMap<>();
            for (scala.Tuple2<String, String> kv : c.getAll()) {
                m.put(kv._1(), kv._2());
            }
            m.remove("spark.app.name");
            return m;
        }

        String master() {
            return settings.get("spark.master");
        }

        /** Why a job with these settings cannot run in this session, or null. */
        String mismatch(SparkConf job) {
            Map<String, String> j = comparable(job);
            if (j.equals(settings)) {
                return null;
            }
            java.util.Set<String> keys = new java.util.TreeSet<>(j.keySet());
            keys.addAll(settings.keySet());
            keys.removeIf(k -> java.util.Objects.equals(j.get(k), settings.get(k)));
            return "its Spark settings differ from the server's (" + String.join(", ", keys) + ")";
        }
    }

    /**
     * Thrown where a server's warm session cannot run the job ({@link WarmSession#declined} says why); {@link Musubi}
     * turns it into {@link org.musubi.jobs.server.ServerProtocol#RUN_HERE_EXIT}.
     */
    static final class RunElsewhere extends RuntimeException {
        RunElsewhere() {
            super(null, null, false, false);
        }
    }

    private SparkConf sparkSettings;

    /** The Spark settings this job runs with (its own, or on a server the server's master): set before {@link #run}. */
    final SparkConf sparkSettings() {
        return sparkSettings;
    }

    @Override
    public Integer call() throws Exception {
        setLogLevel(logLevel);
        // Spark's own logging of a user error raised in a task stays off the console (shown with --debug)
        TaskErrorLogFilter.install(!debug);
        validate();
        WarmSession warm = WARM.get();
        // on a server, a job without --master takes the server's
        SparkConf settings = SparkSessions.settings(
                "musubi " + name(), master == null && warm != null ? warm.master() : master, conf);
        sparkSettings = settings;
        if (warm != null) {
            warm.declined = warm.mismatch(settings);
            if (warm.declined != null) {
                throw new RunElsewhere();
            }
        }
        Integer done = runWithoutSpark(settings);
        if (done != null) {
            return finished(done);
        }
        if (warm != null) {
            return finished(run(warm.spark)); // the server's session: it stays up for the next job
        }
        SparkSession spark = SparkSessions.start(settings);
        try {
            return finished(run(spark));
        } finally {
            spark.stop();
        }
    }

    private int finished(int exit) {
        if (exit == 0 && output() != null) {
            LoggerFactory.getLogger(getClass()).info("{}: output in {}", name(), output());
        }
        if (exit == 0) {
            TaskErrorLogFilter.stopping();
        }
        return exit;
    }
}
