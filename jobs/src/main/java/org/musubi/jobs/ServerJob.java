package org.musubi.jobs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.musubi.error.MusubiUserException;
import org.musubi.integrity.OutputDigests;
import org.musubi.integrity.WrittenDigests;
import org.musubi.jobs.server.JobServer;
import org.musubi.jobs.server.ServerClient;
import org.musubi.jobs.server.ServerProtocol;
import org.musubi.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code musubi server}: a warm engine for embedded mode. One JVM keeps a Spark session (and the JIT's compiled code)
 * for the jobs started in one directory; {@code bin/musubi} hands them to it ({@link JobServer}), so they skip the
 * JVM and Spark start-up that a short job otherwise spends most of its time on. Jobs run one at a time with the same
 * settings as on their own; a job with other Spark settings, from another directory, or arriving while one runs, runs
 * in its own JVM as without a server.
 */
@Command(
        name = "server",
        header = "Keep Spark warm for the next jobs started in this directory.",
        sortOptions = false,
        description = {
            "bin/musubi server start runs it in the background; from then on jobs started in this directory run in"
                    + " its session, without the JVM and Spark start-up: embedded mode, no --conf of their own, and a"
                    + " --master, if given, that is the server's (a job without one takes the server's). Jobs run one at a time, with the server's JVM options (MUSUBI_JAVA_OPTS when it"
                    + " started) and environment; their output and exit codes are as on their own. 'bin/musubi server"
                    + " status' says what it is doing (warming up, once ready, until --warm-up ends or the first job arrives), 'bin/musubi server stop' ends it; it stops by itself after"
                    + " --idle-minutes without a job. MUSUBI_SERVER=0 runs a job in its own JVM even when a server is"
                    + " up."
        },
        footer = {
            "",
            "Example (then any job started here, e.g. bin/musubi freq ..., runs in it):",
            "  bin/musubi server start --idle-minutes 120",
            "  bin/musubi server status",
            "  bin/musubi server stop"
        })
public final class ServerJob extends JobBase {
    @Parameters(
            index = "0",
            arity = "0..1",
            defaultValue = "run",
            paramLabel = "ACTION",
            description = "run (in the foreground; 'bin/musubi server start' runs it in the background), status, stop")
    String action;

    @Option(
            names = "--socket",
            paramLabel = "FILE",
            description = "the server's Unix socket (bin/musubi chooses one per directory)")
    Path socket;

    @Option(
            names = "--idle-minutes",
            paramLabel = "N",
            description = "stop after N minutes without a job (0: never; default 60)")
    int idleMinutes = 60;

    @Option(
            names = "--warm-up",
            negatable = true,
            description = "once ready, run a small demo in the background so that the JIT compiles the jobs' code"
                    + " before the first job (the first job to arrive ends it; default on, --no-warm-up: off)")
    boolean warmUp = true;

    @Override
    protected String name() {
        return "server";
    }

    @Override
    protected void validate() {
        if (!List.of("run", "status", "stop").contains(action)) {
            throw new MusubiUserException("server " + action + ": use start, status or stop (run: in the foreground)");
        }
        if (socket == null) {
            throw new MusubiUserException(
                    "--socket FILE is missing: bin/musubi sets it (bin/musubi server start, status or stop)");
        }
        if (idleMinutes < 0) {
            throw new MusubiUserException("--idle-minutes " + idleMinutes + ": use 0 (never) or a positive number");
        }
    }

    @Override
    Integer runWithoutSpark(SparkConf settings) {
        if (action.equals("run")) {
            if (!SparkSessions.isLocal(settings.get("spark.master"))) {
                throw new MusubiUserException("the server runs embedded Spark (--master local[N]); on a cluster,"
                        + " submit jobs as they are");
            }
            if (JobServer.answers(socket)) {
                throw new MusubiUserException(
                        "a server already answers on " + socket + ": 'bin/musubi server stop' ends it");
            }
            return null; // start the session and serve
        }
        int code = ServerClient.run(
                socket, System.getProperty("user.dir"), List.of("server", action), System.out, System.err);
        if (code == ServerProtocol.RUN_HERE_EXIT) {
            System.out.println("musubi server: none running for " + Path.of("").toAbsolutePath());
            return action.equals("stop") ? 0 : 1;
        }
        return code;
    }

    @Override
    protected int run(SparkSession spark) throws Exception {
        SparkConf own = sparkSettings();
        Level level = LogManager.getLogger("org.musubi").getLevel();
        String description =
                spark.sparkContext().master() + ", heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB";
        JobServer server = new JobServer(
                socket,
                Path.of("").toAbsolutePath().toRealPath(),
                Duration.ofMinutes(idleMinutes),
                description,
                new JobServer.JobRunner() {
                    @Override
                    public JobServer.Outcome run(List<String> args) {
                        WarmSession session = new WarmSession(spark, own);
                        WARM.set(session);
                        // what a JVM remembers of a job's integrity checks: each job checks what it reads anew
                        OutputDigests.forgetChecked();
                        WrittenDigests.forgetAll();
                        try {
                            int code = Musubi.execute(args.toArray(String[]::new));
                            return code == ServerProtocol.RUN_HERE_EXIT && session.declined != null
                                    ? JobServer.Outcome.declined(session.declined)
                                    : JobServer.Outcome.exit(code);
                        } finally {
                            WARM.remove();
                            Configurator.setLevel("org.musubi", level); // a job's --log-level is its own
                        }
                    }

                    @Override
                    public void cancel() {
                        spark.sparkContext().cancelAllJobs();
                    }
                },
                warmUp ? new ServerWarmUp(spark) : null);
        server.serve();
        return 0;
    }
}
