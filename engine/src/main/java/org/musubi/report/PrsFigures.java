package org.musubi.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The figures of a prs output's {@code prs_report.html} (Musubi's own page: one {@code <h2>score &mdash;
 * outcome</h2>} per evaluation, followed by its inline {@code <svg>} plots), to embed them as they are: the same
 * drawings, already coarsened by the release gate when the run had a policy.
 */
final class PrsFigures {
    private PrsFigures() {}

    static final String SVG_NS = "http://www.w3.org/2000/svg";

    /** Per heading (as escaped in the page), its SVG elements in order; empty when the page is absent. */
    static Map<String, List<String>> read(FileSystem fs, Path page) throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (!fs.exists(page)) {
            return out;
        }
        String html;
        try (InputStream in = fs.open(page)) {
            html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int at = html.indexOf("<h2>");
        while (at >= 0) {
            int headEnd = html.indexOf("</h2>", at);
            if (headEnd < 0) {
                break;
            }
            String heading = html.substring(at + "<h2>".length(), headEnd);
            int next = html.indexOf("<h2>", headEnd);
            int stop = next < 0 ? html.length() : next;
            List<String> svgs = new ArrayList<>();
            int s = html.indexOf("<svg", headEnd);
            while (s >= 0 && s < stop) {
                int e = html.indexOf("</svg>", s);
                if (e < 0 || e > stop) {
                    break;
                }
                // inline SVG in HTML needs no namespace declaration: the page then names no URL at all
                svgs.add(html.substring(s, e + "</svg>".length()).replace(" xmlns=\"" + SVG_NS + "\"", "") + "\n");
                s = html.indexOf("<svg", e);
            }
            out.put(heading, svgs);
            at = next;
        }
        return out;
    }
}
