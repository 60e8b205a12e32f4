package org.musubi.release;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.musubi.error.MusubiUserException;

/**
 * A bank's release policy (../shared/SPECS.md §5.2), read from a small YAML file of {@code key: value} lines (see
 * {@code conf/release.yaml}): {@code k} (every released count c with 0 < c < k is suppressed, with the values
 * derived from it), {@code withdrawn_samples} (a file of sample IDs, one per line, left out before counting) and
 * an optional {@code name}.
 */
public record ReleasePolicy(String name, int k, Set<String> withdrawn, String source) implements Serializable {
    public static ReleasePolicy read(String path, Configuration conf) throws IOException {
        Path p = new Path(path);
        String text;
        try (InputStream in = p.getFileSystem(conf).open(p)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.FileNotFoundException e) {
            throw new MusubiUserException("--release-policy " + path + ": file not found");
        }
        Integer k = null;
        String name = null;
        String withdrawnFile = null;
        int lineNo = 0;
        for (String raw : text.split("\n", -1)) {
            lineNo++;
            String l = raw.replaceAll("\\s+#.*$", "").strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int colon = l.indexOf(':');
            if (colon <= 0) {
                throw new MusubiUserException(path + ":" + lineNo + ": expected 'key: value', found '" + l + "'");
            }
            String key = l.substring(0, colon).strip();
            String value = unquote(l.substring(colon + 1).strip());
            switch (key) {
                case "k" -> {
                    try {
                        k = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        k = -1;
                    }
                    if (k < 1) {
                        throw new MusubiUserException(
                                path + ":" + lineNo + ": k: " + value + ": must be a whole number ≥ 1 (e.g. 5 or 20)");
                    }
                }
                case "name" -> name = value;
                case "withdrawn_samples" -> withdrawnFile = value.isEmpty() ? null : value;
                default -> throw new MusubiUserException(path + ":" + lineNo + ": unknown key '" + key
                        + "'; the policy keys are name, k, withdrawn_samples");
            }
        }
        if (k == null) {
            throw new MusubiUserException(path + ": no 'k:' line; add e.g. 'k: 20'");
        }
        Set<String> withdrawn = new LinkedHashSet<>();
        if (withdrawnFile != null) {
            Path w = new Path(withdrawnFile);
            if (!w.isAbsolute()
                    && p.getParent() != null
                    && !w.getFileSystem(conf).exists(w)) {
                w = new Path(p.getParent(), withdrawnFile); // relative to the policy file
            }
            try (InputStream in = w.getFileSystem(conf).open(w)) {
                for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    String id = l.strip();
                    if (!id.isEmpty() && !id.startsWith("#")) {
                        withdrawn.add(id);
                    }
                }
            } catch (java.io.FileNotFoundException e) {
                throw new MusubiUserException(path + ": withdrawn_samples " + withdrawnFile + ": file not found");
            }
        }
        return new ReleasePolicy(name, k, withdrawn, path);
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && ((v.startsWith("\"") && v.endsWith("\"")) || (v.startsWith("'") && v.endsWith("'")))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    /** Whether a count may be released: 0, or at least k. */
    public boolean releasable(long c) {
        return !ReleaseGate.small(c, k);
    }

    /** The header / summary line describing the gate. */
    public String describe() {
        return "release gate k=" + k + " (counts 0 < c < " + k + " suppressed, complementary suppression)"
                + (name == null ? "" : ", policy " + name) + ", " + withdrawn.size() + " withdrawn samples excluded";
    }
}
