package org.musubi.plot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A page of inline SVG figures under {@code <h2>} headings, written and read back by one class: the prs job writes
 * {@code prs_report.html} with {@link #heading} and {@link #figures} (one heading per score and outcome), and the
 * report page embeds those same drawings, already coarsened by the release gate, with {@link #read}.
 */
public final class FigurePage {
    private FigurePage() {}

    static final String SVG_NS = "http://www.w3.org/2000/svg";

    /** The HTML of a heading made of parts (escaped), joined by an em dash: the key {@link #read} files figures by. */
    public static String heading(String... parts) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            b.append(i == 0 ? "" : " &mdash; ").append(Html.esc(parts[i]));
        }
        return b.toString();
    }

    /** The figures of a heading, side by side. */
    public static String figures(List<String> svgs) {
        StringBuilder b = new StringBuilder("<div class=\"plots\">\n");
        svgs.forEach(b::append);
        return b.append("</div>\n").toString();
    }

    /**
     * Per heading of a page (its {@link #heading} HTML), the {@code <svg>} elements that follow it before the next
     * heading, in order, without their namespace declaration (inline SVG in HTML needs none: the page then names no
     * URL at all).
     */
    public static Map<String, List<String>> read(String html) {
        Map<String, List<String>> out = new LinkedHashMap<>();
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
                svgs.add(html.substring(s, e + "</svg>".length()).replace(" xmlns=\"" + SVG_NS + "\"", "") + "\n");
                s = html.indexOf("<svg", e);
            }
            out.put(heading, svgs);
            at = next;
        }
        return out;
    }
}
