package org.musubi.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.musubi.Version;
import org.musubi.error.MusubiUserException;
import org.musubi.output.OutputRun;
import org.musubi.plot.Html;
import org.musubi.report.ReportInputs.Output;
import org.musubi.report.ReportSections.Section;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code musubi report}: one self-contained HTML page (no scripts, no external files; plots inline) over any set of
 * Musubi outputs: variant tables, gwas, prs, freq, freq-merge and meta outputs, found under the inputs by their
 * files ({@link ReportInputs}), one section each ({@link ReportSections}). Plain Java on the driver: it reads only
 * small aggregate files (summaries, the top rows of results files, Parquet footers, plots) through the Hadoop file
 * system, so {@code hdfs://} inputs and outputs work. The page states at the top whether it may be released: only
 * when every output it draws on was produced under a release policy; otherwise it lists the internal ones.
 */
public final class ReportPlan {
    private static final Logger LOG = LoggerFactory.getLogger(ReportPlan.class);

    private ReportPlan() {}

    /**
     * What the report holds.
     *
     * @param internal the outputs the page draws on that are internal (empty: the page is releasable)
     */
    public record Summary(String out, int outputs, List<String> internal) {
        public boolean releasable() {
            return internal.isEmpty();
        }
    }

    public static Summary run(Configuration conf, ReportRequest req) throws IOException {
        Path out = new Path(req.out());
        FileSystem fs = out.getFileSystem(conf);
        out = fs.makeQualified(out);
        if (fs.exists(out)) {
            if (fs.getFileStatus(out).isDirectory()) {
                throw new MusubiUserException(
                        "--out " + req.out() + " is a directory; give the HTML file to write, e.g. report.html");
            }
            if (!req.overwrite()) {
                throw new MusubiUserException("output " + req.out()
                        + " already exists; choose another path or pass --overwrite to replace it");
            }
        }
        List<Output> outputs = ReportInputs.find(req.inputs(), conf);
        List<Section> sections = new ArrayList<>();
        List<String> internal = new ArrayList<>();
        for (Output o : outputs) {
            Section s = ReportSections.render(o, conf);
            sections.add(s);
            if (!s.release().releasable()) {
                internal.add(o.name());
            }
        }
        String page = page(req.title(), outputs, sections, internal);
        write(conf, req.out(), req.overwrite(), page.getBytes(StandardCharsets.UTF_8));
        LOG.info(
                "report: {} output(s) on one page, {}: {}",
                outputs.size(),
                internal.isEmpty() ? "releasable" : "internal (" + internal.size() + " internal output(s))",
                req.out());
        return new Summary(req.out(), outputs.size(), List.copyOf(internal));
    }

    static String anchor(int i, Output o) {
        return o.kind().id + "-" + (i + 1);
    }

    static String page(String title, List<Output> outputs, List<Section> sections, List<String> internal) {
        StringBuilder h = new StringBuilder(Html.head(title));
        h.append("<p class=\"note\">Musubi ")
                .append(Html.esc(Version.ENGINE))
                .append(" report over ")
                .append(outputs.size())
                .append(" output(s). Aggregates only: no per-sample file was read and no sample ID is shown.</p>\n");
        if (internal.isEmpty()) {
            h.append("<div class=\"releasable\" id=\"release\"><b>Release: releasable.</b> Every output on this page"
                    + " was produced under a release policy and holds only release-gated aggregates.</div>\n");
        } else {
            h.append("<div class=\"internal\" id=\"release\"><b>Release: internal: not for release.</b> This page"
                            + " draws on ")
                    .append(internal.size())
                    .append(" internal output(s): ")
                    .append(Html.esc(String.join(", ", internal)))
                    .append(". For a page to share, give --inputs only the releasable outputs listed below.</div>\n");
        }
        h.append("<h2>Inputs</h2>\n<table><tr><th>output</th><th>kind</th><th>release</th><th>detail</th></tr>\n");
        for (int i = 0; i < outputs.size(); i++) {
            Output o = outputs.get(i);
            ReportSections.Release r = sections.get(i).release();
            h.append("<tr><td><a href=\"#")
                    .append(anchor(i, o))
                    .append("\">")
                    .append(Html.esc(o.name()))
                    .append("</a></td><td>")
                    .append(Html.esc(o.kind().label))
                    .append("</td><td>")
                    .append(r.releasable() ? "releasable" : "internal")
                    .append("</td><td style=\"text-align:left\">")
                    .append(Html.esc(r.detail()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
        for (int i = 0; i < outputs.size(); i++) {
            Output o = outputs.get(i);
            ReportSections.Release r = sections.get(i).release();
            h.append("<section id=\"")
                    .append(anchor(i, o))
                    .append("\" class=\"")
                    .append(o.kind().id)
                    .append("\">\n<h2>")
                    .append(Html.esc(o.kind().label))
                    .append(": ")
                    .append(Html.esc(o.name()))
                    .append("</h2>\n<p class=\"note\">")
                    .append(r.releasable() ? "Releasable: " : "")
                    .append(Html.esc(r.detail()))
                    .append("</p>\n")
                    .append(sections.get(i).html())
                    .append("</section>\n");
        }
        return h.append(Html.end()).toString();
    }

    /** Writes the page through a file commit: the file is complete or absent. */
    static void write(Configuration conf, String out, boolean overwrite, byte[] bytes) throws IOException {
        OutputRun.runFile(out, overwrite, conf, commit -> {
            try (OutputStream o = commit.fs().create(commit.file(), false)) {
                o.write(bytes);
            }
            return null;
        });
    }
}
