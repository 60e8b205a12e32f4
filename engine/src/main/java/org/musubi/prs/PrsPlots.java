package org.musubi.prs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.musubi.plot.Svg;

/** The figures of a PRS evaluation as inline SVG ({@link Svg}): score distribution, ROC curves, decile plot. */
final class PrsPlots {
    private PrsPlots() {}

    /** The score distribution: per group, the fraction of the group in each bin; bars below k hidden. */
    static String histogramSvg(PrsEvaluation.Histogram hist) {
        double[] e = hist.edges();
        double ymax = 0;
        List<double[]> props = new ArrayList<>();
        boolean anyHidden = false;
        for (double[] c : hist.counts()) {
            double total = 0;
            for (double v : c) {
                total += Double.isNaN(v) ? 0 : v;
            }
            double[] p = new double[c.length];
            for (int i = 0; i < c.length; i++) {
                anyHidden |= Double.isNaN(c[i]);
                p[i] = Double.isNaN(c[i]) || total == 0 ? Double.NaN : c[i] / total;
                if (!Double.isNaN(p[i])) {
                    ymax = Math.max(ymax, p[i]);
                }
            }
            props.add(p);
        }
        ymax = ymax <= 0 ? 1 : ymax * 1.1;
        Svg.Frame fr = new Svg.Frame(e[0], e[e.length - 1], 0, ymax, false);
        StringBuilder s = Svg.open(
                "Score distribution" + (anyHidden ? " (bars < k hidden)" : ""),
                fr,
                "standardised PGS (SD units)",
                "fraction of group",
                new double[] {-3, -2, -1, 0, 1, 2, 3},
                new double[] {0, ymax / 2.2, ymax / 1.1});
        for (int g = 0; g < props.size(); g++) {
            double[] p = props.get(g);
            for (int i = 0; i < p.length; i++) {
                if (Double.isNaN(p[i]) || p[i] == 0) {
                    continue;
                }
                s.append(String.format(
                        Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" fill-opacity=\"0.45\"/>",
                        fr.px(e[i]),
                        fr.py(p[i]),
                        fr.px(e[i + 1]) - fr.px(e[i]),
                        fr.py(0) - fr.py(p[i]),
                        Svg.COLOURS[(g + 1) % 2 == 0 ? 1 : 0]));
            }
        }
        List<String> names = hist.names();
        s.append(Svg.legend(
                names.size() == 2 ? List.of(names.get(0), names.get(1)) : names,
                names.size() == 2 ? new String[] {Svg.COLOURS[0], Svg.COLOURS[1]} : new String[] {Svg.COLOURS[0]}));
        return s.append("</svg>\n").toString();
    }

    /** ROC curves, one per model, at most ~2000 vertices each. */
    static String rocSvg(List<PrsEvaluation.Curve> curves) {
        Svg.Frame fr = new Svg.Frame(0, 1, 0, 1, false);
        double[] t = {0, 0.25, 0.5, 0.75, 1};
        StringBuilder s = Svg.open("ROC", fr, "1 - specificity", "sensitivity", t, t);
        s.append(String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#aaa\" stroke-dasharray=\"4 3\"/>",
                fr.px(0),
                fr.py(0),
                fr.px(1),
                fr.py(1)));
        List<String> names = new ArrayList<>();
        for (int c = 0; c < curves.size(); c++) {
            PrsEvaluation.Curve cv = curves.get(c);
            // At most ~2000 vertices: every point is kept when fewer, else an even thinning (the curve is monotone).
            int step = Math.max(1, cv.x().length / 2000);
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < cv.x().length; i += step) {
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", fr.px(cv.x()[i]), fr.py(cv.y()[i])));
            }
            int last = cv.x().length - 1;
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f", fr.px(cv.x()[last]), fr.py(cv.y()[last])));
            s.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"")
                    .append(Svg.COLOURS[c % Svg.COLOURS.length])
                    .append("\" points=\"")
                    .append(pts)
                    .append("\"/>");
            names.add(cv.name());
        }
        s.append(Svg.legendBottom(names, Svg.W - Svg.R - 150));
        return s.append("</svg>\n").toString();
    }

    /** OR (binary) or mean outcome (quantitative) per PGS decile with 95% CIs; hidden deciles marked. */
    static String decileSvg(PrsEvaluation.Result r) {
        List<PrsEvaluation.Group> d =
                r.groups().stream().filter(g -> g.table().equals("pgs_decile")).toList();
        boolean bin = r.input().binary();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (PrsEvaluation.Group g : d) {
            if (g.hidden()) {
                continue;
            }
            double a = bin ? (Double.isNaN(g.or()) ? 1 : g.orLower()) : g.lower();
            double b = bin ? (Double.isNaN(g.or()) ? 1 : g.orUpper()) : g.upper();
            if (Double.isFinite(a)) {
                lo = Math.min(lo, a);
            }
            if (Double.isFinite(b)) {
                hi = Math.max(hi, b);
            }
        }
        if (!(lo < hi)) {
            lo = bin ? 0.5 : -1;
            hi = bin ? 2 : 1;
        }
        if (bin) {
            lo = Math.min(lo, 1) / 1.1;
            hi = Math.max(hi, 1) * 1.1;
        } else {
            double pad = 0.05 * (hi - lo);
            lo -= pad;
            hi += pad;
        }
        Svg.Frame fr = new Svg.Frame(0.5, 10.5, lo, hi, bin);
        double[] yt = bin ? new double[] {lo * 1.1, 1, hi / 1.1} : new double[] {lo, (lo + hi) / 2, hi};
        StringBuilder s = Svg.open(
                bin ? "OR by PGS decile vs deciles 5-6 (95% CI)" : "Mean outcome by PGS decile (95% CI)",
                fr,
                "PGS decile",
                bin ? "odds ratio (log scale)" : "mean outcome",
                new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
                yt);
        if (bin) {
            s.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#aaa\" stroke-dasharray=\"4 3\"/>",
                    Svg.L,
                    Svg.W - Svg.R,
                    fr.py(1),
                    fr.py(1)));
        }
        for (int i = 0; i < d.size(); i++) {
            PrsEvaluation.Group g = d.get(i);
            double x = fr.px(i + 1);
            if (g.hidden()) {
                s.append(String.format(
                        Locale.ROOT,
                        "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#999\">&lt;k</text>",
                        x,
                        Svg.T + 14));
                continue;
            }
            double est = bin ? (Double.isNaN(g.or()) ? 1 : g.or()) : g.value();
            if (bin && Double.isNaN(g.or())) {
                s.append(String.format(
                        Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\" fill=\"#555\"/>",
                        x - 4,
                        fr.py(1) - 4));
                continue;
            }
            double a = bin ? g.orLower() : g.lower();
            double b = bin ? g.orUpper() : g.upper();
            if (Double.isFinite(a) && Double.isFinite(b)) {
                s.append(String.format(
                        Locale.ROOT,
                        "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1.5\"/>",
                        x,
                        x,
                        fr.py(a),
                        fr.py(b),
                        Svg.COLOURS[0]));
            }
            s.append(String.format(
                    Locale.ROOT,
                    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>",
                    x,
                    fr.py(est),
                    Svg.COLOURS[0]));
        }
        return s.append("</svg>\n").toString();
    }
}
