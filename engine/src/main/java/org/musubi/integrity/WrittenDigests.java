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
 * reading the file back. A digest counts only for a file of the recorded size and modification time (taken from the
 * file system just after it was closed): a file written again since, by any writer, is read. Entries are removed when
 * taken, and those under a staging directory when its output is committed or abandoned.
 */
public final class WrittenDigests {
    private static final Map<String, Written> DIGESTS = new ConcurrentHashMap<>();

    /** A digest with the modification time the file had when it was recorded. */
    private record Written(FileDigest digest, long modificationTime) {}

    private WrittenDigests() {}

    /** Records the digest of {@code file} as written; call it once the file is closed. */
    public static void record(FileSystem fs, Path file, FileDigest digest) throws IOException {
        FileStatus st = fs.getFileStatus(file);
        DIGESTS.put(st.getPath().toString(), new Written(digest, st.getModificationTime()));
    }

    /**
     * The digest recorded for {@code st}'s file if its size and modification time match (removed from the record),
     * else null.
     */
    public static FileDigest take(FileStatus st) {
        Written w = DIGESTS.remove(st.getPath().toString());
        return w != null && w.digest().size() == st.getLen() && w.modificationTime() == st.getModificationTime()
                ? w.digest()
                : null;
    }

    /** The digest of {@code st}'s file: as recorded while it was written, or from reading it. */
    public static FileDigest of(FileSystem fs, FileStatus st) throws IOException {
        FileDigest d = take(st);
        return d != null ? d : FileDigest.of(fs, st.getPath());
    }

    /** Drops everything recorded (a warm server, before each job: nothing a cancelled job left counts later). */
    public static void forgetAll() {
        DIGESTS.clear();
    }

    /** Drops what was recorded under {@code dir}. */
    public static void forget(FileSystem fs, Path dir) {
        String prefix = fs.makeQualified(dir).toString() + "/";
        DIGESTS.keySet().removeIf(k -> k.startsWith(prefix));
    }
}
