package org.musubi.error;

/** Process exit codes of every Musubi job, mapped in one place. */
public enum ExitCode {
    OK(0),
    USER_ERROR(1),
    INTERNAL_ERROR(2);

    public final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** The exit code for a throwable that escaped a job: user errors (anywhere in the cause chain) give 1. */
    public static ExitCode of(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof MusubiUserException) {
                return USER_ERROR;
            }
        }
        return INTERNAL_ERROR;
    }

    /** The user exception in a cause chain (Spark wraps task failures), or null. */
    public static MusubiUserException userCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof MusubiUserException u) {
                return u;
            }
        }
        return null;
    }
}
