package org.musubi.jobs.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code bin/musubi}'s side of a warm server ({@link ServerProtocol}): sends the job's arguments and this directory,
 * relays the job's output to this process's standard output and error as it comes, and exits with the job's exit
 * code. Exits {@link ServerProtocol#RUN_HERE_EXIT} when no server answers on the socket or the server declines the
 * job, and {@code bin/musubi} then runs it as it would without a server. Interrupting the client (Ctrl-C) closes the
 * connection, and the server cancels the job.
 *
 * <p>Usage: {@code ServerClient SOCKET ARG...}. JDK classes only (a JVM with nothing else to load).
 */
public final class ServerClient {
    private ServerClient() {}

    public static void main(String[] argv) {
        if (argv.length < 1) {
            System.err.println("usage: ServerClient SOCKET ARG...");
            System.exit(2);
        }
        int code = run(
                Path.of(argv[0]),
                System.getProperty("user.dir"),
                Arrays.asList(argv).subList(1, argv.length),
                System.out,
                System.err);
        System.exit(code);
    }

    /**
     * Runs one request; returns the job's exit code, or {@link ServerProtocol#RUN_HERE_EXIT}.
     *
     * @param out where the job's standard output goes
     * @param err where its standard error goes (and the client's own notes)
     */
    public static int run(Path socket, String cwd, List<String> args, OutputStream out, PrintStream err) {
        SocketChannel ch;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException | UnsupportedOperationException e) {
            return ServerProtocol.RUN_HERE_EXIT;
        }
        try (ch) {
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                return ServerProtocol.RUN_HERE_EXIT; // no server (a stale socket file): run the job here
            }
            DataOutputStream req = new DataOutputStream(new BufferedOutputStream(ServerProtocol.output(ch)));
            ServerProtocol.writeRequest(req, cwd, ServerProtocol.launch(), args);
            DataInputStream in = new DataInputStream(new BufferedInputStream(ServerProtocol.input(ch), 1 << 16));
            byte[] buf = new byte[1 << 16];
            while (true) {
                byte tag;
                try {
                    tag = in.readByte();
                } catch (EOFException e) {
                    err.println("musubi: the server closed the connection before the job ended (see its log in"
                            + " the server's run directory; 'bin/musubi server status')");
                    return 2;
                }
                switch (tag) {
                    case ServerProtocol.OUT, ServerProtocol.ERR -> {
                        int len = in.readInt();
                        OutputStream to = tag == ServerProtocol.OUT ? out : err;
                        while (len > 0) {
                            int n = in.read(buf, 0, Math.min(len, buf.length));
                            if (n < 0) {
                                throw new EOFException();
                            }
                            to.write(buf, 0, n);
                            len -= n;
                        }
                        to.flush();
                    }
                    case ServerProtocol.EXIT -> {
                        int code = in.readInt();
                        out.flush();
                        err.flush();
                        return code;
                    }
                    case ServerProtocol.RUN_HERE -> {
                        String reason = ServerProtocol.readString(in);
                        err.println("musubi: " + reason + ": running the job in its own JVM");
                        err.flush();
                        return ServerProtocol.RUN_HERE_EXIT;
                    }
                    default -> {
                        err.println("musubi: unexpected reply from the server (byte " + tag + ")");
                        return 2;
                    }
                }
            }
        } catch (IOException e) {
            err.println("musubi: lost the connection to the server: " + e.getMessage());
            return 2;
        }
    }
}
