package org.musubi.io;

import java.io.Closeable;
import java.io.IOException;

/** Lines of a text file or of one split of it, as bytes without the line terminator ({@code \n} or {@code \r\n}). */
public interface LineReader extends Closeable {
    /** Advances to the next line; false at the end of the split. */
    boolean next() throws IOException;

    /** The current line's bytes are {@code buffer()[0, length())}; valid until the next call to next(). */
    byte[] buffer();

    int length();

    /** Where the current line starts: a BGZF virtual offset, or a byte offset for uncompressed and gzip input. */
    long position();
}
