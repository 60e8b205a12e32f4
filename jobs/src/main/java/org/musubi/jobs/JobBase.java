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

    @Override
    public Integer call() throws Exception {
        setLogLevel(logLevel);
        // Spark's own logging of a user error raised in a task stays off the console (shown with --debug)
        TaskErrorLogFilter.install(!debug);
        validate();
        SparkConf settings = SparkSessions.settings("musubi " + name(), master, conf);
        Integer done = runWithoutSpark(settings);
        if (done != null) {
            return finished(done);
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
