package org.musubi.release;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.musubi.error.MusubiUserException;
import org.musubi.io.InputFile;
import org.musubi.samples.SampleIds;
import org.musubi.samples.SampleList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bank's release policy (../shared/SPECS.md §5.2), read from a small YAML file of {@code key: value} lines (see
 * {@code conf/release.yaml}): {@code k} (every released count c with 0 < c < k is suppressed, with the values
 * derived from it), {@code withdrawn_samples} (a {@link SampleList} file, {@code IID} or {@code FID IID} per line,
 * left out before counting), {@code missing_withdrawn} ({@code error}, the default: a listed sample that matches no
 * table sample is a user error naming it; {@code warn}: a WARN line) and an optional {@code name}. Read by freq,
 * freq-merge, prs and gwas; {@link #withdrawnIn} is how each of them finds the withdrawn samples of its table.
 */
public record ReleasePolicy(String name, int k, SampleList withdrawn, String source, boolean warnMissingWithdrawn)
        implements Serializable {
    private static final Logger LOG = LoggerFactory.getLogger(ReleasePolicy.class);

    public static ReleasePolicy read(String path, Configuration conf) throws IOException {
        Path p = new Path(path);
        String text;
        try (InputStream in = InputFile.openInput("--release-policy", p, conf)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Integer k = null;
        String name = null;
        String withdrawnFile = null;
        boolean warnMissing = false;
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
                case "missing_withdrawn" -> {
                    if (!value.equals("error") && !value.equals("warn")) {
                        throw new MusubiUserException(path + ":" + lineNo + ": missing_withdrawn: " + value
                                + ": use error (the default) or warn");
                    }
                    warnMissing = value.equals("warn");
                }
                default -> throw new MusubiUserException(path + ":" + lineNo + ": unknown key '" + key
                        + "'; the policy keys are name, k, withdrawn_samples, missing_withdrawn");
            }
        }
        if (k == null) {
            throw new MusubiUserException(path + ": no 'k:' line; add e.g. 'k: 20'");
        }
        SampleList withdrawn = SampleList.EMPTY;
        if (withdrawnFile != null) {
            Path w = new Path(withdrawnFile);
            if (!w.isAbsolute()
                    && p.getParent() != null
                    && !w.getFileSystem(conf).exists(w)) {
                w = new Path(p.getParent(), withdrawnFile); // relative to the policy file
            }
            withdrawn = SampleList.read(path + ": withdrawn_samples", w, conf);
        }
        return new ReleasePolicy(name, k, withdrawn, path, warnMissing);
    }

    /**
     * The withdrawn samples of a table, by the one sample-ID rule ({@link SampleIds}).
     *
     * @param excluded per table sample (table order): withdrawn
     * @param ids their table IDs
     */
    public record Withdrawn(boolean[] excluded, Set<String> ids) {
        public int count() {
            return ids.size();
        }
    }

    /**
     * Which of a table's samples the policy withdraws. A listed sample that matches no table sample is a user error
     * naming it (an ID mismatch must not pass as "not in the table"), or a WARN line with {@code missing_withdrawn:
     * warn}.
     */
    public Withdrawn withdrawnIn(List<String> tableIds, String job) {
        SampleList.Match m = withdrawn.match(tableIds);
        if (!m.unmatched().isEmpty()) {
            List<String> first = new ArrayList<>();
            for (SampleIds.Entry e :
                    m.unmatched().subList(0, Math.min(5, m.unmatched().size()))) {
                first.add(e.toString());
            }
            String hint = SampleList.nearMiss(m.unmatched().get(0), tableIds);
            String what = m.unmatched().size() + " of the " + withdrawn.size() + " samples of withdrawn_samples "
                    + withdrawn.path + " match no table sample (" + String.join(", ", first)
                    + (m.unmatched().size() > first.size() ? ", …" : "") + ")";
            if (!warnMissingWithdrawn) {
                throw new MusubiUserException("--release-policy " + source + ": " + what + "; a listed sample matches"
                        + " the table sample named IID or FID_IID (FID as listed, else the IID)"
                        + (hint == null ? "" : ": " + hint)
                        + ". Correct the list, or add 'missing_withdrawn: warn' to the policy if these samples are"
                        + " not in this table");
            }
            LOG.warn("{}: {} (missing_withdrawn: warn)", job, what);
        }
        return new Withdrawn(m.inList(), m.ids(tableIds));
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
        return ReleaseGate.describe(k) + (name == null ? "" : ", policy " + name) + ", " + withdrawn.size()
                + " withdrawn samples excluded";
    }
}
