package org.musubi.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an output says about its release, as data: whether it may leave the bank, under which policy, k, the
 * frequency floor, the withdrawn samples, what the gate suppressed and, for an internal output with releasable
 * files (gwas: its GWAS-SSF files), which. freq, freq-merge, prs, gwas and meta put it into their {@code summary.json}
 * ({@link #KEY}, {@link #toMap}) and gwas and meta into each GWAS-SSF {@code -meta.yaml} ({@link #yamlLine}); report
 * reads it ({@link #from}) instead of testing text. {@link #text} is the output's human release line; {@link
 * #withdrawnExcluded} is null where the file does not state it (a GWAS-SSF file: see the run's summary).
 */
public record ReleaseStatement(
        boolean releasable,
        String text,
        String policy,
        String policyFile,
        int k,
        String frequencyFloor,
        int withdrawnListed,
        Integer withdrawnExcluded,
        List<String> suppressed,
        List<String> releasableFiles) {
    /** The key of the statement in a {@code summary.json} and a {@code -meta.yaml}. */
    public static final String KEY = "release_statement";

    /** What the gate suppresses in counts (freq, freq-merge, prs's evaluation). */
    public static final List<String> GATED_COUNTS = List.of(
            "counts 0 < c < k and every value derived from them",
            "every count of a stratum or group of 0 < N < k samples",
            "complementary suppression (a second part wherever a total and all but one part would be shown)");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An output not for release. */
    public static ReleaseStatement internal(String text) {
        return new ReleaseStatement(false, text, null, null, 0, null, 0, 0, List.of(), List.of());
    }

    /** An output written under a policy (null: gated at k without a policy file, as freq-merge by default). */
    public static ReleaseStatement gated(
            boolean releasable,
            String text,
            ReleasePolicy policy,
            int k,
            String frequencyFloor,
            Integer withdrawnExcluded,
            List<String> suppressed,
            List<String> releasableFiles) {
        return new ReleaseStatement(
                releasable,
                text,
                policy == null ? null : policy.name(),
                policy == null ? null : policyFileAsStated(policy.source(), releasable),
                k,
                frequencyFloor,
                policy == null ? 0 : policy.withdrawn().size(),
                withdrawnExcluded,
                List.copyOf(suppressed),
                List.copyOf(releasableFiles));
    }

    /**
     * The policy file as a statement names it: its full path in an internal output (provenance for the bank), only its
     * file name in a releasable one (a bank's directory layout does not leave the bank).
     */
    static String policyFileAsStated(String source, boolean releasable) {
        if (source == null || !releasable) {
            return source;
        }
        int slash = Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\'));
        return slash < 0 ? source : source.substring(slash + 1);
    }

    /** A counts output (freq, freq-merge, prs): internal when k = 0, else releasable, gated at k. */
    public static ReleaseStatement counts(ReleasePolicy policy, int k, String text, int withdrawnExcluded) {
        return k == 0 ? internal(text) : gated(true, text, policy, k, null, withdrawnExcluded, GATED_COUNTS, List.of());
    }

    private static final String GWAS_INTERNAL = "internal: not for release (run without a release policy)";
    private static final String SSF_FLOOR =
            "GWAS-SSF effect_allele_frequency floored at k/(2n) per variant (n = OBS_CT)";
    private static final List<String> SSF_SUPPRESSED =
            List.of("GWAS-SSF n and -meta.yaml sample, case and control counts 0 < c < k");

    /**
     * A gwas run: internal (results.parquet, PLINK files, summary); with a policy the GWAS-SSF files of its
     * phenotypes and their metadata are releasable ({@link #ssf}).
     */
    public static ReleaseStatement gwas(
            ReleasePolicy policy, String text, int withdrawnExcluded, Iterable<String> phenotypes) {
        if (policy == null) {
            return internal(GWAS_INTERNAL);
        }
        List<String> files = new ArrayList<>();
        for (String name : phenotypes) {
            files.add(name + ".tsv.gz");
            files.add(name + ".tsv.gz-meta.yaml");
        }
        return gated(false, text, policy, policy.k(), SSF_FLOOR, withdrawnExcluded, SSF_SUPPRESSED, files);
    }

    /** One GWAS-SSF file of a gwas run, for its {@code -meta.yaml}. */
    public static ReleaseStatement ssf(ReleasePolicy policy) {
        return policy == null
                ? internal(GWAS_INTERNAL)
                : gated(true, policy.describe(), policy, policy.k(), SSF_FLOOR, null, SSF_SUPPRESSED, List.of());
    }

    /**
     * A meta-analysis of GWAS-SSF files (their statements, null where a file has none): releasable when every input
     * is, gated at the smallest k of the inputs.
     */
    public static ReleaseStatement combined(List<ReleaseStatement> inputs) {
        int gated = 0;
        int k = Integer.MAX_VALUE;
        for (ReleaseStatement s : inputs) {
            if (s != null && s.releasable()) {
                gated++;
                k = Math.min(k, s.k());
            }
        }
        int n = inputs.size();
        return gated == n
                ? gated(
                        true,
                        "summary statistics combined from " + n + " GWAS-SSF files, each written under a release"
                                + " policy (its -meta.yaml names the release gate)",
                        null,
                        k,
                        null,
                        null,
                        List.of("as each input GWAS-SSF file"),
                        List.of())
                : internal("internal: " + (n - gated) + " of " + n + " input GWAS-SSF files are not marked as"
                        + " written under a release policy (or were not found)");
    }

    /** As written into a summary map (JSON). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("releasable", releasable);
        m.put("text", text);
        m.put("policy", policy);
        m.put("policy_file", policyFile);
        m.put("k", k == 0 ? null : k);
        m.put("frequency_floor", frequencyFloor);
        m.put("withdrawn_listed", withdrawnListed);
        m.put("withdrawn_excluded", withdrawnExcluded);
        m.put("suppressed", suppressed);
        m.put("releasable_files", releasableFiles);
        return m;
    }

    /** One YAML line ({@code release_statement: {…}}, a JSON flow mapping) for a {@code -meta.yaml}. */
    public String yamlLine() {
        try {
            return KEY + ": " + JSON.writeValueAsString(toMap()) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The statement of a summary (its {@link #KEY} object); null when it has none. */
    public static ReleaseStatement from(JsonNode summary) {
        JsonNode n = summary == null ? null : summary.get(KEY);
        if (n == null || !n.isObject()) {
            return null;
        }
        return new ReleaseStatement(
                n.path("releasable").asBoolean(false),
                n.path("text").asText(""),
                textOrNull(n.get("policy")),
                textOrNull(n.get("policy_file")),
                n.path("k").asInt(0),
                textOrNull(n.get("frequency_floor")),
                n.path("withdrawn_listed").asInt(0),
                n.hasNonNull("withdrawn_excluded") ? n.get("withdrawn_excluded").asInt() : null,
                strings(n.get("suppressed")),
                strings(n.get("releasable_files")));
    }

    /** The statement of a {@code -meta.yaml}'s text (its {@link #KEY} line); null when it has none. */
    public static ReleaseStatement fromYaml(String yaml) throws JsonProcessingException {
        for (String l : yaml.split("\n")) {
            if (l.startsWith(KEY + ":")) {
                JsonNode n = JSON.readTree(l.substring(KEY.length() + 1).strip());
                return from(JSON.createObjectNode().set(KEY, n));
            }
        }
        return null;
    }

    private static String textOrNull(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(e -> out.add(e.asText()));
        }
        return List.copyOf(out);
    }
}
