package org.musubi.error;

/** A bug or a broken invariant inside Musubi; the launcher exits with {@link ExitCode#INTERNAL_ERROR}. */
public class MusubiInternalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MusubiInternalException(String message) {
        super(message);
    }

    public MusubiInternalException(String message, Throwable cause) {
        super(message, cause);
    }
}
