package org.musubi.jobs;

import java.io.PrintWriter;
import org.musubi.Version;
import org.musubi.error.ExitCode;
import org.musubi.error.MusubiUserException;
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
            GwasJob.class,
            PrsJob.class,
            FreqJob.class,
            FreqMergeJob.class,
            MetaJob.class,
            SimulateJob.class,
            ReportJob.class,
            DemoJob.class
        },
        footer = {
            "",
            "Run 'musubi <job> --help' for a job's options and an example.",
            "Jobs run in embedded Spark (--master local[*], the default) or on a cluster",
            "(--master spark://host:7077 | yarn | k8s://https://host:port) through spark-submit."
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
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
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
            err.println("musubi " + ex.getCommandLine().getCommandName() + ": error: " + ex.getMessage());
            err.println("Run 'musubi " + ex.getCommandLine().getCommandName() + " --help' for usage.");
            err.flush();
            return ExitCode.USER_ERROR.code;
        });
        return cl.execute(args);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"musubi " + Version.ENGINE};
        }
    }
}
