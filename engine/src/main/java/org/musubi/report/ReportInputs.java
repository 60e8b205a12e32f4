package org.musubi.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.musubi.error.MusubiUserException;
import org.musubi.format.TableMetadata;
import org.musubi.output.RunSummary;

/**
 * Finds the Musubi outputs under the report's inputs and tells their kind from their files: a variant table has
 * {@code _table.json}; the jobs' output directories have a {@code summary.json} whose {@code job} says which job
 * wrote it ({@link RunSummary}); for outputs written before summaries had it, its keys say ({@code phenotypes}:
 * gwas, {@code scores}: prs, {@code banks} + {@code fst}: freq-merge, {@code strata}: freq, {@code studies} +
 * {@code variants_combined}: meta). A directory that is not an output is walked one or two levels
 * down (the demo's root holds {@code gwas/bankA/}, {@code meta/qt/}, …); hidden ({@code .}) and {@code _} entries are
 * skipped (staging directories, markers). Only {@code summary.json} and {@code _table.json} are read here.
 */
final class ReportInputs {
    private ReportInputs() {}

    static final String SUMMARY = "summary.json";
    static final String SUCCESS = "_SUCCESS";
    /** How far below an input the outputs are looked for. */
    static final int DEPTH = 2;

    /** The kinds of output, in the order of the page. */
    enum Kind {
        TABLE("table", "variant table"),
        QC("qc", "qc"),
        WGR("wgr", "wgr"),
        GWAS("gwas", "gwas"),
        PRS("prs", "prs"),
        FREQ("freq", "freq"),
        FREQ_MERGE("freq-merge", "freq-merge"),
        META("meta", "meta");

        final String id;
        final String label;

        Kind(String id, String label) {
            this.id = id;
            this.label = label;
        }
    }

    /**
     * One output found.
     *
     * @param name how the page names it: the input as given, or the input's last path component and the path below
     *     it for an output found by walking
     * @param summary its summary.json (null for a table)
     */
    record Output(Kind kind, Path dir, String name, JsonNode summary) {}

    static final String EXPECTED = "expected a Musubi output directory (gwas, prs, freq, freq-merge or meta: with "
            + SUMMARY + " and " + SUCCESS + "), a variant table (with " + TableMetadata.FILE_NAME + "), or a"
            + " directory holding such outputs one or two levels down (e.g. the demo's --out)";

    /** The outputs under the inputs, each once, sorted by kind (page order), then in the order found. */
    static List<Output> find(List<String> inputs, Configuration conf) throws IOException {
        Map<Path, Output> found = new LinkedHashMap<>();
        for (String input : inputs) {
            Path dir = new Path(input);
            FileSystem fs = dir.getFileSystem(conf);
            if (!fs.exists(dir)) {
                throw new MusubiUserException(input + ": no such directory; " + EXPECTED);
            }
            if (!fs.getFileStatus(dir).isDirectory()) {
                throw new MusubiUserException(input + " is a file, not a Musubi output; " + EXPECTED);
            }
            dir = fs.makeQualified(dir);
            List<Output> here = new ArrayList<>();
            Output direct = detect(fs, dir, input);
            if (direct != null) {
                here.add(direct);
            } else {
                String base = stripSlash(input);
                String last = base.contains("/") ? base.substring(base.lastIndexOf('/') + 1) : base;
                walk(fs, dir, last.isEmpty() ? base : last, 1, here);
            }
            if (here.isEmpty()) {
                throw new MusubiUserException(input + " is not a Musubi output and holds none; " + EXPECTED);
            }
            for (Output o : here) {
                found.putIfAbsent(o.dir(), o);
            }
        }
        List<Output> out = new ArrayList<>(found.values());
        out.sort(Comparator.comparingInt(o -> o.kind().ordinal()));
        return out;
    }

    private static String stripSlash(String s) {
        String t = s;
        while (t.length() > 1 && t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    private static void walk(FileSystem fs, Path dir, String name, int depth, List<Output> out) throws IOException {
        FileStatus[] children = fs.listStatus(dir);
        Arrays.sort(children, Comparator.comparing(s -> s.getPath().getName()));
        for (FileStatus c : children) {
            String n = c.getPath().getName();
            if (!c.isDirectory() || n.startsWith(".") || n.startsWith("_")) {
                continue;
            }
            String childName = name + "/" + n;
            Output o = detect(fs, c.getPath(), childName);
            if (o != null) {
                out.add(o);
            } else if (depth < DEPTH) {
                walk(fs, c.getPath(), childName, depth + 1, out);
            }
        }
    }

    /** The output in dir, or null when dir is not one. An incomplete or unknown output is a user error. */
    static Output detect(FileSystem fs, Path dir, String name) throws IOException {
        boolean table = fs.exists(new Path(dir, TableMetadata.FILE_NAME));
        Path summaryPath = new Path(dir, SUMMARY);
        boolean summary = !table && fs.exists(summaryPath);
        if (!table && !summary) {
            return null;
        }
        if (!fs.exists(new Path(dir, SUCCESS))) {
            throw new MusubiUserException(name + " is an incomplete Musubi output (no " + SUCCESS + "): the job that"
                    + " wrote it did not finish; re-run it, or leave this directory out of --inputs");
        }
        if (table) {
            return new Output(Kind.TABLE, dir, name, null);
        }
        org.musubi.integrity.OutputDigests.verifyAll(fs, dir); // report reads most of an output: check it all
        JsonNode s;
        try (InputStream in = fs.open(summaryPath)) {
            s = new ObjectMapper().readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MusubiUserException(
                    name + "/" + SUMMARY + " is not valid JSON (" + e.getOriginalMessage() + "); " + EXPECTED);
        }
        Kind kind = kindOf(s);
        if (kind == null) {
            throw new MusubiUserException(name + "/" + SUMMARY + " is not from a Musubi job the report reads"
                    + " (qc, gwas, prs, freq, freq-merge, meta): "
                    + (s.hasNonNull(RunSummary.JOB)
                            ? "its job is " + s.get(RunSummary.JOB).asText()
                            : "none of the keys phenotypes, scores, banks, strata, studies")
                    + "; " + EXPECTED);
        }
        return new Output(kind, dir, name, s);
    }

    static Kind kindOf(JsonNode s) {
        if (s == null || !s.isObject()) {
            return null;
        }
        if (s.hasNonNull(RunSummary.JOB)) {
            String job = s.get(RunSummary.JOB).asText();
            for (Kind k : Kind.values()) {
                if (k != Kind.TABLE && k.id.equals(job)) {
                    return k;
                }
            }
            return null;
        }
        return kindFromKeys(s);
    }

    /** An output written before summaries named their job: its kind guessed from which keys exist. */
    private static Kind kindFromKeys(JsonNode s) {
        if (s.has("phenotypes")) {
            return Kind.GWAS;
        }
        if (s.has("scores")) {
            return Kind.PRS;
        }
        if (s.has("banks") && s.has("fst")) {
            return Kind.FREQ_MERGE;
        }
        if (s.has("strata")) {
            return Kind.FREQ;
        }
        if (s.has("studies") && s.has("variants_combined")) {
            return Kind.META;
        }
        return null;
    }
}
