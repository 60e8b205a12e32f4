package org.musubi.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.jobs.server.JobServer;
import org.musubi.jobs.server.ServerClient;
import org.musubi.jobs.server.ServerProtocol;

/**
 * {@code musubi server}: jobs handed to a warm session give the same outputs, exit codes and error lines as on their
 * own, one after another in one session; a job with other Spark settings or from another directory is handed back;
 * a job's {@code --log-level} does not outlive it; status and stop.
 */
@Tag("slow")
class ServerJobTest {
    @TempDir
    Path tmp;

    record Reply(int exit, String out, String err) {}

    Reply client(Path socket, String cwd, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = ServerClient.run(socket, cwd, List.of(args), out, e);
        }
        return new Reply(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void jobsOnAWarmSessionMatchJobsOnTheirOwn() throws Exception {
        String cwd = System.getProperty("user.dir");
        Path sim = tmp.resolve("sim");
        Path table = sim.resolve("bankA/cohort.mvt");
        List<String> simulate = List.of(
                "simulate",
                "--banks",
                "1",
                "--samples",
                "60",
                "--variants",
                "300",
                "--causal",
                "2",
                "--format",
                "table",
                "--out",
                sim.toString(),
                "--master",
                "local[2]",
                "--log-level",
                "WARN");
        assertThat(Musubi.execute(simulate.toArray(String[]::new))).isZero();
        Path cold = tmp.resolve("cold");
        assertThat(Musubi.execute(
                        "freq",
                        "--table",
                        table.toString(),
                        "--strata",
                        "none",
                        "--out",
                        cold.toString(),
                        "--master",
                        "local[2]",
                        "--log-level",
                        "WARN"))
                .isZero();

        Path socket = tmp.resolve("s.sock");
        ExecutorService ex = Executors.newSingleThreadExecutor();
        Future<Integer> server = ex.submit(() -> Musubi.execute(
                "server",
                "run",
                "--socket",
                socket.toString(),
                "--master",
                "local[2]",
                "--idle-minutes",
                "0",
                "--log-level",
                "INFO"));
        try {
            for (int i = 0; i < 600 && !JobServer.answers(socket); i++) {
                assertThat(server.isDone()).as("the server ended early").isFalse();
                Thread.sleep(100);
            }
            assertThat(JobServer.answers(socket)).isTrue();
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
                    .isEqualTo("rw-------");

            // two runs in one session, each equal to the run on its own (the same session carries nothing over)
            for (String name : List.of("warm1", "warm2")) {
                Path out = tmp.resolve(name);
                Reply r = client(
                        socket, cwd, "freq", "--table", table.toString(), "--strata", "none", "--out", out.toString());
                assertThat(r.exit()).as(r.err()).isZero();
                assertThat(r.err()).contains("freq: output in " + out);
                assertThat(Files.readAllBytes(out.resolve("frequencies.sites.vcf.gz")))
                        .isEqualTo(Files.readAllBytes(cold.resolve("frequencies.sites.vcf.gz")));
                assertThat(rows(out)).isEqualTo(rows(cold));
            }

            // a user error: exit 1, one line, as on its own
            Reply bad = client(
                    socket,
                    cwd,
                    "freq",
                    "--table",
                    tmp.resolve("nope").toString(),
                    "--out",
                    tmp.resolve("x").toString());
            assertThat(bad.exit()).isEqualTo(1);
            assertThat(bad.err().strip().lines()).singleElement().asString().startsWith("musubi freq: error: table");

            // a job's --log-level is its own: WARN hides the INFO lines of that job only
            Reply quiet = client(socket, cwd, "inspect", "--table", table.toString(), "--log-level", "WARN");
            assertThat(quiet.exit()).isZero();
            assertThat(quiet.out()).contains("samples");
            Reply warm3 = client(
                    socket,
                    cwd,
                    "freq",
                    "--table",
                    table.toString(),
                    "--strata",
                    "none",
                    "--out",
                    tmp.resolve("warm3").toString(),
                    "--log-level",
                    "WARN");
            assertThat(warm3.err()).doesNotContain(" INFO ");
            Reply loud = client(
                    socket,
                    cwd,
                    "freq",
                    "--table",
                    table.toString(),
                    "--strata",
                    "none",
                    "--out",
                    tmp.resolve("warm4").toString());
            assertThat(loud.err()).contains(" INFO ");

            // handed back: other Spark settings, another directory (relative paths would resolve elsewhere)
            Reply conf = client(
                    socket,
                    cwd,
                    "freq",
                    "--table",
                    table.toString(),
                    "--out",
                    tmp.resolve("y").toString(),
                    "--conf",
                    "spark.sql.shuffle.partitions=3");
            assertThat(conf.exit()).isEqualTo(ServerProtocol.RUN_HERE_EXIT);
            assertThat(conf.err()).contains("differ from the server's (spark.sql.shuffle.partitions)");
            assertThat(tmp.resolve("y")).doesNotExist();
            Reply master = client(
                    socket,
                    cwd,
                    "freq",
                    "--table",
                    table.toString(),
                    "--out",
                    tmp.resolve("y").toString(),
                    "--master",
                    "local[1]");
            assertThat(master.exit()).isEqualTo(ServerProtocol.RUN_HERE_EXIT);
            assertThat(master.err()).contains("(spark.master)");
            Reply elsewhere = client(socket, tmp.toString(), "inspect", "--table", table.toString());
            assertThat(elsewhere.exit()).isEqualTo(ServerProtocol.RUN_HERE_EXIT);
            assertThat(elsewhere.err()).contains("the server runs jobs started in");

            Reply status = client(socket, cwd, "server", "status");
            assertThat(status.exit()).isZero();
            assertThat(status.out()).contains("local[2]").contains("job(s) run");
            Reply stop = client(socket, cwd, "server", "stop");
            assertThat(stop.exit()).isZero();
            assertThat(server.get(60, TimeUnit.SECONDS)).isZero();
            assertThat(socket).doesNotExist();
            assertThat(client(socket, cwd, "inspect", "--table", table.toString())
                            .exit())
                    .as("no server: the client hands the job back")
                    .isEqualTo(ServerProtocol.RUN_HERE_EXIT);
        } finally {
            if (!server.isDone()) {
                client(socket, cwd, "server", "stop");
                server.get(60, TimeUnit.SECONDS);
            }
            ex.shutdownNow();
        }
    }

    /** The Parquet rows of a freq output, sorted (read with Spark SQL in the server's session, the default one). */
    static List<String> rows(Path out) {
        SparkSession s = SparkSession.getDefaultSession().get();
        List<String> rows = new ArrayList<>();
        for (org.apache.spark.sql.Row r :
                s.read().parquet(out.resolve("frequencies.parquet").toString()).collectAsList()) {
            rows.add(r.toString());
        }
        rows.sort(null);
        return rows;
    }
}
