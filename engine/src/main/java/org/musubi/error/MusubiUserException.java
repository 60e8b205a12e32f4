package org.musubi.error;

/**
 * A problem with the user's input or options: a bad file, a malformed record, an impossible option. The launcher
 * prints its message as one line and exits with {@link ExitCode#USER_ERROR}. Messages name the file, line or
 * variant, the bad value and the fix.
 */
public class MusubiUserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MusubiUserException(String message) {
        super(message);
    }

    public MusubiUserException(String message, Throwable cause) {
        super(message, cause);
    }
}
