package org.musubi.plot;

import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * What Musubi's self-contained HTML pages share ({@code prs_report.html}, the {@code report} job's page): escaping,
 * number formatting, the page head with its inline style, tables and inline images. Nothing here refers to an
 * external resource: no scripts, no style sheets, no remote images.
 */
public final class Html {
    private Html() {}

    static final String STYLE = "body{font-family:sans-serif;max-width:1400px;margin:1em auto;color:#222}"
            + "table{border-collapse:collapse;font-size:13px;margin:4px 0 10px}td,th{border:1px solid #ccc;"
            + "padding:2px 6px;text-align:right}th{background:#eee}td:first-child{text-align:left}"
            + ".plots{display:flex;flex-wrap:wrap;gap:12px}svg{background:#fff;border:1px solid #ddd}"
            + ".note{color:#555;font-size:13px}.internal{background:#fde8e8;border:1px solid #d62728;padding:6px 10px}"
            + ".releasable{background:#e8f5e9;border:1px solid #2ca02c;padding:6px 10px}"
            + "img{border:1px solid #ddd;max-width:680px}section{border-top:2px solid #ccc;margin-top:1.5em}";

    /** Escapes text for an HTML element or a double-quoted attribute. */
    public static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Four significant digits, NA for NaN. */
    public static String sig(double v) {
        return Double.isNaN(v) ? "NA" : String.format(Locale.ROOT, "%.4g", v);
    }

    /** The page up to and including its {@code <h1>} title. */
    public static String head(String title) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title)
                + "</title>\n<style>" + STYLE + "</style></head><body>\n<h1>" + esc(title) + "</h1>\n";
    }

    public static String end() {
        return "</body></html>\n";
    }

    /** A table of text cells (escaped); a header row, then the rows. */
    public static String table(List<String> header, List<List<String>> rows) {
        StringBuilder b = new StringBuilder("<table><tr>");
        for (String h : header) {
            b.append("<th>").append(esc(h)).append("</th>");
        }
        b.append("</tr>\n");
        for (List<String> r : rows) {
            b.append("<tr>");
            for (String c : r) {
                b.append("<td>").append(esc(c)).append("</td>");
            }
            b.append("</tr>\n");
        }
        return b.append("</table>\n").toString();
    }

    /** A PNG inline as a base64 data URI. */
    public static String png(byte[] png, String alt) {
        return "<img alt=\"" + esc(alt) + "\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png) + "\">";
    }
}
