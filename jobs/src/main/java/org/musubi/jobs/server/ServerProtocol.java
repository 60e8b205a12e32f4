package org.musubi.jobs.server;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes between {@code bin/musubi} ({@link ServerClient}) and a warm {@code musubi server} ({@link JobServer}) on
 * a Unix domain socket. One request per connection: the client's working directory, its launcher settings ({@link
 * #launch}) and the job's arguments; then the
 * server's frames: the job's standard output and standard error as they are written, and last its exit code, or
 * "run it yourself" with the reason (the client then starts the job in a JVM of its own, as without a server).
 *
 * <pre>
 * request:  int MAGIC, string cwd, string launch, int n, n × string arg   (string: int length, UTF-8 bytes)
 * frames:   byte OUT|ERR, int length, bytes  (any number)
 *           byte EXIT, int code  |  byte RUN_HERE, string reason  (last)
 * </pre>
 *
 * JDK classes only: the client's JVM loads nothing else, so it starts in a few tens of milliseconds.
 */
public final class ServerProtocol {
    private ServerProtocol() {}

    /** "MSB1". */
    public static final int MAGIC = 0x4D534231;

    public static final byte OUT = 'O';
    public static final byte ERR = 'E';
    public static final byte EXIT = 'X';
    public static final byte RUN_HERE = 'C';

    /**
     * The client's exit code that tells {@code bin/musubi} to run the job in a JVM of its own: no server answered, or
     * the server declined the job (see {@link #RUN_HERE}). Jobs themselves exit 0, 1 or 2.
     */
    public static final int RUN_HERE_EXIT = 75;

    /** Longest string either side accepts (an argument, a path, a reason). */
    static final int MAX_STRING = 1 << 20;

    /** Most arguments in one request. */
    static final int MAX_ARGS = 10_000;

    /** Most bytes of strings in one request (a command line is far shorter; a server reads no more). */
    static final long MAX_REQUEST = 16L << 20;

    /** A request the server cannot read: not from a client of this protocol version, or cut short. */
    static final class MalformedRequest extends IOException {
        MalformedRequest(String why) {
            super(why);
        }
    }

    public record Request(String cwd, String launch, List<String> args) {}

    /**
     * What {@code bin/musubi} would start a job's JVM with and the server cannot change once it runs: {@code
     * MUSUBI_JAVA_OPTS} (heap, JVM flags) and {@code MUSUBI_EXTRA_JARS} (class path), as found in this process's
     * environment. The server declines a job whose settings differ from its own.
     */
    public static String launch() {
        return "MUSUBI_JAVA_OPTS=" + env("MUSUBI_JAVA_OPTS") + "\nMUSUBI_EXTRA_JARS=" + env("MUSUBI_EXTRA_JARS");
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null ? "" : v;
    }

    static void writeRequest(DataOutputStream out, String cwd, String launch, List<String> args) throws IOException {
        out.writeInt(MAGIC);
        writeString(out, cwd);
        writeString(out, launch);
        out.writeInt(args.size());
        for (String a : args) {
            writeString(out, a);
        }
        out.flush();
    }

    /**
     * Reads one request; {@link MalformedRequest} for bytes that are not one (another magic number, a length out of
     * bounds, more than {@link #MAX_REQUEST} bytes of strings, the stream ending inside it).
     */
    static Request readRequest(DataInputStream in) throws IOException {
        try {
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new MalformedRequest("magic number " + Integer.toHexString(magic) + ", not "
                        + Integer.toHexString(MAGIC) + ": another version of bin/musubi?");
            }
            long[] budget = {MAX_REQUEST};
            String cwd = readString(in, budget);
            String launch = readString(in, budget);
            int n = in.readInt();
            if (n < 0 || n > MAX_ARGS) {
                throw new MalformedRequest("argument count " + n + " (at most " + MAX_ARGS + ")");
            }
            List<String> args = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                args.add(readString(in, budget));
            }
            return new Request(cwd, launch, args);
        } catch (java.io.EOFException e) {
            throw new MalformedRequest("the request ends early");
        }
    }

    /** A string of at most {@code budget[0]} bytes (less them from it); a short read is an {@code EOFException}. */
    private static String readString(DataInputStream in, long[] budget) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > Math.min(MAX_STRING, budget[0])) {
            throw new MalformedRequest(
                    "string length " + len + " (at most " + MAX_STRING + ", " + MAX_REQUEST + " in all)");
        }
        budget[0] -= len;
        byte[] b = in.readNBytes(len);
        if (b.length < len) {
            throw new java.io.EOFException();
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX_STRING) {
            throw new IOException("string of " + b.length + " bytes is longer than " + MAX_STRING);
        }
        out.writeInt(b.length);
        out.write(b);
    }

    /** One string of a frame (a reason the server sends), with the request's bounds on its length. */
    static String readString(DataInputStream in) throws IOException {
        return readString(in, new long[] {MAX_STRING});
    }

    /**
     * One of the job's streams as frames ({@link #OUT} or {@link #ERR}) on the connection; both streams share the
     * connection's lock so frames never interleave. A client that has gone away makes every later write fail, which a
     * {@link java.io.PrintStream} over this stream swallows (the job goes on; the server cancels it).
     */
    static final class FrameStream extends OutputStream {
        private final DataOutputStream out;
        private final byte tag;

        FrameStream(DataOutputStream out, byte tag) {
            this.out = out;
            this.tag = tag;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return;
            }
            synchronized (out) {
                out.writeByte(tag);
                out.writeInt(len);
                out.write(b, off, len);
                out.flush();
            }
        }
    }

    /**
     * The connection's bytes as a stream. Not {@code Channels.newInputStream}: its streams lock the channel's blocking
     * lock for every read and write, so a thread waiting to read (the server's watch for a client that went away)
     * would block the job's output; the channel's own read and write locks are separate.
     */
    static InputStream input(SocketChannel ch) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int n;
                do {
                    n = ch.read(ByteBuffer.wrap(b, off, len));
                } while (n == 0);
                return n;
            }
        };
    }

    /** The connection as an output stream (see {@link #input}). */
    static OutputStream output(SocketChannel ch) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer bb = ByteBuffer.wrap(b, off, len);
                while (bb.hasRemaining()) {
                    ch.write(bb);
                }
            }
        };
    }

    static void writeExit(DataOutputStream out, int code) throws IOException {
        synchronized (out) {
            out.writeByte(EXIT);
            out.writeInt(code);
            out.flush();
        }
    }

    static void writeRunHere(DataOutputStream out, String reason) throws IOException {
        synchronized (out) {
            out.writeByte(RUN_HERE);
            writeString(out, reason);
            out.flush();
        }
    }
}
