package org.musubi.plot;

import java.util.List;
import java.util.Locale;

/**
 * Small inline SVG charts for Musubi's HTML pages (the PRS figures of {@code prs_report.html}, which the report page
 * embeds): a fixed-size frame with linear or log y, ticks, axis labels and legends. Text is escaped with {@link
 * Html#esc}; numbers are written with {@link Locale#ROOT}.
 */
public final class Svg {
    private Svg() {}

    /** Width and height of a figure, and the margins of its plot area (left, right, top, bottom). */
    public static final int W = 440;

    public static final int H = 320;
    public static final int L = 55;
    public static final int R = 15;
    public static final int T = 30;
    public static final int B = 45;
    /** The series colours, in order. */
    public static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};

    /** A plot frame: x and y ranges, axis labels, ticks. */
    public record Frame(double x0, double x1, double y0, double y1, boolean logY) {
        public double px(double x) {
            return L + (x - x0) / (x1 - x0) * (W - L - R);
        }

        public double py(double y) {
            double a = logY ? Math.log(y) : y;
            double lo = logY ? Math.log(y0) : y0;
            double hi = logY ? Math.log(y1) : y1;
            return H - B - (a - lo) / (hi - lo) * (H - T - B);
        }
    }

    /**
     * Opens a figure: the {@code <svg>} element, its title, the plot area's border, the ticks (grid lines across
     * for y) and the axis labels; the caller draws, then appends {@code </svg>}.
     */
    public static StringBuilder open(
            String title, Frame fr, String xLabel, String yLabel, double[] xTicks, double[] yTicks) {
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(W)
                .append("\" height=\"")
                .append(H)
                .append("\" font-size=\"11\" font-family=\"sans-serif\">");
        s.append("<text x=\"").append(W / 2).append("\" y=\"16\" text-anchor=\"middle\" font-size=\"13\">");
        s.append(Html.esc(title)).append("</text>");
        s.append(String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>",
                L,
                T,
                W - L - R,
                H - T - B));
        for (double x : xTicks) {
            s.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    fr.px(x),
                    H - B + 14,
                    tick(x)));
        }
        for (double y : yTicks) {
            s.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>"
                            + "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>",
                    L - 4,
                    fr.py(y) + 4,
                    tick(y),
                    L,
                    W - R,
                    fr.py(y),
                    fr.py(y)));
        }
        s.append("<text x=\"")
                .append((W + L) / 2)
                .append("\" y=\"")
                .append(H - 8)
                .append("\" text-anchor=\"middle\">")
                .append(Html.esc(xLabel))
                .append("</text>");
        s.append(String.format(
                Locale.ROOT,
                "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">%s</text>",
                (H - B + T) / 2,
                (H - B + T) / 2,
                Html.esc(yLabel)));
        return s;
    }

    /** A tick label: whole numbers as integers, else two significant digits. */
    public static String tick(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2g", v);
    }

    /** A legend in the top-left corner of the plot area: a swatch of {@code colours[i]} and each name. */
    public static String legend(List<String> names, String[] colours) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            int y = T + 14 + 14 * i;
            s.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>",
                    L + 8,
                    y - 9,
                    colours[i],
                    L + 22,
                    y,
                    Html.esc(names.get(i))));
        }
        return s.toString();
    }

    /** A legend in the bottom of the plot area at {@code x}, the last name lowest, colours as {@link #COLOURS}. */
    public static String legendBottom(List<String> names, int x) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            int y = H - B - 10 - 14 * (names.size() - 1 - i);
            s.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>",
                    x,
                    y - 9,
                    COLOURS[i % COLOURS.length],
                    x + 14,
                    y,
                    Html.esc(names.get(i))));
        }
        return s.toString();
    }
}
