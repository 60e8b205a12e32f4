package org.musubi.io;

import java.io.IOException;

/**
 * Input bytes that cannot be decoded (a truncated or corrupt BGZF block, a broken BCF record): the user's file is
 * at fault, not the machine. Jobs report it as a user error naming the file and offset.
 */
public final class CorruptInputException extends IOException {
    private static final long serialVersionUID = 1L;

    public CorruptInputException(String message) {
        super(message);
    }

    public CorruptInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
