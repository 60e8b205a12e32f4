package org.musubi.jobs.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.musubi.error.MusubiUserException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket side of a warm {@code musubi server}: accepts one request per connection on a Unix domain socket (owner
 * only), runs one job at a time through {@link JobRunner} with the process's standard streams sent to that client
 * ({@link ServerProtocol}), and answers {@code server status} and {@code server stop} at any time. A job that arrives
 * while another runs, from another working directory (relative paths would resolve against the server's) or with
 * other launcher settings ({@link ServerProtocol#launch}: heap, class path), is declined, and the client runs it in
 * its own JVM. A client that goes away cancels its job. The server stops on
 * {@code server stop} (after the running job), after a job's internal error (exit 2: its state is not known to be
 * sound) or after an idle period. A {@link WarmUp}, if given, runs once the server listens, while no job has come: the
 * first job to arrive cancels it and waits for it to end, so that a job never waits long for it nor runs beside it.
 */
public final class JobServer {
    private static final Logger LOG = LoggerFactory.getLogger(JobServer.class);

    /** Runs one job's arguments on this thread with System.out/err already redirected. */
    public interface JobRunner {
        Outcome run(List<String> args) throws Exception;

        /** Cancels the running job (its client went away). */
        void cancel();
    }

    /**
     * Work that readies the session for the jobs to come (the JIT compiles their code paths on a small input), run
     * while the server has nothing else to do. {@link #cancel} must make {@link #run} return soon.
     */
    public interface WarmUp {
        void run() throws Exception;

        void cancel();
    }

    /** How long a job waits for a cancelled warm-up to end before it is handed back to run in its own JVM. */
    static final long WARM_UP_CANCEL_WAIT_MS = 60_000;

    /** How a job ended: its exit code, or declined (the client then runs it in its own JVM) with the reason. */
    public record Outcome(int code, String declined) {
        public static Outcome exit(int code) {
            return new Outcome(code, null);
        }

        public static Outcome declined(String why) {
            return new Outcome(ServerProtocol.RUN_HERE_EXIT, why);
        }

        void write(DataOutputStream out) throws IOException {
            if (declined != null) {
                ServerProtocol.writeRunHere(out, declined);
            } else {
                ServerProtocol.writeExit(out, code);
            }
        }
    }

    private final Path socket;
    private final Path cwd;
    private final Duration idle;
    private final String description;
    private final JobRunner runner;
    private final WarmUp warmUp;
    private final String launch = ServerProtocol.launch();
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
    private final Instant started = Instant.now();
    private volatile String running;
    private volatile Thread warmUpThread;
    private int jobs;
    private ServerSocketChannel listener;

    /**
     * @param cwd the server's working directory (a real path): jobs from clients in another directory are declined
     * @param idle stop after this long without a job (zero: never)
     * @param description what {@code server status} says the server is (master, heap)
     */
    public JobServer(Path socket, Path cwd, Duration idle, String description, JobRunner runner) {
        this(socket, cwd, idle, description, runner, null);
    }

    /** @param warmUp run once the server listens, until done or until the first job arrives (null: none) */
    public JobServer(Path socket, Path cwd, Duration idle, String description, JobRunner runner, WarmUp warmUp) {
        this.socket = socket;
        this.cwd = cwd;
        this.idle = idle;
        this.description = description;
        this.runner = runner;
        this.warmUp = warmUp;
    }

    /** Whether a server answers on this socket. */
    public static boolean answers(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Listens until {@code server stop} or the idle period; removes the socket file when it returns. */
    public void serve() throws IOException {
        Files.deleteIfExists(socket); // a stale file (the caller checked that no server answers on it)
        listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        boolean bound = false;
        try {
            try {
                listener.bind(UnixDomainSocketAddress.of(socket));
                bound = true;
            } catch (IOException | RuntimeException e) {
                throw new MusubiUserException("cannot listen on " + socket + " (" + e.getMessage() + "): set"
                        + " MUSUBI_RUN_DIR to a short, writable directory of your own");
            }
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            Thread idleWatch = new Thread(this::watchIdle, "musubi-server-idle");
            idleWatch.setDaemon(true);
            idleWatch.start();
            LOG.info("server: ready ({}), listening on {} for jobs started in {}", description, socket, cwd);
            startWarmUp();
            while (true) {
                SocketChannel ch;
                try {
                    ch = listener.accept();
                } catch (ClosedChannelException e) {
                    break; // stopped
                }
                Thread t = new Thread(() -> serveConnection(ch), "musubi-server-connection");
                t.setDaemon(true);
                t.start();
            }
        } finally {
            listener.close();
            if (bound) {
                Files.deleteIfExists(socket);
                LOG.info("server: stopped after {} job(s)", jobs);
            }
        }
    }

    private void watchIdle() {
        while (listener.isOpen()) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            long quiet = System.nanoTime() - lastActivity.get();
            if (!idle.isZero() && !busy.get() && quiet > idle.toNanos()) {
                LOG.info("server: idle for {} min: stopping", idle.toMinutes());
                closeListener();
                return;
            }
        }
    }

    private void closeListener() {
        try {
            listener.close();
        } catch (IOException e) {
            LOG.debug("closing the listener", e);
        }
    }

    private void serveConnection(SocketChannel ch) {
        try (ch) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(ServerProtocol.input(ch)));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(ServerProtocol.output(ch)));
            in.mark(1);
            if (in.read() < 0) {
                return; // a probe (answers()): connected, sent nothing
            }
            in.reset();
            ServerProtocol.Request req;
            try {
                req = ServerProtocol.readRequest(in);
            } catch (ServerProtocol.MalformedRequest e) {
                // another version of bin/musubi, or not a client at all: it may run the job itself
                LOG.info("server: a request it cannot read ({}): handed back", e.getMessage());
                ServerProtocol.writeRunHere(out, "the server cannot read this request (" + e.getMessage() + ")");
                return;
            }
            List<String> args = req.args();
            if (!args.isEmpty() && args.get(0).equals("server")) {
                control(args, out);
                return;
            }
            String where = sameDirectory(req.cwd());
            if (where == null && !req.launch().equals(launch)) {
                where = "its launcher settings differ from the server's ("
                        + req.launch().replace('\n', ' ') + " here; " + launch.replace('\n', ' ') + " on the server)";
            }
            if (where != null) {
                ServerProtocol.writeRunHere(out, where);
                return;
            }
            if (!claim()) {
                ServerProtocol.writeRunHere(out, "the server is running another job (" + running + ")");
                return;
            }
            Outcome reply;
            try {
                reply = runJob(ch, args, out);
            } finally {
                release();
            }
            // written once the server is free: a client that starts its next job on this reply finds it idle
            reply.write(out);
        } catch (IOException e) {
            LOG.debug("server: connection ended", e);
        }
    }

    /** Starts the warm-up, if any, on a thread of its own; the server counts as busy until it ends. */
    private void startWarmUp() {
        if (warmUp == null) {
            return;
        }
        busy.set(true);
        running = "warm-up";
        Thread t = new Thread(
                () -> {
                    long t0 = System.nanoTime();
                    String how = "done";
                    try {
                        warmUp.run();
                    } catch (Exception | Error e) {
                        how = "ended early (" + e + ")";
                        LOG.debug("server: warm-up", e);
                    } finally {
                        release();
                        warmUpThread =
                                null; // after busy is free: a job that saw it busy joins this thread or finds it free
                    }
                    LOG.info("server: warm-up {} in {} s", how, String.format("%.1f", (System.nanoTime() - t0) / 1e9));
                },
                "musubi-server-warm-up");
        t.setDaemon(true);
        warmUpThread = t;
        t.start();
    }

    /** Frees the server after a job or the warm-up; ends it there if a stop was asked for meanwhile. */
    private void release() {
        running = null;
        lastActivity.set(System.nanoTime());
        busy.set(false);
        if (stopRequested.get()) {
            closeListener();
        }
    }

    /** Takes the server for a job: free, or warming up (cancelled, then waited for); false while a job runs. */
    private boolean claim() {
        if (busy.compareAndSet(false, true)) {
            return true;
        }
        Thread w = warmUpThread;
        if (w != null) {
            warmUp.cancel();
            try {
                w.join(WARM_UP_CANCEL_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return busy.compareAndSet(false, true);
    }

    private String sameDirectory(String clientCwd) {
        try {
            if (Path.of(clientCwd).toRealPath().equals(cwd)) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable directory: decline below
        }
        return "the server runs jobs started in " + cwd + ", not " + clientCwd;
    }

    private void control(List<String> args, DataOutputStream out) throws IOException {
        String action = args.size() > 1 ? args.get(1) : "status";
        PrintStream text =
                new PrintStream(new ServerProtocol.FrameStream(out, ServerProtocol.OUT), true, StandardCharsets.UTF_8);
        switch (action) {
            case "status" -> {
                text.println(status());
                ServerProtocol.writeExit(out, 0);
            }
            case "stop" -> {
                String r = running;
                stopRequested.set(true);
                if (warmUpThread != null) {
                    warmUp.cancel();
                }
                text.println(
                        r == null || warmUpThread != null
                                ? "musubi server: stopping (" + jobs + " job(s) run since " + started + ")"
                                : "musubi server: stopping after the running job (" + r + ")");
                ServerProtocol.writeExit(out, 0);
                if (!busy.get()) {
                    closeListener();
                }
            }
            default -> {
                text.println("musubi server: a server already runs for " + cwd + " (" + description
                        + "); 'bin/musubi server stop' ends it");
                ServerProtocol.writeExit(out, 1);
            }
        }
    }

    private String status() {
        String r = running;
        long idleSeconds = (System.nanoTime() - lastActivity.get()) / 1_000_000_000L;
        return "musubi server: running for jobs started in " + cwd + " (" + description + ", pid "
                + ProcessHandle.current().pid() + ", since " + started + "); " + jobs + " job(s) run; "
                + (warmUpThread != null
                        ? "warming up (the next job to arrive ends it)"
                        : r != null
                                ? "running: " + r
                                : "idle for " + idleSeconds + " s"
                                        + (idle.isZero() ? "" : " (stops after " + idle.toMinutes() + " min idle)"));
    }

    private Outcome runJob(SocketChannel ch, List<String> args, DataOutputStream out) {
        running = String.join(" ", args);
        jobs++;
        // the client's end closing (Ctrl-C) before the job ends cancels it
        AtomicBoolean done = new AtomicBoolean();
        Thread watch = new Thread(() -> watchClient(ch, done), "musubi-server-client-watch");
        watch.setDaemon(true);
        watch.start();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        PrintStream jobOut =
                new PrintStream(new ServerProtocol.FrameStream(out, ServerProtocol.OUT), true, StandardCharsets.UTF_8);
        PrintStream jobErr =
                new PrintStream(new ServerProtocol.FrameStream(out, ServerProtocol.ERR), true, StandardCharsets.UTF_8);
        Outcome outcome;
        long t0 = System.nanoTime();
        System.setOut(jobOut);
        System.setErr(jobErr);
        try {
            outcome = runner.run(args);
        } catch (Exception | Error e) {
            e.printStackTrace(jobErr);
            outcome = Outcome.exit(2);
        } finally {
            jobOut.flush();
            jobErr.flush();
            System.setOut(oldOut);
            System.setErr(oldErr);
            done.set(true);
        }
        LOG.info(
                "server: {} -> {} in {} s",
                running,
                outcome.declined() != null ? "declined (" + outcome.declined() + ")" : "exit " + outcome.code(),
                String.format("%.1f", (System.nanoTime() - t0) / 1e9));
        if (outcome.declined() == null && outcome.code() == 2) {
            // an internal error (a bug, or the JVM out of memory): the session's state is not known to be sound
            jobErr.println("musubi server: stopping after this internal error; the next job runs in its own JVM"
                    + " ('bin/musubi server start' starts a new server)");
            jobErr.flush();
            stopRequested.set(true);
        }
        return outcome;
    }

    private void watchClient(SocketChannel ch, AtomicBoolean done) {
        try {
            // the client sends nothing after its request: a read returns only at end of stream
            if (ServerProtocol.input(ch).read() < 0 && !done.get()) {
                LOG.info("server: the client of '{}' went away: cancelling the job", running);
                runner.cancel();
            }
        } catch (IOException e) {
            if (!done.get()) {
                runner.cancel();
            }
        }
    }
}
