package org.musubi.jobs;

import java.io.PrintWriter;
import org.musubi.Version;
import org.musubi.error.ExitCode;
import org.musubi.error.MusubiUserException;
import org.musubi.jobs.server.ServerProtocol;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The launcher: {@code musubi <job> [options]}. Maps job names to job classes explicitly and maps failures to exit
 * codes in one place: user errors print one line and exit 1 (stack trace only with {@code --debug}); anything else
 * is an internal error and exits 2.
 */
@Command(
        name = "musubi",
        mixinStandardHelpOptions = true,
        versionProvider = Musubi.VersionProvider.class,
        description = "Musubi: variant analytics on Apache Spark.%n",
        subcommands = {
            IngestJob.class,
            ExportJob.class,
            InspectJob.class,
            QcJob.class,
            WgrJob.class,
            GwasJob.class,
            PrsJob.class,
            FreqJob.class,
            FreqMergeJob.class,
            MetaJob.class,
            SimulateJob.class,
            ReportJob.class,
            DemoJob.class,
            ServerJob.class
        },
        footer = {
            "",
            "Run 'bin/musubi <job> --help' for a job's options and an example.",
            "Jobs run in embedded Spark (--master local[*], the default) or on a cluster",
            "(spark-submit): --master spark://host:7077, yarn, k8s://https://host:port."
        })
public final class Musubi implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a job and returns its exit code; never calls System.exit (tests use this). */
    public static int execute(String... args) {
        boolean debug = false;
        for (String a : args) {
            debug |= a.equals("--debug");
        }
        final boolean showTrace = debug;
        CommandLine cl = new CommandLine(new Musubi());
        if (args.length == 0 || !args[0].startsWith("-") && !cl.getSubcommands().containsKey(args[0])) {
            // No job, or a job name that is not one: a user error with the list of jobs, not picocli's index message.
            PrintWriter err = cl.getErr();
            err.println(args.length == 0 ? "musubi: error: name a job" : unknownJob(args[0], cl));
            err.println();
            cl.usage(err);
            err.flush();
            return ExitCode.USER_ERROR.code;
        }
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (ex instanceof JobBase.RunElsewhere) {
                return ServerProtocol.RUN_HERE_EXIT; // a server declined the job; the client runs it (nothing printed)
            }
            PrintWriter err = cmd.getErr();
            MusubiUserException user = ExitCode.userCause(ex);
            if (user != null) {
                err.println("musubi " + cmd.getCommandName() + ": error: " + user.getMessage());
                if (showTrace) {
                    ex.printStackTrace(err);
                }
                err.flush();
                return ExitCode.USER_ERROR.code;
            }
            err.println("musubi " + cmd.getCommandName() + ": internal error (please report it): " + ex);
            ex.printStackTrace(err);
            err.flush();
            return ExitCode.INTERNAL_ERROR.code;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            String job =
                    ex.getCommandLine() == cl ? "" : " " + ex.getCommandLine().getCommandName();
            err.println("musubi" + job + ": error: " + ex.getMessage());
            err.println("Run 'bin/musubi" + job + " --help' for usage.");
            err.flush();
            return ExitCode.USER_ERROR.code;
        });
        return cl.execute(args);
    }

    /** "unknown job 'gwsa' (did you mean gwas?)": the nearest job name within two edits, if any. */
    static String unknownJob(String name, CommandLine cl) {
        String best = null;
        int bestDistance = 3;
        for (String job : cl.getSubcommands().keySet()) {
            int d = editDistance(name.toLowerCase(java.util.Locale.ROOT), job);
            if (d < bestDistance) {
                best = job;
                bestDistance = d;
            }
        }
        return "musubi: error: unknown job '" + name + "'" + (best == null ? "" : " (did you mean " + best + "?)");
    }

    /** Levenshtein distance, a transposition of two neighbours counting one edit. */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            for (int j = 0; j <= b.length(); j++) {
                if (i == 0 || j == 0) {
                    d[i][j] = i + j;
                    continue;
                }
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"musubi " + Version.ENGINE};
        }
    }
}
