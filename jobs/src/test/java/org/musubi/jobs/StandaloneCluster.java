package org.musubi.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A real Spark standalone cluster on 127.0.0.1 for the integration tests: one master and N workers, each in its own
 * JVM, started from the Maven-resolved Spark jars ({@code jobs/target/spark-classpath.txt}: Spark and what it
 * brings, nothing of Musubi) — no Spark download. Workers launch executors (more JVMs) the way a Spark distribution
 * does: from a {@code SPARK_HOME} whose {@code jars/} links those same jars (plus the {@code RELEASE} marker the
 * launcher looks for). Jobs reach Musubi's classes only through the shaded jobs jar that spark-submit ships.
 */
final class StandaloneCluster implements AutoCloseable {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path SPARK_CLASSPATH = ROOT.resolve("jobs/target/spark-classpath.txt");

    private final Path dir;
    private final int port;
    private final int uiPort;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private StandaloneCluster(Path dir, int port, int uiPort, Process master) {
        this.dir = dir;
        this.port = port;
        this.uiPort = uiPort;
        this.master = master;
    }

    /** Starts a master and {@code workerCount} workers (1 core, 1 GiB each) and waits until all are registered. */
    static StandaloneCluster start(Path dir, int workerCount) throws IOException, InterruptedException {
        Path home = dir.resolve("spark-home");
        Files.createDirectories(home.resolve("jars"));
        // The launcher takes jars/ of a SPARK_HOME that has a RELEASE file (a binary distribution's layout).
        Files.writeString(home.resolve("RELEASE"), "Spark 3.5 (Maven-resolved jars, Musubi integration tests)\n");
        for (String jar : sparkClasspath()) {
            Path src = Path.of(jar);
            Path link = home.resolve("jars").resolve(src.getFileName());
            if (!Files.exists(link)) {
                Files.createSymbolicLink(link, src);
            }
        }
        int port = freePort();
        int uiPort = freePort();
        Process master = daemon(
                dir,
                home,
                "master",
                List.of(
                        "org.apache.spark.deploy.master.Master",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(port),
                        "--webui-port",
                        Integer.toString(uiPort)));
        StandaloneCluster c = new StandaloneCluster(dir, port, uiPort, master);
        try {
            c.await("the master's web UI answers", Duration.ofSeconds(60), () -> c.stateOrNull() != null);
            for (int i = 0; i < workerCount; i++) {
                Path work = Files.createDirectories(dir.resolve("work-" + i));
                c.workers.add(daemon(
                        dir,
                        home,
                        "worker-" + i,
                        List.of(
                                "org.apache.spark.deploy.worker.Worker",
                                "--host",
                                "127.0.0.1",
                                "--webui-port",
                                Integer.toString(freePort()),
                                "--cores",
                                "1",
                                "--memory",
                                "1g",
                                "--work-dir",
                                work.toString(),
                                c.url())));
            }
            c.await(workerCount + " workers ALIVE", Duration.ofSeconds(90), () -> c.aliveWorkers() == workerCount);
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** The master URL, {@code spark://127.0.0.1:port}. */
    String url() {
        return "spark://127.0.0.1:" + port;
    }

    /** The directory holding the daemons' logs and the workers' work directories (executor logs). */
    Path dir() {
        return dir;
    }

    /** The master's state as its web UI reports it ({@code /json/}: workers, active and completed applications). */
    JsonNode state() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + "/json/"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("master UI answered " + r.statusCode());
        }
        return new ObjectMapper().readTree(r.body());
    }

    private JsonNode stateOrNull() {
        try {
            return state();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    int aliveWorkers() {
        JsonNode s = stateOrNull();
        return s == null ? -1 : s.path("aliveworkers").asInt(-1);
    }

    /** The executor JVMs (CoarseGrainedExecutorBackend) the workers of this cluster run now. */
    List<ProcessHandle> executors() {
        List<ProcessHandle> out = new ArrayList<>();
        for (Process w : workers) {
            w.descendants()
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
                    .forEach(out::add);
        }
        return out;
    }

    /** Polls {@code condition} every 50 ms; fails naming {@code what} (and the daemons' logs) on timeout. */
    void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what + "; logs in " + dir);
            }
            if (!master.isAlive()) {
                throw new AssertionError("the Spark master exited (" + master.exitValue() + "); see " + dir);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        List<ProcessHandle> all = new ArrayList<>();
        for (Process w : workers) {
            w.descendants().forEach(all::add);
            all.add(w.toHandle());
        }
        all.add(master.toHandle());
        for (ProcessHandle p : all) {
            p.destroy();
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
    }

    /** The JVM flags Spark needs on Java 17 (the root pom's spark.java17.flags, passed in by failsafe). */
    static List<String> java17Flags() {
        String flags = System.getProperty("musubi.java17.flags", "");
        return flags.isBlank() ? List.of() : Arrays.asList(flags.trim().split("\\s+"));
    }

    static List<String> sparkClasspath() throws IOException {
        if (!Files.exists(SPARK_CLASSPATH)) {
            throw new IllegalStateException(SPARK_CLASSPATH + " is missing: run the ITs through mvn verify");
        }
        return Arrays.stream(Files.readString(SPARK_CLASSPATH).trim().split(":"))
                .filter(s -> !s.isBlank())
                .toList();
    }

    private static Process daemon(Path dir, Path home, String name, List<String> mainAndArgs) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.addAll(java17Flags());
        cmd.add("-cp");
        cmd.add(home.resolve("jars").toString() + "/*");
        cmd.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.12");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().remove("SPARK_CONF_DIR");
        Path log = dir.resolve(name + ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + p + ": " + e + ")";
        }
    }
}
