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
    static final class FakeRunner implements JobServer.JobRunner {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch cancelled = new CountDownLatch(1);

        @Override
        public int run(List<String> args) throws Exception {
            switch (args.get(0)) {
                case "block" -> {
                    started.countDown();
                    release.await(30, TimeUnit.SECONDS);
                    return 0;
                }
                case "echo" -> {
                    System.out.println("out: " + String.join(" ", args.subList(1, args.size())));
                    System.err.println("err: ünïcödé");
                    return 0;
                }
                case "crash" -> {
                    return 2;
                }
                default -> {
                    return 3;
                }
            }
        }

        @Override
        public void cancel() {
            cancelled.countDown();
            release.countDown();
        }

        @Override
        public String declined() {
            return null;
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
}
