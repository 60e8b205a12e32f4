package org.musubi.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.musubi.Version;
import org.musubi.integrity.FileDigest;
import org.musubi.integrity.WrittenDigests;

/**
 * The one writer of a job's run summary ({@code summary.json}; simulate's {@code simulation.json}), used by gwas,
 * prs, freq, freq-merge, meta and simulate. The job's own keys come first, exactly as the plan put them (their
 * order and values are the summary's layout, which readers and tests rely on); then the keys every summary has:
 *
 * <ul>
 *   <li>{@code job}: the job's name ({@code gwas}, {@code freq-merge}, …), what {@code report} reads the output's
 *       kind from;
 *   <li>{@code engine_version}: added where the plan did not put it (simulate's {@code engineVersion} counts);
 *   <li>{@code files_written}: the output's top-level entries, sorted (a directory ends with {@code /}; hidden and
 *       {@code _} entries left out), this summary included;
 *   <li>{@code file_digests}: size and CRC32C of every file of the output, which its readers check (the summary's
 *       own digest is in {@code _SUCCESS}).
 * </ul>
 *
 * The plan puts {@code arguments} and {@code seconds} where its layout has them (a summary without them is
 * refused), and its release statement ({@code release_statement}, {@code org.musubi.release.ReleaseStatement}).
 */
public final class RunSummary {
    /** The summary's file name in a job's output directory. */
    public static final String FILE = "summary.json";
    /** The key holding the digests of the output's files ({@code {path: {size, crc32c}}}). */
    public static final String FILE_DIGESTS = "file_digests";
    /** The key naming the job that wrote the output. */
    public static final String JOB = "job";

    private RunSummary() {}

    /**
     * Writes {@link #FILE} into the commit's staging directory.
     *
     * @param fields the job's keys, in order, with {@code arguments} and {@code seconds} (not modified)
     */
    public static void write(OutputCommit commit, String job, Map<String, Object> fields) throws IOException {
        write(commit, FILE, job, fields);
    }

    /** As {@link #write(OutputCommit, String, Map)}, under another file name. */
    public static void write(OutputCommit commit, String file, String job, Map<String, Object> fields)
            throws IOException {
        if (!fields.containsKey("arguments") || !fields.containsKey("seconds")) {
            throw new IllegalStateException(job + ": a run summary needs arguments and seconds");
        }
        Map<String, Object> m = new LinkedHashMap<>(fields);
        m.putIfAbsent(JOB, job);
        if (!m.containsKey("engineVersion")) {
            m.putIfAbsent("engine_version", Version.ENGINE);
        }
        m.put("files_written", filesWritten(commit, file));
        m.put(FILE_DIGESTS, fileDigests(commit, file));
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        commit.writeFile(file, json.writeValueAsBytes(m));
    }

    /**
     * The digest of every file in the output (recursively, by path relative to it; hidden and {@code _} entries and
     * this summary left out), which readers of the output check ({@link org.musubi.integrity.OutputDigests}).
     */
    private static Map<String, FileDigest> fileDigests(OutputCommit commit, String file) throws IOException {
        Map<String, FileDigest> out = new java.util.TreeMap<>();
        digests(commit.fs(), commit.staging(), "", file, out);
        return out;
    }

    private static void digests(FileSystem fs, Path dir, String prefix, String skip, Map<String, FileDigest> out)
            throws IOException {
        for (FileStatus st : fs.listStatus(dir)) {
            String name = st.getPath().getName();
            if (name.startsWith(".") || name.startsWith("_") || (prefix + name).equals(skip)) {
                continue;
            }
            if (st.isDirectory()) {
                digests(fs, st.getPath(), prefix + name + "/", skip, out);
            } else {
                out.put(prefix + name, WrittenDigests.of(fs, st));
            }
        }
    }

    private static List<String> filesWritten(OutputCommit commit, String file) throws IOException {
        List<String> names = new ArrayList<>();
        names.add(file);
        for (FileStatus st : commit.fs().listStatus(commit.staging())) {
            String name = st.getPath().getName();
            if (!name.startsWith(".") && !name.startsWith("_") && !name.equals(file)) {
                names.add(st.isDirectory() ? name + "/" : name);
            }
        }
        names.sort(null);
        return names;
    }
}
