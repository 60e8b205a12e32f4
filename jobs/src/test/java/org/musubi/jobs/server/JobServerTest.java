package org.musubi.jobs.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's socket side without Spark: frames, one job at a time, cancel on a client that goes away, idle stop. */
class JobServerTest {
    @TempDir
    Path tmp;

    final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** A runner whose job "block" waits for {@link #release}, "echo" prints its arguments, "fail" exits 3. */
    static class FakeRunner implements JobServer.JobRunner {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch cancelled = new CountDownLatch(1);

        @Override
        public JobServer.Outcome run(List<String> args) throws Exception {
            switch (args.get(0)) {
                case "block" -> {
                    started.countDown();
                    release.await(30, TimeUnit.SECONDS);
                    return JobServer.Outcome.exit(0);
                }
                case "echo" -> {
                    System.out.println("out: " + String.join(" ", args.subList(1, args.size())));
                    System.err.println("err: ünïcödé");
                    return JobServer.Outcome.exit(0);
                }
                case "crash" -> {
                    return JobServer.Outcome.exit(2);
                }
                case "decline" -> {
                    return JobServer.Outcome.declined("its Spark settings differ (spark.x)");
                }
                default -> {
                    return JobServer.Outcome.exit(3);
                }
            }
        }

        @Override
        public void cancel() {
            cancelled.countDown();
            release.countDown();
        }
    }

    record Reply(int exit, String out, String err) {}

    static Reply call(Path socket, String cwd, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = ServerClient.run(socket, cwd, List.of(args), out, e);
        }
        return new Reply(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Future<?> serve(JobServer s, Path socket) throws Exception {
        Future<?> f = pool.submit(() -> {
            s.serve();
            return null;
        });
        for (int i = 0; i < 100 && !JobServer.answers(socket); i++) {
            Thread.sleep(50);
        }
        assertThat(JobServer.answers(socket)).isTrue();
        return f;
    }

    @Test
    void framesOneJobAtATimeCancelAndStop() throws Exception {
        Path socket = tmp.resolve("t.sock");
        Path cwd = tmp.toRealPath();
        FakeRunner runner = new FakeRunner();
        Future<?> served = serve(new JobServer(socket, cwd, Duration.ZERO, "test", runner), socket);

        Reply echo = call(socket, cwd.toString(), "echo", "a", "b");
        assertThat(echo.exit()).isZero();
        assertThat(echo.out()).isEqualTo("out: a b\n");
        assertThat(echo.err()).isEqualTo("err: ünïcödé\n");
        assertThat(call(socket, cwd.toString(), "fail").exit()).isEqualTo(3);
        assertThat(call(socket, tmp.resolve("..").toString(), "echo").exit()).isEqualTo(ServerProtocol.RUN_HERE_EXIT);

        // a job that runs: a second one is handed back; its client going away cancels it
        SocketChannel first = SocketChannel.open(StandardProtocolFamily.UNIX);
        first.connect(UnixDomainSocketAddress.of(socket));
        java.io.DataOutputStream req = new java.io.DataOutputStream(ServerProtocol.output(first));
        ServerProtocol.writeRequest(req, cwd.toString(), ServerProtocol.launch(), List.of("block"));
        assertThat(runner.started.await(10, TimeUnit.SECONDS)).isTrue();
        Reply busy = call(socket, cwd.toString(), "echo");
        assertThat(busy.exit()).isEqualTo(ServerProtocol.RUN_HERE_EXIT);
        assertThat(busy.err()).contains("running another job (block)");
        assertThat(call(socket, cwd.toString(), "server", "status").out()).contains("running: block");
        first.close();
        assertThat(runner.cancelled.await(10, TimeUnit.SECONDS))
                .as("cancelled when its client left")
                .isTrue();
        for (int i = 0; i < 100 && call(socket, cwd.toString(), "echo").exit() != 0; i++) {
            Thread.sleep(50); // the cancelled job's connection winds down
        }
        assertThat(call(socket, cwd.toString(), "echo", "again").out()).isEqualTo("out: again\n");

        // another heap or class path than the server's: handed back
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            java.io.DataOutputStream r = new java.io.DataOutputStream(ServerProtocol.output(ch));
            ServerProtocol.writeRequest(
                    r, cwd.toString(), "MUSUBI_JAVA_OPTS=-Xmx99g\nMUSUBI_EXTRA_JARS=", List.of("echo"));
            java.io.DataInputStream in = new java.io.DataInputStream(ServerProtocol.input(ch));
            assertThat(in.readByte()).isEqualTo(ServerProtocol.RUN_HERE);
            assertThat(ServerProtocol.readString(in))
                    .contains("launcher settings differ")
                    .contains("-Xmx99g");
        }

        Reply stop = call(socket, cwd.toString(), "server", "stop");
        assertThat(stop.out()).startsWith("musubi server: stopping");
        served.get(10, TimeUnit.SECONDS);
        assertThat(socket).doesNotExist();
        assertThat(JobServer.answers(socket)).isFalse();
    }

    /**
     * bin/server-client.pl, the client bin/musubi runs (perl), run as bin/musubi runs it: {@code SOCKET ARG...} in the
     * job's directory, with the given launcher settings in its environment.
     */
    static Reply perlCall(Path socket, Path cwd, String javaOpts, String... args) throws Exception {
        Process p = perlClient(socket, cwd, javaOpts, args).start();
        Future<byte[]> err = Executors.newSingleThreadExecutor()
                .submit(() -> p.getErrorStream().readAllBytes());
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Reply(
                p.exitValue(),
                new String(out, StandardCharsets.UTF_8),
                new String(err.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    }

    static ProcessBuilder perlClient(Path socket, Path cwd, String javaOpts, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                "perl",
                Path.of("..", "bin", "server-client.pl").toAbsolutePath().toString(),
                socket.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().put("MUSUBI_JAVA_OPTS", javaOpts);
        return pb;
    }

    static boolean hasPerl() {
        try {
            return new ProcessBuilder("perl", "-MSocket", "-e", "1").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** The perl client and the Java client give the same replies, byte for byte, for every kind of reply. */
    @Test
    void thePerlClientRelaysAsTheJavaClientDoes() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(hasPerl(), "no perl here: bin/musubi uses the Java client");
        Path socket = tmp.resolve("p.sock");
        Path cwd = tmp.toRealPath();
        String opts = System.getenv("MUSUBI_JAVA_OPTS") == null ? "" : System.getenv("MUSUBI_JAVA_OPTS");
        assertThat(perlCall(socket, cwd, opts, "echo").exit())
                .as("no server on the socket: run it here")
                .isEqualTo(ServerProtocol.RUN_HERE_EXIT);
        FakeRunner runner = new FakeRunner();
        Future<?> served = serve(new JobServer(socket, cwd, Duration.ZERO, "test", runner), socket);

        for (String[] args :
                List.of(new String[] {"echo", "a b", "ünïcödé", ""}, new String[] {"fail"}, new String[] {"decline"})) {
            Reply perl = perlCall(socket, cwd, opts, args);
            Reply java = call(socket, cwd.toString(), args);
            assertThat(perl).as(String.join(" ", args)).isEqualTo(java);
        }
        assertThat(perlCall(socket, cwd, opts, "echo", "a b", "ünïcödé").out()).isEqualTo("out: a b ünïcödé\n");
        assertThat(perlCall(socket, cwd, opts, "fail").exit()).isEqualTo(3);
        assertThat(perlCall(socket, cwd, opts, "decline").err())
                .isEqualTo("musubi: its Spark settings differ (spark.x): running the job in its own JVM\n");
        Reply other = perlCall(socket, cwd, "-Xmx99g", "echo");
        assertThat(other.exit()).isEqualTo(ServerProtocol.RUN_HERE_EXIT);
        assertThat(other.err()).contains("launcher settings differ", "MUSUBI_JAVA_OPTS=-Xmx99g");
        Path sub = java.nio.file.Files.createDirectory(cwd.resolve("elsewhere"));
        assertThat(perlCall(socket, sub, opts, "echo").exit())
                .as("another directory's job")
                .isEqualTo(ServerProtocol.RUN_HERE_EXIT);

        // a job that runs: ending the perl client cancels it. SIGTERM, not SIGINT: a JVM started from a background
        // job of a non-interactive shell (a CI runner) hands its children SIGINT ignored; in a terminal, Ctrl-C ends
        // perl by the same default action.
        Process blocked = perlClient(socket, cwd, opts, "block").start();
        assertThat(runner.started.await(10, TimeUnit.SECONDS)).isTrue();
        blocked.destroy();
        assertThat(runner.cancelled.await(10, TimeUnit.SECONDS))
                .as("cancelled when its client was ended")
                .isTrue();
        blocked.waitFor(10, TimeUnit.SECONDS);
        for (int i = 0; i < 100 && perlCall(socket, cwd, opts, "echo").exit() != 0; i++) {
            Thread.sleep(50); // the cancelled job's connection winds down
        }

        // an internal error: the job's exit code and the server's last words, and the server stops
        Reply crash = perlCall(socket, cwd, opts, "crash");
        assertThat(crash.exit()).isEqualTo(2);
        assertThat(crash.err()).startsWith("musubi server: stopping after this internal error");
        served.get(10, TimeUnit.SECONDS);
        assertThat(perlCall(socket, cwd, opts, "echo").exit()).isEqualTo(ServerProtocol.RUN_HERE_EXIT);
    }

    /** Sends raw bytes as a request; returns the server's reason for handing it back, or null if it just closed. */
    static String rawRequest(Path socket, byte[] bytes, boolean closeOutput) throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ServerProtocol.output(ch).write(bytes);
            if (closeOutput) {
                ch.shutdownOutput();
            }
            java.io.DataInputStream in = new java.io.DataInputStream(ServerProtocol.input(ch));
            int tag = in.read();
            if (tag < 0) {
                return null;
            }
            assertThat((byte) tag).isEqualTo(ServerProtocol.RUN_HERE);
            return ServerProtocol.readString(in);
        }
    }

    static byte[] ints(int... values) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * values.length);
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }

    @Test
    void requestsItCannotReadAreHandedBackAndTheServerGoesOn() throws Exception {
        Path socket = tmp.resolve("m.sock");
        Path cwd = tmp.toRealPath();
        Future<?> served = serve(new JobServer(socket, cwd, Duration.ZERO, "test", new FakeRunner()), socket);

        assertThat(rawRequest(socket, "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII), false))
                .contains("cannot read this request", "magic number 47455420");
        assertThat(rawRequest(socket, ints(ServerProtocol.MAGIC, -5), false)).contains("string length -5");
        assertThat(rawRequest(socket, ints(ServerProtocol.MAGIC, ServerProtocol.MAX_STRING + 1), false))
                .contains("string length " + (ServerProtocol.MAX_STRING + 1));
        assertThat(rawRequest(socket, ints(ServerProtocol.MAGIC, 0, 0, ServerProtocol.MAX_ARGS + 1), false))
                .contains("argument count " + (ServerProtocol.MAX_ARGS + 1));
        // strings past the request's total budget: refused before their bytes are read
        byte[] many = ints(ServerProtocol.MAGIC, 0, 0, 100);
        java.io.ByteArrayOutputStream big = new java.io.ByteArrayOutputStream();
        big.write(many);
        for (int i = 0; i < 16; i++) {
            big.write(ints(ServerProtocol.MAX_STRING));
            big.write(new byte[ServerProtocol.MAX_STRING]);
        }
        big.write(ints(ServerProtocol.MAX_STRING));
        assertThat(rawRequest(socket, big.toByteArray(), false)).contains("string length");
        assertThat(rawRequest(socket, ints(ServerProtocol.MAGIC, 3), true)).contains("ends early");
        assertThat(rawRequest(socket, new byte[0], true))
                .as("a probe: nothing sent, nothing answered")
                .isNull();

        // none of it stopped the server or left it busy; a declined job is handed back with its reason
        assertThat(call(socket, cwd.toString(), "echo", "ok").out()).isEqualTo("out: ok\n");
        Reply declined = call(socket, cwd.toString(), "decline");
        assertThat(declined.exit()).isEqualTo(ServerProtocol.RUN_HERE_EXIT);
        assertThat(declined.err()).contains("its Spark settings differ (spark.x)");
        assertThat(call(socket, cwd.toString(), "server", "status").out()).contains("2 job(s) run", "idle for");
        call(socket, cwd.toString(), "server", "stop");
        served.get(10, TimeUnit.SECONDS);
    }

    @Test
    void stopsAfterAnInternalError() throws Exception {
        Path socket = tmp.resolve("c.sock");
        Path cwd = tmp.toRealPath();
        Future<?> served = serve(new JobServer(socket, cwd, Duration.ZERO, "test", new FakeRunner()), socket);
        Reply crash = call(socket, cwd.toString(), "crash");
        assertThat(crash.exit()).isEqualTo(2);
        assertThat(crash.err()).contains("musubi server: stopping after this internal error");
        served.get(10, TimeUnit.SECONDS);
        assertThat(socket).doesNotExist();
    }

    @Test
    void stopsWhenIdle() throws Exception {
        Path socket = tmp.resolve("i.sock");
        JobServer s = new JobServer(socket, tmp.toRealPath(), Duration.ofMillis(1500), "test", new FakeRunner());
        Future<?> served = serve(s, socket);
        served.get(20, TimeUnit.SECONDS);
        assertThat(socket).doesNotExist();
    }

    /** A warm-up that runs until cancelled, or until {@link #finish} for one that ends by itself. */
    static final class FakeWarmUp implements JobServer.WarmUp {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch finish = new CountDownLatch(1);
        final CountDownLatch ended = new CountDownLatch(1);
        volatile boolean cancelled;

        @Override
        public void run() throws Exception {
            started.countDown();
            try {
                finish.await(30, TimeUnit.SECONDS);
            } finally {
                ended.countDown();
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            finish.countDown();
        }
    }

    @Test
    void theFirstJobEndsTheWarmUpAndRunsOnceItHasEnded() throws Exception {
        Path socket = tmp.resolve("w.sock");
        Path cwd = tmp.toRealPath();
        FakeWarmUp warmUp = new FakeWarmUp();
        FakeRunner runner = new FakeRunner() {
            @Override
            public JobServer.Outcome run(List<String> args) throws Exception {
                // never beside the warm-up: it has returned before a job starts
                System.out.println("warm-up ended before the job: " + (warmUp.ended.getCount() == 0));
                return super.run(args);
            }
        };
        Future<?> served = serve(new JobServer(socket, cwd, Duration.ZERO, "test", runner, warmUp), socket);
        assertThat(warmUp.started.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(call(socket, cwd.toString(), "server", "status").out())
                .contains("0 job(s) run", "warming up (the next job to arrive ends it)");
        assertThat(warmUp.cancelled).isFalse();

        Reply echo = call(socket, cwd.toString(), "echo", "first");
        assertThat(echo.exit()).isZero();
        assertThat(echo.out()).isEqualTo("warm-up ended before the job: true\nout: first\n");
        assertThat(warmUp.cancelled).isTrue();
        assertThat(call(socket, cwd.toString(), "server", "status").out()).contains("1 job(s) run", "idle for");
        assertThat(call(socket, cwd.toString(), "echo", "second").out()).contains("out: second");
        call(socket, cwd.toString(), "server", "stop");
        served.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aWarmUpThatEndsLeavesTheServerIdleAndStopEndsOneThatRuns() throws Exception {
        Path cwd = tmp.toRealPath();
        Path socket = tmp.resolve("d.sock");
        FakeWarmUp done = new FakeWarmUp();
        done.finish.countDown();
        Future<?> served = serve(new JobServer(socket, cwd, Duration.ZERO, "test", new FakeRunner(), done), socket);
        assertThat(done.ended.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0;
                i < 100
                        && call(socket, cwd.toString(), "server", "status")
                                .out()
                                .contains("warming");
                i++) {
            Thread.sleep(20);
        }
        assertThat(call(socket, cwd.toString(), "server", "status").out()).contains("0 job(s) run", "idle for");
        assertThat(done.cancelled).isFalse();
        call(socket, cwd.toString(), "server", "stop");
        served.get(10, TimeUnit.SECONDS);

        // stop while it warms up: the warm-up is cancelled and the server ends
        Path socket2 = tmp.resolve("s.sock");
        FakeWarmUp running = new FakeWarmUp();
        Future<?> served2 =
                serve(new JobServer(socket2, cwd, Duration.ZERO, "test", new FakeRunner(), running), socket2);
        assertThat(running.started.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(call(socket2, cwd.toString(), "server", "stop").out()).contains("musubi server: stopping");
        served2.get(10, TimeUnit.SECONDS);
        assertThat(running.cancelled).isTrue();
        assertThat(socket2).doesNotExist();
    }
}
