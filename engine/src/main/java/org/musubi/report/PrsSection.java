package org.musubi.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.musubi.plot.FigurePage;
import org.musubi.plot.Html;
import org.musubi.report.ReportInputs.Output;
import org.musubi.report.ReportSections.Release;
import org.musubi.report.ReportSections.Section;

/**
 * A prs output: variant matching per score, the evaluation from {@code evaluation.tsv} (decile ORs left to the
 * decile plot) and the figures of {@code prs_report.html}. Per-sample files are never read.
 */
final class PrsSection {
    private PrsSection() {}

    static Section render(Output o, Configuration conf) throws IOException {
        JsonNode s = o.summary();
        FileSystem fs = o.dir().getFileSystem(conf);
        Release r = ReportSections.statement(s, "internal: no release statement");
        JsonNode ev = s.get("evaluation");
        if (r.releasable() && ev != null) {
            Release e = ReportSections.statement(ev, "internal: no release statement");
            if (!e.releasable()) {
                r = new Release(false, "internal: the evaluation is not gated (" + e.detail() + ")");
            }
        }
        StringBuilder b = new StringBuilder();
        b.append(ReportSections.note("Samples in the table: " + ReportSections.count(s.get("samples")) + "."));
        List<List<String>> rows = new ArrayList<>();
        s.get("scores").fields().forEachRemaining(e -> {
            JsonNode m = e.getValue();
            rows.add(List.of(
                    e.getKey(),
                    ReportSections.count(m.get("scoring_rows")),
                    ReportSections.count(m.get("matched")),
                    ReportSections.count(m.get("excluded")),
                    ReportSections.count(m.get("unmatched")),
                    ReportSections.num(m.get("match_rate")),
                    ReportSections.count(m.get("variants_scored"))));
        });
        b.append(Html.table(
                List.of("score", "scoring rows", "matched", "excluded", "unmatched", "match rate", "variants scored"),
                rows));
        Path evalPath = new Path(o.dir(), "evaluation.tsv");
        if (!fs.exists(evalPath)) {
            b.append(ReportSections.note("No evaluation (the run had no --outcome)."));
            return new Section(b.toString(), r);
        }
        Path page = new Path(o.dir(), "prs_report.html");
        Map<String, List<String>> svgs = fs.exists(page)
                ? FigurePage.read(new String(ReportSections.readBytes(fs, page), StandardCharsets.UTF_8))
                : Map.of();
        String[] lines = new String(ReportSections.readBytes(fs, evalPath), StandardCharsets.UTF_8).split("\n");
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
            b.append(ReportSections.h3(so[0] + " — " + so[1]));
            b.append(ReportSections.note(
                    (binary ? "binary" : "quantitative") + " outcome; n = " + first[header.indexOf("n")]
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
            List<String> figs = svgs.get(FigurePage.heading(so[0], so[1]));
            if (figs != null && !figs.isEmpty()) {
                b.append(FigurePage.figures(figs));
            }
        }
        b.append(ReportSections.note(
                "Figures from prs_report.html; decile ORs, calibration and top-x% cells in deciles.tsv and"
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
}
