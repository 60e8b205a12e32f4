package org.musubi.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.musubi.format.TableMetadata;
import org.musubi.report.ReportInputs.Output;
import org.musubi.table.VariantTable;

/**
 * One page section per output kind, from the output's aggregates only: its {@code summary.json} (or a table's
 * {@code _table.json} and Parquet footers), the results files' top rows by P, {@code evaluation.tsv}, the plots
 * (PNG inline as data URIs, the SVG figures of {@code prs_report.html} inline). Per-sample files ({@code scores.*},
 * {@code *.sscore}, {@code samples.parquet}) and the sample-ID notes some summaries carry are never read or shown.
 */
final class ReportSections {
    private ReportSections() {}

    /** Rows of a top-hits table. */
    static final int TOP = 10;

    /**
     * Whether an output may leave its bank, and why.
     *
     * @param releasable produced under a release policy, gated aggregates only
     * @param detail the output's own release statement, or why it is internal
     */
    record Release(boolean releasable, String detail) {}

    /** A rendered section: its HTML body (after the heading) and its release status. */
    record Section(String html, Release release) {}

    static Section render(Output o, Configuration conf) throws IOException {
        return switch (o.kind()) {
            case TABLE -> table(o, conf);
            case GWAS -> gwas(o, conf);
            case PRS -> prs(o, conf);
            case FREQ -> freq(o, conf);
            case FREQ_MERGE -> freqMerge(o, conf);
            case META -> meta(o, conf);
        };
    }

    // ---------------------------------------------------------------- JSON cells

    /** A count: as written, {@code suppressed} for a JSON null (the release gate's mark), empty when absent. */
    static String count(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "";
        }
        return n.isNull() ? "suppressed" : n.asText();
    }

    /** A statistic to 4 significant digits, NA when null or absent. */
    static String num(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() || !n.isNumber() ? "NA" : Html.sig(n.asDouble());
    }

    static String list(JsonNode n) {
        if (n == null || !n.isArray() || n.isEmpty()) {
            return "none";
        }
        List<String> s = new ArrayList<>();
        n.forEach(e -> s.add(e.asText()));
        return String.join(", ", s);
    }

    static String text(JsonNode s, String key) {
        JsonNode n = s.get(key);
        return n == null || n.isNull() ? "" : n.asText();
    }

    /** The output's own release statement: releasable unless absent or {@code internal: …}. */
    static Release marked(JsonNode s, String key, String ifAbsent) {
        String r = text(s, key);
        if (r.isEmpty()) {
            return new Release(false, ifAbsent);
        }
        return new Release(!r.startsWith("internal"), r);
    }

    static String note(String text) {
        return "<p class=\"note\">" + Html.esc(text) + "</p>\n";
    }

    static String h3(String text) {
        return "<h3>" + Html.esc(text) + "</h3>\n";
    }

    static byte[] readBytes(FileSystem fs, Path p) throws IOException {
        try (InputStream in = fs.open(p)) {
            return in.readAllBytes();
        }
    }

    /** The Manhattan and QQ PNGs that exist, inline. */
    static String plots(FileSystem fs, Path dir, String... names) throws IOException {
        StringBuilder b = new StringBuilder("<div class=\"plots\">\n");
        for (String n : names) {
            Path p = new Path(dir, n);
            if (fs.exists(p)) {
                b.append(Html.png(readBytes(fs, p), n)).append('\n');
            }
        }
        return b.append("</div>\n").toString();
    }

    /** A top-hits table: the given columns (the first present of each alternative list) of the rows. */
    static String topTable(TopRows.Top top, List<List<String>> columns) {
        List<String> header = new ArrayList<>();
        List<String> chosen = new ArrayList<>();
        for (List<String> alternatives : columns) {
            for (String c : alternatives) {
                if (top.header().contains(c)) {
                    header.add(c);
                    chosen.add(c);
                    break;
                }
            }
        }
        List<List<String>> rows = new ArrayList<>();
        for (String[] r : top.rows()) {
            List<String> cells = new ArrayList<>();
            for (String c : chosen) {
                cells.add(top.cell(r, c));
            }
            rows.add(cells);
        }
        return Html.table(header, rows);
    }

    // ---------------------------------------------------------------- table

    static Section table(Output o, Configuration conf) throws IOException {
        VariantTable t = VariantTable.open(o.dir().toString(), conf);
        TableMetadata m = t.metadata;
        Map<String, long[]> perContig = new LinkedHashMap<>();
        for (String c : m.contigs) {
            perContig.put(c, new long[2]);
        }
        long rows = 0;
        for (VariantTable.VariantFile f : t.files(conf)) {
            long[] a = perContig.computeIfAbsent(f.contig(), k -> new long[2]);
            a[0] += f.rows();
            a[1] += f.bytes();
            rows += f.rows();
        }
        long bytes = t.sizeOnDisk();
        StringBuilder b = new StringBuilder();
        b.append(Html.table(
                List.of("bank", "genome build", "samples", "variants", "contigs", "bytes", "quarantined", "format"),
                List.of(List.of(
                        m.bank == null ? "" : m.bank,
                        m.genomeBuild == null ? "unknown" : m.genomeBuild,
                        Long.toString(m.sampleCount),
                        Long.toString(rows),
                        Integer.toString(perContig.size()),
                        Long.toString(bytes),
                        Long.toString(m.quarantinedCount),
                        m.formatVersion))));
        b.append(note(String.format(
                Locale.ROOT,
                "%s on disk, %.3f bytes per genotype; phase: %s, dosages: %s.",
                org.musubi.spark.Progress.bytes(bytes),
                rows * (double) m.sampleCount == 0 ? 0.0 : bytes / (rows * (double) m.sampleCount),
                m.hasPhase ? "yes" : "no",
                m.hasDosage ? "yes" : "no")));
        List<List<String>> contigRows = new ArrayList<>();
        perContig.forEach((c, a) -> contigRows.add(List.of(c, Long.toString(a[0]), Long.toString(a[1]))));
        b.append(Html.table(List.of("contig", "variants", "bytes"), contigRows));
        return new Section(
                b.toString(),
                new Release(
                        false,
                        "internal: a bank's individual-level genotypes (only the table's metadata is shown here;"
                                + " no sample is read)"));
    }

    // ---------------------------------------------------------------- gwas

    static String file(JsonNode files, String suffix, String fallback) {
        if (files != null && files.isArray()) {
            for (JsonNode f : files) {
                if (f.asText().endsWith(suffix)) {
                    return f.asText();
                }
            }
        }
        return fallback;
    }

    static Section gwas(Output o, Configuration conf) throws IOException {
        JsonNode s = o.summary();
        FileSystem fs = o.dir().getFileSystem(conf);
        String release = text(s, "release");
        Release r = new Release(
                false,
                release.isEmpty()
                        ? "internal: not for release (run without a release policy)"
                        : "internal: samples, cases, controls, failures and lambda GC come from summary.json, which"
                                + " the run marks internal (" + release + ")");
        StringBuilder b = new StringBuilder();
        List<List<String>> rows = new ArrayList<>();
        List<List<String>> errs = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = s.get("phenotypes").fields();
        List<String> phenos = new ArrayList<>();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode p = e.getValue();
            phenos.add(e.getKey());
            rows.add(List.of(
                    e.getKey(),
                    text(p, "model"),
                    count(p.get("samples")),
                    count(p.get("cases")),
                    count(p.get("controls")),
                    list(p.get("covariates")),
                    count(p.get("variants_tested")),
                    count(p.get("variants_failed")),
                    num(p.get("lambda_gc")),
                    count(p.get("p_below_5e-8"))));
            JsonNode ec = p.get("errcodes");
            if (ec != null) {
                ec.fields()
                        .forEachRemaining(x -> errs.add(
                                List.of(e.getKey(), x.getKey(), x.getValue().asText())));
            }
        }
        b.append(Html.table(
                List.of(
                        "phenotype",
                        "model",
                        "samples",
                        "cases",
                        "controls",
                        "covariates",
                        "tested",
                        "failed",
                        "lambda GC",
                        "P < 5e-8"),
                rows));
        if (errs.isEmpty()) {
            b.append(note("Failed variants by ERRCODE: none."));
        } else {
            b.append(note("Failed variants by ERRCODE (PLINK 2 codes):"));
            b.append(Html.table(List.of("phenotype", "ERRCODE", "variants"), errs));
        }
        if (s.has("withdrawn_samples_excluded")) {
            b.append(note("Withdrawn samples excluded: "
                    + s.get("withdrawn_samples_excluded").asText() + "."));
        }
        for (String pheno : phenos) {
            JsonNode files = s.get("phenotypes").get(pheno).get("files");
            String ssf = file(files, ".tsv.gz", pheno + ".tsv.gz");
            b.append(h3(pheno + ": top " + TOP + " variants by P (from " + ssf + ", GWAS-SSF)"));
            Path ssfPath = new Path(o.dir(), ssf);
            TopRows.Top top = fs.exists(ssfPath)
                    ? TopRows.read(ssfPath, conf, TOP, "p_value", "-log10:neg_log_10_p_value")
                    : null;
            if (top == null) {
                b.append(note("no " + ssf + " with a p_value column"));
            } else {
                b.append(topTable(
                        top,
                        List.of(
                                List.of("chromosome"),
                                List.of("base_pair_location"),
                                List.of("effect_allele"),
                                List.of("other_allele"),
                                List.of("beta", "odds_ratio", "hazard_ratio"),
                                List.of("standard_error"),
                                List.of("effect_allele_frequency"),
                                List.of("p_value", "neg_log_10_p_value"),
                                List.of("n"))));
            }
            b.append(plots(
                    fs,
                    o.dir(),
                    file(files, ".manhattan.png", pheno + ".manhattan.png"),
                    file(files, ".qq.png", pheno + ".qq.png")));
        }
        return new Section(b.toString(), r);
    }

    // ---------------------------------------------------------------- prs

    static Section prs(Output o, Configuration conf) throws IOException {
        JsonNode s = o.summary();
        FileSystem fs = o.dir().getFileSystem(conf);
        Release r = marked(s, "release", "internal: no release statement");
        JsonNode ev = s.get("evaluation");
        if (r.releasable() && ev != null) {
            Release e = marked(ev, "release", "internal: no release statement");
            if (!e.releasable()) {
                r = new Release(false, "internal: the evaluation is not gated (" + e.detail() + ")");
            }
        }
        StringBuilder b = new StringBuilder();
        b.append(note("Samples in the table: " + count(s.get("samples")) + "."));
        List<List<String>> rows = new ArrayList<>();
        s.get("scores").fields().forEachRemaining(e -> {
            JsonNode m = e.getValue();
            rows.add(List.of(
                    e.getKey(),
                    count(m.get("scoring_rows")),
                    count(m.get("matched")),
                    count(m.get("excluded")),
                    count(m.get("unmatched")),
                    num(m.get("match_rate")),
                    count(m.get("variants_scored"))));
        });
        b.append(Html.table(
                List.of("score", "scoring rows", "matched", "excluded", "unmatched", "match rate", "variants scored"),
                rows));
        Path evalPath = new Path(o.dir(), "evaluation.tsv");
        if (!fs.exists(evalPath)) {
            b.append(note("No evaluation (the run had no --outcome)."));
            return new Section(b.toString(), r);
        }
        Map<String, List<String>> svgs = PrsFigures.read(fs, new Path(o.dir(), "prs_report.html"));
        String[] lines = new String(readBytes(fs, evalPath), StandardCharsets.UTF_8).split("\n");
        List<String> header = List.of(lines[0].split("\t", -1));
        Map<String, List<String[]>> byPair = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            String[] f = lines[i].split("\t", -1);
            byPair.computeIfAbsent(
                            f[header.indexOf("score")] + "\t" + f[header.indexOf("outcome")], k -> new ArrayList<>())
                    .add(f);
        }
        for (Map.Entry<String, List<String[]>> e : byPair.entrySet()) {
            String[] so = e.getKey().split("\t", -1);
            String[] first = e.getValue().get(0);
            boolean binary = first[header.indexOf("outcome_type")].equals("binary");
            b.append(h3(so[0] + " — " + so[1]));
            b.append(note((binary ? "binary" : "quantitative") + " outcome; n = " + first[header.indexOf("n")]
                    + (binary
                            ? ", cases = " + first[header.indexOf("n_cases")] + ", controls = "
                                    + first[header.indexOf("n_controls")]
                            : "")
                    + "; covariates: " + first[header.indexOf("covariates")] + "; "
                    + first[header.indexOf("standardisation")]));
            List<List<String>> metrics = new ArrayList<>();
            for (String[] f : e.getValue()) {
                String metric = f[header.indexOf("metric")];
                if (metric.startsWith("or_decile_")) {
                    continue; // drawn in the decile plot below
                }
                String est = f[header.indexOf("estimate")];
                String lo = f[header.indexOf("lower")];
                String hi = f[header.indexOf("upper")];
                metrics.add(List.of(
                        metric,
                        cellNum(est),
                        lo.equals("NA") || lo.equals("suppressed") ? "" : "[" + cellNum(lo) + ", " + cellNum(hi) + "]",
                        f[header.indexOf("p")].equals("NA") ? "" : cellNum(f[header.indexOf("p")]),
                        f[header.indexOf("method")]));
            }
            b.append(Html.table(List.of("metric", "estimate", "95% CI", "P", "method"), metrics));
            List<String> figs = svgs.get(Html.esc(so[0]) + " &mdash; " + Html.esc(so[1]));
            if (figs != null && !figs.isEmpty()) {
                b.append("<div class=\"plots\">\n");
                figs.forEach(b::append);
                b.append("</div>\n");
            }
        }
        b.append(note("Figures from prs_report.html; decile ORs, calibration and top-x% cells in deciles.tsv and"
                + " calibration.tsv."));
        return new Section(b.toString(), r);
    }

    /** A number cell of a TSV: 4 significant digits, other text ({@code NA}, {@code suppressed}) as is. */
    static String cellNum(String v) {
        try {
            return Html.sig(Double.parseDouble(v));
        } catch (NumberFormatException e) {
            return v;
        }
    }

    // ---------------------------------------------------------------- freq, freq-merge

    static String strata(JsonNode s) {
        List<List<String>> rows = new ArrayList<>();
        JsonNode st = s.get("strata");
        if (st != null) {
            st.fields().forEachRemaining(e -> rows.add(List.of(e.getKey(), count(e.getValue()))));
        }
        return Html.table(List.of("stratum", "samples"), rows);
    }

    static String withheld(Output o, Configuration conf) throws IOException {
        Path parquet = new Path(o.dir(), "frequencies.parquet");
        FileSystem fs = parquet.getFileSystem(conf);
        if (!fs.exists(parquet)) {
            return "";
        }
        long[] c = FooterNulls.count(parquet, conf, "ac", "an", "nhomalt");
        List<List<String>> rows = new ArrayList<>();
        String[] names = {"AC", "AN", "nhomalt"};
        for (int i = 0; i < names.length; i++) {
            rows.add(List.of(names[i], c[i] < 0 ? "unknown" : Long.toString(c[i]), Long.toString(c[3])));
        }
        return note("Suppressed cells (withheld by the release gate, from the Parquet footers of"
                        + " frequencies.parquet):")
                + Html.table(List.of("count", "suppressed cells", "variant × stratum cells"), rows);
    }

    static Section freq(Output o, Configuration conf) throws IOException {
        JsonNode s = o.summary();
        Release r = marked(s, "release", "internal: no release statement");
        StringBuilder b = new StringBuilder();
        b.append(Html.table(
                List.of("bank", "genome build", "samples", "variants", "strata by", "release k"),
                List.of(List.of(
                        text(s, "bank"),
                        text(s, "genome_build"),
                        count(s.get("samples")),
                        count(s.get("variants")),
                        list(s.get("strata_by")),
                        s.get("release_k") == null || s.get("release_k").isNull() ? "none" : text(s, "release_k")))));
        b.append(strata(s));
        b.append(withheld(o, conf));
        return new Section(b.toString(), r);
    }

    static Section freqMerge(Output o, Configuration conf) throws IOException {
        JsonNode s = o.summary();
        Release r = marked(s, "release", "internal: no release statement");
        StringBuilder b = new StringBuilder();
        List<List<String>> banks = new ArrayList<>();
        for (JsonNode k : s.get("banks")) {
            banks.add(List.of(
                    text(k, "bank"),
                    text(k, "genome_build"),
                    k.get("release_k") == null || k.get("release_k").isNull() ? "none" : text(k, "release_k"),
                    count(k.get("variants")),
                    text(k, "release")));
        }
        b.append(Html.table(List.of("bank", "genome build", "release k", "variants", "release"), banks));
        JsonNode het = s.get("heterogeneity");
        b.append(Html.table(
                List.of("banks", "variants", "partial cells", "heterogeneity tested", "heterogeneity P < 1e-8"),
                List.of(List.of(
                        Integer.toString(s.get("banks").size()),
                        count(s.get("variants")),
                        count(s.get("partial_cells")),
                        het == null ? "" : count(het.get("tested")),
                        het == null ? "" : count(het.get("p_below_1e-8"))))));
        if (het != null && het.has("rule")) {
            b.append(note("Heterogeneity: " + het.get("rule").asText()));
        }
        List<List<String>> nb = new ArrayList<>();
        JsonNode byN = s.get("variants_by_n_banks");
        if (byN != null) {
            byN.fields().forEachRemaining(e -> nb.add(List.of(e.getKey(), count(e.getValue()))));
        }
        b.append(Html.table(List.of("n_banks", "variants"), nb));
        List<List<String>> fst = new ArrayList<>();
        for (JsonNode f : s.get("fst")) {
            fst.add(List.of(text(f, "bank1"), text(f, "bank2"), num(f.get("hudson_fst")), count(f.get("variants"))));
        }
        b.append(h3("Fst between banks"));
        b.append(Html.table(List.of("bank 1", "bank 2", "Hudson Fst", "variants"), fst));
        if (s.has("fst_estimator")) {
            b.append(note(s.get("fst_estimator").asText()));
        }
        b.append(h3("Samples per stratum (merged)"));
        b.append(strata(s));
        b.append(withheld(o, conf));
        return new Section(b.toString(), r);
    }

    // ---------------------------------------------------------------- meta

    static Section meta(Output o, Configuration conf) throws IOException {
        JsonNode s = o.summary();
        FileSystem fs = o.dir().getFileSystem(conf);
        StringBuilder b = new StringBuilder();
        List<List<String>> studies = new ArrayList<>();
        int gated = 0;
        for (JsonNode st : s.get("studies")) {
            String file = text(st, "file");
            long dropped = 0;
            JsonNode d = st.get("dropped");
            if (d != null) {
                for (JsonNode v : d) {
                    dropped += v.asLong();
                }
            }
            studies.add(List.of(
                    text(st, "study"),
                    shortName(file),
                    text(st, "effect_scale"),
                    count(st.get("lines")),
                    count(st.get("variants_used")),
                    Long.toString(dropped)));
            if (gatedSsf(new Path(file + "-meta.yaml"), conf)) {
                gated++;
            }
        }
        int k = s.get("studies").size();
        Release r = gated == k
                ? new Release(
                        true,
                        "summary statistics combined from " + k + " GWAS-SSF files, each written under a release"
                                + " policy (its -meta.yaml names the release gate)")
                : new Release(
                        false,
                        "internal: " + (k - gated) + " of " + k + " input GWAS-SSF files are not marked as written"
                                + " under a release policy (or were not found)");
        b.append(Html.table(
                List.of("scheme", "random effects", "studies", "variants combined", "lambda GC", "P < 5e-8"),
                List.of(List.of(
                        text(s, "scheme"),
                        text(s, "random_effects"),
                        Integer.toString(k),
                        count(s.get("variants_combined")),
                        num(s.get("lambda_gc")),
                        count(s.get("p_below_5e-8"))))));
        b.append(Html.table(List.of("study", "file", "effect scale", "lines", "variants used", "dropped"), studies));
        List<List<String>> byK = new ArrayList<>();
        JsonNode byN = s.get("variants_by_number_of_studies");
        if (byN != null) {
            byN.fields().forEachRemaining(e -> byK.add(List.of(e.getKey(), count(e.getValue()))));
        }
        b.append(Html.table(List.of("studies combined", "variants"), byK));
        JsonNode al = s.get("alignment");
        if (al != null) {
            List<List<String>> rows = new ArrayList<>();
            al.fields().forEachRemaining(e -> rows.add(List.of(e.getKey().replace('_', ' '), count(e.getValue()))));
            b.append(Html.table(List.of("alignment", "variants"), rows));
        }
        Path tbl = new Path(o.dir(), "meta.tbl");
        b.append(h3("Top " + TOP + " variants by P (from meta.tbl), with heterogeneity I²"));
        TopRows.Top top = fs.exists(tbl) ? TopRows.read(tbl, conf, TOP, "P-value") : null;
        if (top == null) {
            b.append(note("no meta.tbl with a P-value column"));
        } else {
            b.append(topTable(
                    top,
                    List.of(
                            List.of("MarkerName"),
                            List.of("Allele1"),
                            List.of("Allele2"),
                            List.of("Freq1"),
                            List.of("Effect", "Zscore"),
                            List.of("StdErr"),
                            List.of("P-value"),
                            List.of("Direction"),
                            List.of("HetISq"),
                            List.of("HetPVal"))));
        }
        b.append(plots(fs, o.dir(), "meta.manhattan.png", "meta.qq.png"));
        return new Section(b.toString(), r);
    }

    /** A study file by its directory and name ({@code bankA/cc.tsv.gz}): enough to tell the studies apart. */
    static String shortName(String file) {
        Path p = new Path(file);
        return p.getParent() == null || p.getParent().getName().isEmpty()
                ? p.getName()
                : p.getParent().getName() + "/" + p.getName();
    }

    /** Whether a GWAS-SSF metadata file says it was written under a release policy (Musubi's gwas names the gate). */
    static boolean gatedSsf(Path yaml, Configuration conf) throws IOException {
        FileSystem fs = yaml.getFileSystem(conf);
        if (!fs.exists(yaml)) {
            return false;
        }
        for (String l : new String(readBytes(fs, yaml), StandardCharsets.UTF_8).split("\n")) {
            if (l.startsWith("author_notes:") && l.contains("release gate k=")) {
                return true;
            }
        }
        return false;
    }
}
