package org.musubi.output;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;

/**
 * The skeleton every job's plan runs in: begin the output commit, run the body into the staging directory, commit
 * when the body returns, and delete the staging directory when it throws. Written once here instead of a
 * begin / try / commit / finally abort in each plan; the body is the plan's steps.
 */
public final class OutputRun {
    private OutputRun() {}

    /** A plan's steps, writing into {@link OutputCommit#staging()}. */
    @FunctionalInterface
    public interface Body<T> {
        T run(OutputCommit commit) throws IOException;
    }

    /** Runs {@code body} into a directory output, committed atomically when it returns. */
    public static <T> T run(String out, boolean overwrite, Configuration conf, Body<T> body) throws IOException {
        return run(OutputCommit.begin(out, overwrite, conf), body);
    }

    /** Runs {@code body} into a file output ({@link OutputCommit#file()} and its sidecars), committed when it returns. */
    public static <T> T runFile(String out, boolean overwrite, Configuration conf, Body<T> body) throws IOException {
        return run(OutputCommit.beginFile(out, overwrite, conf), body);
    }

    private static <T> T run(OutputCommit commit, Body<T> body) throws IOException {
        try {
            T result = body.run(commit);
            commit.commit();
            return result;
        } finally {
            commit.abort();
        }
    }
}
