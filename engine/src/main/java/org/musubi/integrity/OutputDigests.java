package org.musubi.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checks files of a job's output before a reader uses them: the run summary against {@code _SUCCESS}
 * ({@link Manifests}), then each file read against the summary's {@code file_digests} (whole file: readers of
 * outputs read whole files). Used by meta (gwas's GWAS-SSF files), freq-merge (freq's Parquet) and report (every
 * output it shows). A file outside a Musubi output (no {@code summary.json} and {@code _SUCCESS} beside it) is not
 * checked; an output written before digests were recorded is read unverified, with one INFO line.
 */
public final class OutputDigests {
    private static final Set<String> CHECKED = ConcurrentHashMap.newKeySet();

    private OutputDigests() {}

    /**
     * Forgets which files were checked: a long-lived JVM (a warm {@code musubi server}) calls it before each job, so
     * every job checks what it reads, as in a JVM of its own.
     */
    public static void forgetChecked() {
        CHECKED.clear();
    }

    /** The summary files an output may have. */
    private static final String[] SUMMARIES = {"summary.json", "simulation.json"};

    /**
     * Checks {@code file} (a file, or a directory of part files) if it lies directly in a Musubi output directory,
     * and that output's summary.
     */
    public static void verify(FileSystem fs, Path file) throws IOException {
        Path dir = file.getParent();
        if (dir == null) {
            return;
        }
        verify(fs, dir, file.getName());
    }

    /** Checks entry {@code rel} of output directory {@code dir} (every file under it when it is a directory). */
    public static void verify(FileSystem fs, Path dir, String rel) throws IOException {
        Map<String, FileDigest> digests = digests(fs, dir);
        if (digests == null) {
            return;
        }
        for (Map.Entry<String, FileDigest> e : digests.entrySet()) {
            if (e.getKey().equals(rel) || e.getKey().startsWith(rel + "/")) {
                check(fs, dir, e.getKey(), e.getValue());
            }
        }
    }

    /** Checks every file the output's summary lists (as report and {@code inspect --verify} do). */
    public static void verifyAll(FileSystem fs, Path dir) throws IOException {
        Map<String, FileDigest> digests = digests(fs, dir);
        if (digests == null) {
            return;
        }
        for (Map.Entry<String, FileDigest> e : digests.entrySet()) {
            check(fs, dir, e.getKey(), e.getValue());
        }
    }

    private static void check(FileSystem fs, Path dir, String rel, FileDigest d) throws IOException {
        Path p = new Path(dir, rel);
        if (!fs.exists(p)) {
            throw new MissingFile(p.toString());
        }
        FileStatus st = fs.getFileStatus(p);
        String key = p + "\t" + st.getLen() + "\t" + st.getModificationTime();
        if (CHECKED.contains(key)) {
            return;
        }
        d.verify(fs, p, p.toString());
        CHECKED.add(key);
    }

    /**
     * The digests of {@code dir}'s files from its verified summary; null when it is not a Musubi output, was written
     * before digests, or verification is off.
     */
    public static Map<String, FileDigest> digests(FileSystem fs, Path dir) throws IOException {
        if (!Manifests.verifying(fs.getConf()) || !fs.exists(new Path(dir, Manifests.SUCCESS))) {
            return null;
        }
        for (String name : SUMMARIES) {
            if (!fs.exists(new Path(dir, name))) {
                continue;
            }
            Manifests.Manifest m = Manifests.read(fs, dir, name, dir.toString());
            if (!m.verified()) {
                return null;
            }
            JsonNode files = new ObjectMapper().readTree(m.bytes()).path("file_digests");
            Map<String, FileDigest> out = new java.util.TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(
                        e.getKey(),
                        new FileDigest(
                                e.getValue().path("size").asLong(),
                                e.getValue().path("crc32c").asText()));
            }
            return out;
        }
        return null;
    }

    /** A file the summary lists that is not there. */
    static final class MissingFile extends org.musubi.error.MusubiUserException {
        private static final long serialVersionUID = 1L;

        MissingFile(String path) {
            super(path + " is missing: the output's summary.json lists it; restore the output directory from its"
                    + " source or backup, or re-run the job that wrote it");
        }
    }
}
