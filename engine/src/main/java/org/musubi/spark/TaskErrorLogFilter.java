package org.musubi.spark;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.filter.AbstractFilter;
import org.musubi.error.MusubiUserException;

/**
 * Keeps Spark's own logging of a user error out of the console: a {@link MusubiUserException} raised inside a task is
 * logged by Spark's executor ({@code ERROR Executor: Exception in task…} with the stack trace), its scheduler ({@code
 * WARN TaskSetManager: Lost task…}, {@code ERROR TaskSetManager: Task 0 in stage 1.0 failed 1 times; aborting job})
 * and writers ({@code ERROR FileFormatWriter: Aborting job…}, whose message holds {@code Driver stacktrace:}) before
 * the launcher prints the error's one line. Installed by {@code jobs.JobBase} unless {@code --debug}: it denies every
 * event of a logger outside {@code org.musubi} whose message or throwable (cause chain included) names a user error,
 * and the scheduler's "aborting job" line of a stage whose task failed that way. Anything else (an internal error's
 * task failure, lost executors) is logged as configured.
 */
public final class TaskErrorLogFilter extends AbstractFilter {
    private static final TaskErrorLogFilter INSTANCE = new TaskErrorLogFilter();
    private static final org.slf4j.Logger SHUTDOWN = org.slf4j.LoggerFactory.getLogger(TaskErrorLogFilter.class);
    private static final String USER = MusubiUserException.class.getName();
    private static final Pattern STAGE = Pattern.compile("in stage (\\d+\\.\\d+)");
    /** A Musubi exception class named in text, as Spark prints a task's failure ("…: org.musubi.x.FooException: …"). */
    private static final Pattern MUSUBI_CLASS = Pattern.compile("(org\\.musubi\\.[\\w.$]+Exception)\\b");

    /** Stages (as Spark prints them, "1.0") in which a task failed with a user error. */
    private final Set<String> userErrorStages = ConcurrentHashMap.newKeySet();

    /** Set once a job has finished and written its outputs: Spark is being stopped. */
    private volatile boolean stopping;

    private TaskErrorLogFilter() {
        super(Filter.Result.NEUTRAL, Filter.Result.NEUTRAL);
    }

    /**
     * Adds the filter to every logger of the current log4j2 configuration ({@code quiet} true), or removes it
     * ({@code --debug}: Spark's logging shown as configured). Idempotent; a new job's start clears {@link #stopping}.
     */
    public static void install(boolean quiet) {
        INSTANCE.stopping = false;
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        for (LoggerConfig lc : config.getLoggers().values()) {
            apply(lc, quiet);
        }
        apply(config.getRootLogger(), quiet);
        ctx.updateLoggers();
    }

    /**
     * Marks the end of a job that succeeded (its outputs committed, its last line logged), before the Spark session
     * stops. From then on a stack trace that Spark or Hadoop logs while stopping is left off the console: local mode
     * has known shutdown races (a task's status arriving at a scheduler already shut down: {@code Exception in
     * statusUpdate … RejectedExecutionException}; a clean-up thread interrupted) that would print a trace after the
     * job's last line, on a machine under load, about nothing the outputs depend on. The event is logged as one line
     * at DEBUG instead ({@code --log-level DEBUG}); {@code --debug} (the filter not installed) shows everything.
     */
    public static void stopping() {
        INSTANCE.stopping = true;
    }

    private static void apply(LoggerConfig lc, boolean quiet) {
        lc.removeFilter(INSTANCE);
        if (quiet) {
            lc.addFilter(INSTANCE);
        }
    }

    @Override
    public Filter.Result filter(LogEvent event) {
        String logger = event.getLoggerName();
        if (logger != null && logger.startsWith("org.musubi")) {
            return Filter.Result.NEUTRAL;
        }
        String message = event.getMessage() == null ? "" : event.getMessage().getFormattedMessage();
        if (stopping && event.getThrown() != null) {
            Throwable t = event.getThrown();
            SHUTDOWN.debug("{} while Spark stopped: {} ({})", event.getLoggerName(), message, t.toString());
            return Filter.Result.DENY;
        }
        if (namesUserError(message, event.getThrown())) {
            Matcher m = STAGE.matcher(message);
            if (m.find()) {
                userErrorStages.add(m.group(1));
            }
            return Filter.Result.DENY;
        }
        if (message.endsWith("aborting job")) {
            Matcher m = STAGE.matcher(message);
            if (m.find() && userErrorStages.contains(m.group(1))) {
                return Filter.Result.DENY;
            }
        }
        return Filter.Result.NEUTRAL;
    }

    /** Whether the message or any throwable of the cause chain (or its message) is a user error. */
    static boolean namesUserError(String message, Throwable t) {
        if (namesUserErrorClass(message)) {
            return true;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof MusubiUserException || namesUserErrorClass(c.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /** Whether a text names {@link MusubiUserException} or one of its subclasses. */
    private static boolean namesUserErrorClass(String text) {
        if (text == null || !text.contains("org.musubi.")) {
            return false;
        }
        if (text.contains(USER)) {
            return true;
        }
        Matcher m = MUSUBI_CLASS.matcher(text);
        while (m.find()) {
            try {
                Class<?> c = Class.forName(m.group(1), false, TaskErrorLogFilter.class.getClassLoader());
                if (MusubiUserException.class.isAssignableFrom(c)) {
                    return true;
                }
            } catch (ClassNotFoundException | LinkageError e) {
                // not a class of this build: not a user error
            }
        }
        return false;
    }
}
