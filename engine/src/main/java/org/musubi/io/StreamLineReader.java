package org.musubi.io;

import java.io.IOException;
import java.io.InputStream;

/** Lines of a whole stream (uncompressed text, or gzip decoded by the caller); positions are byte offsets. */
public final class StreamLineReader implements LineReader {
    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int bufLen;
    private int bufPos;
    private long bufStart;
    private final LineAssembler line = new LineAssembler();
    private long lineStart;

    public StreamLineReader(InputStream in) {
        this.in = in;
    }

    @Override
    public boolean next() throws IOException {
        line.clear();
        boolean started = false;
        while (true) {
            if (bufPos >= bufLen) {
                bufStart += bufLen;
                bufLen = in.read(buf, 0, buf.length);
                bufPos = 0;
                if (bufLen <= 0) {
                    bufLen = 0;
                    return started;
                }
            }
            if (!started) {
                lineStart = bufStart + bufPos;
                started = true;
            }
            int next = line.take(buf, bufPos, bufLen);
            if (next >= 0) {
                bufPos = next;
                return true;
            }
            bufPos = bufLen;
        }
    }

    @Override
    public byte[] buffer() {
        return line.buffer();
    }

    @Override
    public int length() {
        return line.length();
    }

    @Override
    public long position() {
        return lineStart;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
