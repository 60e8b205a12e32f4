package org.musubi.output;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
 * Makes an output appear complete or not at all; every job commits its output through it (usually via {@link
 * OutputRun}). Everything is written into a hidden staging directory next to the output ({@code
 * .<name>.musubi-staging-<uuid>}).
 *
 * <p>A directory output ({@link #begin}: tables, gwas, freq, prs, meta, simulate, …): {@link #commit} writes {@code
 * _SUCCESS} there and renames the staging directory onto the output (an atomic rename on HDFS and local file
 * systems). A file output ({@link #beginFile}: export's VCF and its index, report's page): the file and its
 * sidecars ({@code <name>.tbi}, any {@code <name>.*}) are written under their own names in the staging directory
 * ({@link #file()}) and {@link #commit} renames each onto its place next to the output, the output itself last.
 *
 * <p>An existing output is refused unless overwrite is set, in which case it is moved aside first and deleted after
 * the rename. A crash leaves only a hidden staging directory, never an output that looks complete; the next job
 * writing the same output is not blocked by it and names it in a warning (deleting it is left to the user: another
 * job may be writing the same output right now).
 */
public final class OutputCommit {
    private static final Logger LOG = LoggerFactory.getLogger(OutputCommit.class);
    private static final String STAGING = ".musubi-staging-";
    private static final String OLD = ".musubi-old-";

    private final FileSystem fs;
    private final Path output;
    private final Path staging;
    private final boolean overwrite;
    /** A single-file output (with sidecars) rather than a directory. */
    private final boolean file;

    private boolean done;

    private OutputCommit(FileSystem fs, Path output, Path staging, boolean overwrite, boolean file) {
        this.fs = fs;
        this.output = output;
        this.staging = staging;
        this.overwrite = overwrite;
        this.file = file;
    }

    /** Checks the output directory can be written, then creates the staging directory. */
    public static OutputCommit begin(String output, boolean overwrite, Configuration conf) throws IOException {
        return begin(output, overwrite, conf, false);
    }

    /**
     * Checks the output file can be written, then creates the staging directory: write the file to {@link #file()}
     * and its sidecars next to it in {@link #staging()}.
     */
    public static OutputCommit beginFile(String output, boolean overwrite, Configuration conf) throws IOException {
        return begin(output, overwrite, conf, true);
    }

    private static OutputCommit begin(String output, boolean overwrite, Configuration conf, boolean file)
            throws IOException {
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
        return new OutputCommit(fs, out, staging, overwrite, file);
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

    /** Where a file output is written before the commit (in the staging directory, under the output's name). */
    public Path file() {
        return new Path(staging, output.getName());
    }

    /** Writes a small file into the staging directory. */
    public void writeFile(String relative, byte[] bytes) throws IOException {
        Path p = new Path(staging, relative);
        try (OutputStream o = fs.create(p, true)) {
            o.write(bytes);
        }
        org.musubi.integrity.WrittenDigests.record(fs, p, org.musubi.integrity.FileDigest.of(bytes));
    }

    /**
     * Directory output: writes {@code _SUCCESS} (with the digest of the run summary or {@code _table.json},
     * {@link org.musubi.integrity.Manifests}) and moves the staging directory onto the output. File output: moves
     * the sidecars, then the file, onto their places and deletes the staging directory.
     */
    public void commit() throws IOException {
        if (file) {
            commitFiles();
            return;
        }
        writeFile(TableMetadata.SUCCESS, org.musubi.integrity.Manifests.success(fs, staging));
        org.musubi.integrity.WrittenDigests.forget(fs, staging);
        replace(staging, output);
        done = true;
    }

    private void commitFiles() throws IOException {
        List<Path> staged = new ArrayList<>();
        for (FileStatus st : fs.listStatus(staging)) {
            String name = st.getPath().getName();
            if (name.equals(output.getName()) || name.startsWith(output.getName() + ".")) {
                staged.add(st.getPath()); // the plan's other working files (parts) go with the staging directory
            }
        }
        // the output itself last: once it is in place, its sidecars are too
        staged.sort(Comparator.comparing((Path p) -> p.getName().equals(output.getName()))
                .thenComparing(Path::getName));
        for (Path p : staged) {
            replace(p, new Path(output.getParent(), p.getName()));
        }
        done = true;
        org.musubi.integrity.WrittenDigests.forget(fs, staging);
        fs.delete(staging, true);
    }

    /** Renames {@code from} onto {@code to}, an existing {@code to} moved aside first and deleted after. */
    private void replace(Path from, Path to) throws IOException {
        Path trash = null;
        if (fs.exists(to)) {
            if (!overwrite) {
                throw new MusubiUserException("output " + to + " appeared while the job ran; it was not replaced."
                        + " The result is in " + from);
            }
            trash = new Path(to.getParent(), "." + to.getName() + OLD + UUID.randomUUID());
            if (!fs.rename(to, trash)) {
                throw new IOException("cannot move the existing " + to + " aside to " + trash);
            }
        }
        if (!fs.rename(from, to)) {
            throw new IOException("cannot rename " + from + " to " + to);
        }
        if (trash != null) {
            fs.delete(trash, true);
        }
    }

    /** Deletes the staging directory after a failure (best effort). */
    public void abort() {
        if (!done) {
            org.musubi.integrity.WrittenDigests.forget(fs, staging);
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
