package org.musubi.output;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The stream itself for writing; closing it only flushes. Lets a gzip member or BGZF blocks be finished (their
 * writers close what they wrap) without closing the file they are written to. Used by {@link PartConcat} for
 * headers and by the plans that write a header member before their parts.
 */
public final class NonClosingOutputStream extends FilterOutputStream {
    public NonClosingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
