package org.musubi.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory's {@code _SUCCESS} marker holds the digest of its manifest, the file that holds the digests of all the
 * others: {@code _table.json} for a table, the run summary ({@code summary.json}, simulate's {@code simulation.json})
 * for a job's output. Written by {@code OutputCommit} and {@code TableAssembler}, read by every reader of a table
 * ({@code VariantTable.open}) or an output ({@link OutputDigests}).
 *
 * <pre>{@code
 * _SUCCESS := {"manifest": "_table.json", "size": 12345, "crc32c": "89abcdef"}     (JSON, one line)
 * }</pre>
 *
 * An empty {@code _SUCCESS} is a directory written before digests were recorded: read unverified.
 */
public final class Manifests {
    private static final Logger LOG = LoggerFactory.getLogger(Manifests.class);
    private static final Set<String> LEGACY_LOGGED = ConcurrentHashMap.newKeySet();

    /** Hadoop configuration key: {@code false} turns verification off (for measuring its cost only). */
    public static final String VERIFY_KEY = "musubi.integrity.verify";

    public static final String SUCCESS = "_SUCCESS";

    /** The manifests a directory may have, in the order looked for. */
    public static final List<String> NAMES = List.of("_table.json", "summary.json", "simulation.json");

    private static final ObjectMapper JSON = new ObjectMapper();

    private Manifests() {}

    /** A manifest's bytes, and whether they were checked against {@code _SUCCESS} (false: written before digests). */
    public record Manifest(String name, byte[] bytes, boolean verified) {}

    /** Whether readers verify ({@link #VERIFY_KEY}, default true). */
    public static boolean verifying(Configuration conf) {
        return conf == null || conf.getBoolean(VERIFY_KEY, true);
    }

    /** The {@code _SUCCESS} content for {@code dir}: the digest of its manifest, or empty when it has none. */
    public static byte[] success(FileSystem fs, Path dir) throws IOException {
        for (String name : NAMES) {
            Path p = new Path(dir, name);
            if (fs.exists(p)) {
                FileDigest d = FileDigest.of(fs, p);
                String json =
                        "{\"manifest\":\"" + name + "\",\"size\":" + d.size() + ",\"crc32c\":\"" + d.crc32c() + "\"}\n";
                return json.getBytes(StandardCharsets.UTF_8);
            }
        }
        return new byte[0];
    }

    /**
     * Reads manifest {@code name} of {@code dir}, checked against {@code _SUCCESS} (which must exist; callers check
     * completeness first). {@code label} names the directory in messages.
     */
    public static Manifest read(FileSystem fs, Path dir, String name, String label) throws IOException {
        byte[] success;
        try (InputStream in = fs.open(new Path(dir, SUCCESS))) {
            success = in.readAllBytes();
        }
        byte[] bytes;
        try (InputStream in = fs.open(new Path(dir, name))) {
            bytes = in.readAllBytes();
        }
        if (success.length == 0) {
            if (LEGACY_LOGGED.add(dir.toString())) {
                LOG.info(
                        "{} was written before Musubi recorded checksums (its {} is empty): its files are read"
                                + " unverified; re-run the job that wrote it to add them",
                        label,
                        SUCCESS);
            }
            return new Manifest(name, bytes, false);
        }
        if (!verifying(fs.getConf())) {
            return new Manifest(name, bytes, true);
        }
        FileDigest expected = parse(success, label + "/" + SUCCESS);
        String recorded = JSON.readTree(success).path("manifest").asText();
        if (!recorded.equals(name)) {
            throw new IntegrityException(
                    label + "/" + SUCCESS, "the manifest it names (" + recorded + ", expected " + name + ")");
        }
        expected.verify(bytes, label + "/" + name);
        return new Manifest(name, bytes, true);
    }

    /** Whether {@code dir}'s {@code _SUCCESS} records a digest (false: written before digests, or absent). */
    public static boolean hasDigest(FileSystem fs, Path dir) throws IOException {
        Path p = new Path(dir, SUCCESS);
        return fs.exists(p) && fs.getFileStatus(p).getLen() > 0;
    }

    private static FileDigest parse(byte[] success, String label) {
        try {
            JsonNode n = JSON.readTree(success);
            if (n == null
                    || !n.path("size").isIntegralNumber()
                    || !n.path("crc32c").isTextual()
                    || !n.path("manifest").isTextual()) {
                throw new IntegrityException(label, "its content (not the digest record Musubi writes)");
            }
            return new FileDigest(n.get("size").asLong(), n.get("crc32c").asText());
        } catch (IOException e) {
            throw new IntegrityException(label, "its content (not the digest record Musubi writes)");
        }
    }
}
