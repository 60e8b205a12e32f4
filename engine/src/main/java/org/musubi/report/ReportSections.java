package org.musubi.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.musubi.plot.Html;
import org.musubi.release.ReleaseStatement;
import org.musubi.report.ReportInputs.Output;

/**
 * One page section per output kind ({@link TableSection}, {@link GwasSection}, {@link PrsSection}, {@link
 * FreqSection}, {@link MetaSection}) and what they share: the release status, cells from JSON, notes, inline plots,
 * top-hits tables. Sections draw on the output's aggregates only: its {@code summary.json} (or a table's {@code
 * _table.json} and Parquet footers), the results files' top rows by P, {@code evaluation.tsv}, the plots (PNG inline
 * as data URIs, the SVG figures of {@code prs_report.html} inline). Per-sample files ({@code scores.*}, {@code
 * *.sscore}, {@code samples.parquet}) and the sample-ID notes some summaries carry are never read or shown.
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
            case TABLE -> TableSection.render(o, conf);
            case QC -> QcSection.render(o);
            case WGR -> WgrSection.render(o);
            case GWAS -> GwasSection.render(o, conf);
            case PRS -> PrsSection.render(o, conf);
            case FREQ -> FreqSection.render(o, conf);
            case FREQ_MERGE -> FreqSection.renderMerge(o, conf);
            case META -> MetaSection.render(o, conf);
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

    /** The output's own release statement ({@link ReleaseStatement} of a summary): internal when it has none. */
    static Release statement(JsonNode s, String ifAbsent) {
        ReleaseStatement r = ReleaseStatement.from(s);
        return r == null ? new Release(false, ifAbsent) : new Release(r.releasable(), r.text());
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
}
