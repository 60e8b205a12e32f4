package org.musubi.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.demo.DemoPlan;
import org.musubi.error.MusubiUserException;
import org.musubi.plot.Html;
import org.musubi.prs.PrsEvaluation;
import org.musubi.prs.PrsPlan;
import org.musubi.prs.PrsRequest;
import org.musubi.simulate.CohortFiles;
import org.musubi.testing.SparkTestBase;

/**
 * The report over a tiny demo (2 banks × 150 samples × 600 variants; the demo's last step writes
 * {@code report.html}) and over a prs run with a release policy: every section is there, the numbers in its HTML
 * tables equal those of the outputs' summary.json, evaluation.tsv, meta.tbl and GWAS-SSF files (parsed back from
 * the cells; statistics at the page's 4 significant digits), the page refers to nothing outside itself, no sample
 * ID of the cohort appears in it, the release statement follows the inputs, and inputs that are not outputs are
 * user errors naming the path.
 */
class ReportPlanSparkTest extends SparkTestBase {
    @TempDir
    static Path tmp;

    static Path demo;
    static String page;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void runDemo() throws Exception {
        demo = tmp.resolve("demo");
        DemoPlan.run(spark(), new DemoPlan.Request(demo.toString(), 2, 150, 600, 7L, false, List.of("test")));
        page = Files.readString(demo.resolve(DemoPlan.REPORT));
    }

    static Configuration conf() {
        return spark().sparkContext().hadoopConfiguration();
    }

    static JsonNode json(Path p) throws IOException {
        return JSON.readTree(p.toFile());
    }

    // ------------------------------------------------------------ HTML parsing

    static final Pattern SECTION = Pattern.compile("<section id=\"([^\"]+)\" class=\"[^\"]+\">\\n<h2>([^<]*)</h2>");
    static final Pattern TABLE = Pattern.compile("<table>(.*?)</table>", Pattern.DOTALL);
    static final Pattern ROW = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL);
    static final Pattern CELL = Pattern.compile("<t[dh][^>]*>(.*?)</t[dh]>", Pattern.DOTALL);

    static String unescape(String s) {
        return s.replaceAll("<[^>]+>", "")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
    }

    /** The section whose heading is "kind: …/name". */
    static String section(String heading) {
        Matcher m = SECTION.matcher(page);
        while (m.find()) {
            if (unescape(m.group(2)).endsWith(heading)) {
                int end = page.indexOf("</section>", m.end());
                return page.substring(m.start(), end);
            }
        }
        throw new AssertionError("no section " + heading + " in the page");
    }

    /** Every table of a piece of HTML: rows of cell texts, the header row first. */
    static List<List<List<String>>> tables(String html) {
        List<List<List<String>>> out = new ArrayList<>();
        Matcher t = TABLE.matcher(html);
        while (t.find()) {
            List<List<String>> rows = new ArrayList<>();
            Matcher r = ROW.matcher(t.group(1));
            while (r.find()) {
                List<String> cells = new ArrayList<>();
                Matcher c = CELL.matcher(r.group(1));
                while (c.find()) {
                    cells.add(unescape(c.group(1)));
                }
                rows.add(cells);
            }
            out.add(rows);
        }
        return out;
    }

    /** The cell in the column named header of the first row (of any table) whose first cell is key. */
    static String cell(String html, String header, String key) {
        for (List<List<String>> t : tables(html)) {
            int col = t.get(0).indexOf(header);
            if (col < 0) {
                continue;
            }
            for (List<String> row : t.subList(1, t.size())) {
                if (row.get(0).equals(key)) {
                    return row.get(col);
                }
            }
        }
        throw new AssertionError("no row " + key + " with a column " + header);
    }

    static String sig(double v) {
        return Html.sig(v);
    }

    // ------------------------------------------------------------ tests

    @Test
    void everyOutputOfTheDemoHasItsSection() {
        for (String bank : List.of("bankA", "bankB")) {
            section("tables/" + bank + ".mvt");
            section("gwas/" + bank);
            section("prs/" + bank);
            section("freq/" + bank);
        }
        section("demo/panel");
        section("meta/qt");
        section("meta/cc");
        assertThat(page).contains("<h1>Musubi demo: 2 simulated banks</h1>");
        // the gwas summaries and the tables are internal, so the page says it is
        assertThat(page).contains("Release: internal: not for release.").doesNotContain("Release: releasable.");
    }

    @Test
    void gwasNumbersAreTheSummaryAndTheGwasSsfFile() throws Exception {
        Path dir = demo.resolve("gwas/bankA");
        JsonNode s = json(dir.resolve("summary.json")).get("phenotypes");
        String html = section("gwas/bankA");
        for (String pheno : List.of("qt", "cc")) {
            JsonNode p = s.get(pheno);
            assertThat(cell(html, "samples", pheno)).isEqualTo(p.get("samples").asText());
            assertThat(cell(html, "tested", pheno))
                    .isEqualTo(p.get("variants_tested").asText());
            assertThat(cell(html, "failed", pheno))
                    .isEqualTo(p.get("variants_failed").asText());
            assertThat(cell(html, "P < 5e-8", pheno))
                    .isEqualTo(p.get("p_below_5e-8").asText());
            assertThat(cell(html, "lambda GC", pheno))
                    .isEqualTo(sig(p.get("lambda_gc").asDouble()));
            assertThat(cell(html, "model", pheno)).isEqualTo(p.get("model").asText());
        }
        assertThat(cell(html, "cases", "cc")).isEqualTo(s.get("cc").get("cases").asText());
        assertThat(cell(html, "controls", "cc"))
                .isEqualTo(s.get("cc").get("controls").asText());
        // the top hit is the GWAS-SSF line with the smallest p_value, its cells as the file writes them
        List<String> lines = gunzipLines(dir.resolve("qt.tsv.gz"));
        List<String> header = List.of(lines.get(0).split("\t"));
        int p = header.indexOf("p_value");
        String[] best = null;
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t");
            if (!f[p].equals("#NA") && (best == null || Double.parseDouble(f[p]) < Double.parseDouble(best[p]))) {
                best = f;
            }
        }
        List<List<String>> top = tables(html).stream()
                .filter(t -> t.get(0).contains("p_value") && t.get(0).contains("beta"))
                .findFirst()
                .orElseThrow();
        assertThat(top).hasSize(1 + ReportSections.TOP);
        assertThat(top.get(1))
                .containsExactly(
                        best[header.indexOf("chromosome")],
                        best[header.indexOf("base_pair_location")],
                        best[header.indexOf("effect_allele")],
                        best[header.indexOf("other_allele")],
                        best[header.indexOf("beta")],
                        best[header.indexOf("standard_error")],
                        best[header.indexOf("effect_allele_frequency")],
                        best[p],
                        best[header.indexOf("n")]);
        assertThat(html).contains("alt=\"qt.manhattan.png\" src=\"data:image/png;base64,");
        assertThat(html).contains("alt=\"cc.qq.png\" src=\"data:image/png;base64,");
    }

    static List<String> gunzipLines(Path p) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(p))) {
            return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
    }

    @Test
    void prsNumbersAreTheEvaluationTsv() throws Exception {
        Path dir = demo.resolve("prs/bankA");
        String html = section("prs/bankA");
        JsonNode score = json(dir.resolve("summary.json")).get("scores").get("SIM_PGS");
        assertThat(cell(html, "matched", "SIM_PGS"))
                .isEqualTo(score.get("matched").asText());
        assertThat(cell(html, "unmatched", "SIM_PGS"))
                .isEqualTo(score.get("unmatched").asText());
        List<String> lines = Files.readAllLines(dir.resolve("evaluation.tsv"));
        List<String> h = List.of(lines.get(0).split("\t"));
        int checked = 0;
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t");
            String metric = f[h.indexOf("metric")];
            if (metric.startsWith("or_decile_") || !f[h.indexOf("outcome")].equals("cc")) {
                continue;
            }
            String est = f[h.indexOf("estimate")];
            assertThat(cell(html, "estimate", metric))
                    .as(metric)
                    .isEqualTo(est.equals("NA") ? "NA" : sig(Double.parseDouble(est)));
            if (!f[h.indexOf("lower")].equals("NA")) {
                assertThat(cell(html, "95% CI", metric))
                        .as(metric)
                        .isEqualTo("[" + sig(Double.parseDouble(f[5])) + ", " + sig(Double.parseDouble(f[6])) + "]");
            }
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(10);
        // the key metrics a user looks for, and the figures of prs_report.html inline
        for (String m : List.of("auc_pgs", "or_per_sd", "or_top_10pct_vs_rest", "nagelkerke_r2_gain", "beta_per_sd")) {
            assertThat(html).contains("<td>" + m + "</td>");
        }
        assertThat(html).contains("<svg width=").contains("ROC");
    }

    @Test
    void freqMergeAndMetaNumbersAreTheirSummaries() throws Exception {
        JsonNode f = json(demo.resolve("freq/bankA/summary.json"));
        String html = section("freq/bankA");
        assertThat(cell(html, "variants", "bankA")).isEqualTo(f.get("variants").asText());
        assertThat(cell(html, "release k", "bankA"))
                .isEqualTo(f.get("release_k").asText());
        f.get("strata").fields().forEachRemaining(e -> assertThat(cell(html, "samples", e.getKey()))
                .isEqualTo(e.getValue().isNull() ? "suppressed" : e.getValue().asText()));
        assertThat(html).contains(f.get("release").asText().replace("<", "&lt;"));
        // suppressed cells: the null AC cells, counted here by Spark from the data
        long nullAc = spark().read()
                .parquet(demo.resolve("freq/bankA/frequencies.parquet").toString())
                .where("ac is null")
                .count();
        assertThat(cell(html, "suppressed cells", "AC")).isEqualTo(Long.toString(nullAc));
        assertThat(nullAc).isPositive();

        JsonNode m = json(demo.resolve("panel/summary.json"));
        String panel = section("demo/panel");
        assertThat(cell(panel, "variants", "2")).isEqualTo(m.get("variants").asText());
        assertThat(cell(panel, "heterogeneity P < 1e-8", "2"))
                .isEqualTo(m.get("heterogeneity").get("p_below_1e-8").asText());
        JsonNode fst = m.get("fst").get(0);
        assertThat(cell(panel, "Hudson Fst", fst.get("bank1").asText()))
                .isEqualTo(sig(fst.get("hudson_fst").asDouble()));

        JsonNode q = json(demo.resolve("meta/qt/summary.json"));
        String meta = section("meta/qt");
        assertThat(cell(meta, "variants combined", "stderr"))
                .isEqualTo(q.get("variants_combined").asText());
        assertThat(cell(meta, "lambda GC", "stderr"))
                .isEqualTo(sig(q.get("lambda_gc").asDouble()));
        List<String> tbl = Files.readAllLines(demo.resolve("meta/qt/meta.tbl"));
        String[] best = null;
        for (String l : tbl.subList(1, tbl.size())) {
            String[] c = l.split("\t");
            if (best == null || Double.parseDouble(c[9]) < Double.parseDouble(best[9])) {
                best = c;
            }
        }
        assertThat(cell(meta, "P-value", best[0])).isEqualTo(best[9]);
        assertThat(cell(meta, "HetISq", best[0])).isEqualTo(best[11]);

        JsonNode t = json(demo.resolve("tables/bankB.mvt/_table.json"));
        String table = section("tables/bankB.mvt");
        assertThat(cell(table, "samples", "bankB"))
                .isEqualTo(t.get("sampleCount").asText());
        assertThat(cell(table, "variants", "bankB"))
                .isEqualTo(t.get("variantCount").asText());
        assertThat(cell(table, "genome build", "bankB")).isEqualTo("GRCh38");
    }

    @Test
    void pageIsSelfContainedAndShowsNoSampleId() throws Exception {
        assertThat(page).doesNotContain("http://", "https://", "<script", "<link", "@import", "url(", "<iframe");
        Matcher src = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(page);
        int refs = 0;
        while (src.find()) {
            assertThat(src.group(1)).startsWith(src.group(0).startsWith("src") ? "data:image/png;base64," : "#");
            refs++;
        }
        assertThat(refs).isGreaterThan(10);
        Set<String> ids = new LinkedHashSet<>();
        for (String bank : List.of("bankA", "bankB")) {
            List<String> rows = Files.readAllLines(demo.resolve("sim/" + bank + "/" + CohortFiles.SAMPLES));
            for (String r : rows.subList(1, rows.size())) {
                ids.add(r.split("\t")[0]);
            }
        }
        assertThat(ids).hasSize(300);
        for (String id : ids) {
            assertThat(page).as("sample ID %s", id).doesNotContain(id);
        }
    }

    @Test
    void releasableInputsMakeAReleasablePageAndAPrsUnderAPolicyIsOne() throws Exception {
        Path prs = tmp.resolve("prs-release");
        PrsPlan.run(
                spark(),
                PrsRequest.builder()
                        .table(demo.resolve("tables/bankA.mvt").toString())
                        .scoreFiles(
                                List.of(demo.resolve("sim/" + CohortFiles.SCORE).toString()))
                        .out(prs.toString())
                        .arguments(List.of("test"))
                        .evaluation(new PrsRequest.Evaluation(
                                demo.resolve("sim/bankA/" + CohortFiles.PHENO).toString(),
                                List.of("cc"),
                                demo.resolve("sim/bankA/" + CohortFiles.COVAR).toString(),
                                List.of("age", "sex"),
                                "-9",
                                PrsEvaluation.Basis.ALL,
                                0.1))
                        .releasePolicy(
                                demo.resolve("sim/bankA/" + CohortFiles.RELEASE).toString())
                        .build());
        Path out = tmp.resolve("shared/report.html");
        ReportPlan.Summary s = ReportPlan.run(
                conf(),
                new ReportRequest(
                        List.of(
                                demo.resolve("freq").toString(),
                                demo.resolve("panel").toString(),
                                prs.toString()),
                        out.toString(),
                        "Release",
                        false,
                        List.of()));
        assertThat(s.outputs()).isEqualTo(4);
        assertThat(s.releasable()).isTrue();
        String html = Files.readString(out);
        assertThat(html).contains("Release: releasable.").doesNotContain("Release: internal");
        assertThat(html).contains("policy bankA-simulated-policy");
        // the gated evaluation's suppressed cells stay suppressed on the page
        String evaluation = Files.readString(prs.resolve("evaluation.tsv"));
        if (evaluation.contains("suppressed")) {
            assertThat(html).contains("<td>suppressed</td>");
        }

        // an existing page is kept without overwrite
        ReportRequest again = new ReportRequest(List.of(prs.toString()), out.toString(), "Again", false, List.of());
        assertThatThrownBy(() -> ReportPlan.run(conf(), again))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("already exists")
                .hasMessageContaining("--overwrite");
        ReportPlan.run(conf(), new ReportRequest(List.of(prs.toString()), out.toString(), "Again", true, List.of()));
        assertThat(Files.readString(out)).contains("<h1>Again</h1>");
    }

    @Test
    void inputsThatAreNotOutputsAreUserErrors() throws Exception {
        Path out = tmp.resolve("never.html");
        // a directory of per-sample inputs, not outputs
        String sim = demo.resolve("sim/bankA").toString();
        assertThatThrownBy(() -> ReportPlan.run(conf(), request(sim, out)))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining(sim + " is not a Musubi output")
                .hasMessageContaining("expected a Musubi output directory");
        String missing = tmp.resolve("nothing-here").toString();
        assertThatThrownBy(() -> ReportPlan.run(conf(), request(missing, out)))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining(missing + ": no such directory");
        String file = demo.resolve("sim/bankA/" + CohortFiles.PHENO).toString();
        assertThatThrownBy(() -> ReportPlan.run(conf(), request(file, out)))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining(file + " is a file");
        // a summary.json of something else
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(other.resolve("summary.json"), "{\"hello\": 1}");
        Files.writeString(other.resolve("_SUCCESS"), "");
        assertThatThrownBy(() -> ReportPlan.run(conf(), request(other.toString(), out)))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("summary.json is not from a Musubi job");
        // an output without _SUCCESS
        Path partial = Files.createDirectories(tmp.resolve("partial"));
        Files.copy(demo.resolve("freq/bankA/summary.json"), partial.resolve("summary.json"));
        assertThatThrownBy(() -> ReportPlan.run(conf(), request(partial.toString(), out)))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("incomplete Musubi output");
        assertThat(out).doesNotExist();
    }

    static ReportRequest request(String input, Path out) {
        return new ReportRequest(List.of(input), out.toString(), "x", false, List.of());
    }
}
