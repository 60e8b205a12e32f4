package org.musubi.spark;

import java.util.function.Supplier;
import org.musubi.error.ExitCode;
import org.musubi.error.MusubiUserException;

/**
 * Spark wraps a task's exception in a {@code SparkException} ("Job aborted due to stage failure…"); a user error
 * raised inside a task (a corrupt input block, say) is rethrown as itself so the launcher prints its one line.
 */
public final class SparkErrors {
    private SparkErrors() {}

    /** Runs a Spark action; a {@link MusubiUserException} anywhere in a failure's cause chain is rethrown. */
    public static <T> T userErrorsUnwrapped(Supplier<T> action) {
        try {
            return action.get();
        } catch (Exception e) { // SparkException is checked in Java terms but thrown undeclared from Scala
            MusubiUserException user = ExitCode.userCause(e);
            if (user != null && user != e) {
                throw new MusubiUserException(user.getMessage(), e);
            }
            // The task's exception may come back only as text in the job's failure message.
            String m = String.valueOf(e.getMessage());
            String tag = MusubiUserException.class.getName() + ": ";
            int i = m.indexOf(tag);
            if (user == null && i >= 0) {
                int end = m.indexOf('\n', i);
                throw new MusubiUserException(m.substring(i + tag.length(), end < 0 ? m.length() : end), e);
            }
            throw SparkErrors.<RuntimeException>sneaky(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> E sneaky(Exception e) throws E {
        throw (E) e;
    }
}
