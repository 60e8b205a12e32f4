package org.musubi.integrity;

import org.musubi.error.MusubiUserException;

/**
 * A file whose bytes differ from the digest recorded when it was written: a user error (exit 1) naming the file,
 * the byte range (or part) that differs, and the fix.
 */
public final class IntegrityException extends MusubiUserException {
    private static final long serialVersionUID = 1L;

    /** {@code file} is damaged at {@code where} (e.g. "bytes 1000-1007 (row group 0, column calls)"). */
    public IntegrityException(String file, String where) {
        super(message(file, where));
    }

    static String message(String file, String where) {
        return file + " is damaged: " + where + " differs from the checksum recorded when it was written; restore"
                + " the file (or the whole directory) from its source or backup, or re-run the job that wrote it";
    }
}
