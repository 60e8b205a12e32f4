package org.musubi.table;

import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.musubi.error.MusubiUserException;
import org.musubi.format.TableMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an output directory appear complete or not at all. Everything is written into a hidden staging directory
 * next to the output ({@code .<name>.musubi-staging-<uuid>}); {@link #commit} writes {@code _SUCCESS} there and
 * renames the staging directory onto the output (an atomic rename on HDFS and local file systems). An existing
 * output is refused unless overwrite is set, in which case it is moved aside first and deleted after the rename.
 * A crash leaves only a hidden staging directory, never an output that looks complete; the next job writing the
 * same output is not blocked by it and names it in a warning (deleting it is left to the user: another job may be
 * writing the same output right now).
 */
public final class TableCommit {
    private static final Logger LOG = LoggerFactory.getLogger(TableCommit.class);
    private static final String STAGING = ".musubi-staging-";
    private static final String OLD = ".musubi-old-";

    private final FileSystem fs;
    private final Path output;
    private final Path staging;
    private final boolean overwrite;
    private boolean done;

    private TableCommit(FileSystem fs, Path output, Path staging, boolean overwrite) {
        this.fs = fs;
        this.output = output;
        this.staging = staging;
        this.overwrite = overwrite;
    }

    /** Checks the output can be written, then creates the staging directory. */
    public static TableCommit begin(String output, boolean overwrite, Configuration conf) throws IOException {
        Path out = new Path(output);
        FileSystem fs = out.getFileSystem(conf);
        out = fs.makeQualified(out);
        if (fs.exists(out) && !overwrite) {
            throw new MusubiUserException(
                    "output " + output + " already exists; choose another path or pass" + " --overwrite to replace it");
        }
        Path parent = out.getParent();
        if (parent != null && !fs.exists(parent)) {
            fs.mkdirs(parent);
        }
        warnAboutLeftovers(fs, out);
        Path staging = new Path(parent, "." + out.getName() + STAGING + UUID.randomUUID());
        if (!fs.mkdirs(staging)) {
            throw new IOException("cannot create staging directory " + staging);
        }
        return new TableCommit(fs, out, staging, overwrite);
    }

    /** Names the hidden directories that runs which never finished left next to {@code out}. */
    private static void warnAboutLeftovers(FileSystem fs, Path out) throws IOException {
        Path parent = out.getParent();
        if (parent == null || !fs.exists(parent)) {
            return;
        }
        String prefix = "." + out.getName();
        for (FileStatus st : fs.listStatus(parent)) {
            String name = st.getPath().getName();
            if (name.startsWith(prefix + STAGING)) {
                LOG.warn(
                        "{} was left by a job writing {} that did not finish (killed or crashed); it is not a table"
                                + " and does not block this run. Delete it once no other job writes {}",
                        st.getPath(),
                        out,
                        out);
            } else if (name.startsWith(prefix + OLD)) {
                LOG.warn(
                        "{} holds the previous {}, moved aside by an --overwrite run that did not finish; rename it"
                                + " back to {} if that output is missing, or delete it",
                        st.getPath(),
                        out,
                        out);
            }
        }
    }

    public Path staging() {
        return staging;
    }

    public Path output() {
        return output;
    }

    public FileSystem fs() {
        return fs;
    }

    /** Writes a small file into the staging directory. */
    public void writeFile(String relative, byte[] bytes) throws IOException {
        try (OutputStream o = fs.create(new Path(staging, relative), true)) {
            o.write(bytes);
        }
    }

    /** Writes {@code _SUCCESS} and moves the staging directory onto the output. */
    public void commit() throws IOException {
        writeFile(TableMetadata.SUCCESS, new byte[0]);
        Path trash = null;
        if (fs.exists(output)) {
            if (!overwrite) {
                throw new MusubiUserException("output " + output + " appeared while the job ran; it was not replaced."
                        + " The result is in " + staging);
            }
            trash = new Path(output.getParent(), "." + output.getName() + OLD + UUID.randomUUID());
            if (!fs.rename(output, trash)) {
                throw new IOException("cannot move the existing " + output + " aside to " + trash);
            }
        }
        if (!fs.rename(staging, output)) {
            throw new IOException("cannot rename " + staging + " to " + output);
        }
        done = true;
        if (trash != null) {
            fs.delete(trash, true);
        }
    }

    /** Deletes the staging directory after a failure (best effort). */
    public void abort() {
        if (!done) {
            try {
                fs.delete(staging, true);
            } catch (IOException ignored) {
                // best effort: a leftover hidden staging directory is never mistaken for a table
            }
        }
    }

    /** Whether a directory is a complete output (has {@code _SUCCESS}). */
    public static boolean isComplete(FileSystem fs, Path dir) throws IOException {
        return fs.exists(new Path(dir, TableMetadata.SUCCESS));
    }
}
