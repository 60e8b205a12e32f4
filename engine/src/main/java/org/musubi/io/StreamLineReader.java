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
    private byte[] line = new byte[1 << 16];
    private int lineLen;
    private long lineStart;

    public StreamLineReader(InputStream in) {
        this.in = in;
    }

    @Override
    public boolean next() throws IOException {
        lineLen = 0;
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
            int nl = -1;
            for (int i = bufPos; i < bufLen; i++) {
                if (buf[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            int end = nl < 0 ? bufLen : nl;
            if (lineLen + end - bufPos > line.length) {
                byte[] grown = new byte[Math.max(line.length * 2, lineLen + end - bufPos)];
                System.arraycopy(line, 0, grown, 0, lineLen);
                line = grown;
            }
            System.arraycopy(buf, bufPos, line, lineLen, end - bufPos);
            lineLen += end - bufPos;
            if (nl >= 0) {
                bufPos = nl + 1;
                if (lineLen > 0 && line[lineLen - 1] == '\r') {
                    lineLen--;
                }
                return true;
            }
            bufPos = bufLen;
        }
    }

    @Override
    public byte[] buffer() {
        return line;
    }

    @Override
    public int length() {
        return lineLen;
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
