package org.musubi.integrity;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Digests of output files computed on the driver while they were written ({@code output.PartConcat}, {@code
 * output.OutputCommit.writeFile}), which {@code output.RunSummary} takes for its {@code file_digests} instead of
 * reading the file back. A digest counts only for a file of the recorded size; any other file is read. Entries are
 * removed when taken, and those under a staging directory when its output is committed or abandoned.
 */
public final class WrittenDigests {
    private static final Map<String, FileDigest> DIGESTS = new ConcurrentHashMap<>();

    private WrittenDigests() {}

    /** Records the digest of {@code file} as written. */
    public static void record(FileSystem fs, Path file, FileDigest digest) {
        DIGESTS.put(fs.makeQualified(file).toString(), digest);
    }

    /** The digest recorded for {@code st}'s file if its size matches (removed from the record), else null. */
    public static FileDigest take(FileStatus st) {
        FileDigest d = DIGESTS.remove(st.getPath().toString());
        return d != null && d.size() == st.getLen() ? d : null;
    }

    /** The digest of {@code st}'s file: as recorded while it was written, or from reading it. */
    public static FileDigest of(FileSystem fs, FileStatus st) throws IOException {
        FileDigest d = take(st);
        return d != null ? d : FileDigest.of(fs, st.getPath());
    }

    /** Drops what was recorded under {@code dir}. */
    public static void forget(FileSystem fs, Path dir) {
        String prefix = fs.makeQualified(dir).toString() + "/";
        DIGESTS.keySet().removeIf(k -> k.startsWith(prefix));
    }
}
