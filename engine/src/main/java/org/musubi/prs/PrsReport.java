package org.musubi.prs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.musubi.report.Html;

/**
 * The text outputs of a PRS evaluation: {@code evaluation.tsv} (one row per score × outcome × metric),
 * {@code evaluation_ppm.csv} (PGS Catalog performance-metric columns, values {@code estimate [lower,upper]}),
 * {@code deciles.tsv} (PGS deciles and top-x % cells), {@code calibration.tsv}, and {@code prs_report.html}: a
 * self-contained page (inline SVG, no scripts, no external files) with, per score and outcome, the metrics, the
 * score distribution (cases vs controls), the ROC curves and the decile plot with CIs. Cells hidden by the release
 * gate are written {@code suppressed} and not drawn. No sample ID or per-sample value is written here.
 */
public final class PrsReport {
    private PrsReport() {}

    static final String SUPPRESSED = "suppressed";

    /** Full-precision decimal, NA for NaN. */
    static String num(double v) {
        return Double.isNaN(v) ? "NA" : Double.toString(v);
    }

    static String count(long c, boolean hidden) {
        return hidden ? SUPPRESSED : Long.toString(c);
    }

    static String basis(PrsEvaluation.Result r) {
        return "z = (SUM - mean) / SD over " + (r.input().basis() == PrsEvaluation.Basis.ALL ? "all" : "control")
                + " samples";
    }

    static String covariates(PrsEvaluation.Result r) {
        return r.input().covariateNames().isEmpty()
                ? "none"
                : String.join(",", r.input().covariateNames());
    }

    public static String evaluationTsv(List<PrsEvaluation.Result> results, String release) {
        StringBuilder b = new StringBuilder("score\toutcome\toutcome_type\tmetric\testimate\tlower\tupper\tse\tp"
                + "\tmethod\tn\tn_cases\tn_controls\tcovariates\tstandardisation\trelease\n");
        for (PrsEvaluation.Result r : results) {
            boolean bin = r.input().binary();
            for (PrsEvaluation.Metric m : r.metrics()) {
                b.append(String.join(
                                "\t",
                                r.input().score(),
                                r.input().outcome(),
                                bin ? "binary" : "quantitative",
                                m.name(),
                                m.suppressed() ? SUPPRESSED : num(m.estimate()),
                                m.suppressed() ? SUPPRESSED : num(m.lower()),
                                m.suppressed() ? SUPPRESSED : num(m.upper()),
                                m.suppressed() ? SUPPRESSED : num(m.se()),
                                m.suppressed() ? SUPPRESSED : num(m.p()),
                                m.method(),
                                count(r.n(), r.countsHidden()),
                                bin ? count(r.cases(), r.countsHidden()) : "NA",
                                bin ? count(r.controls(), r.countsHidden()) : "NA",
                                covariates(r),
                                basis(r),
                                release))
                        .append('\n');
            }
        }
        return b.toString();
    }

    /** {@code 1.55 [1.52,1.58]} with 3 significant digits, or empty. */
    static String ppm(PrsEvaluation.Metric m) {
        if (m == null || m.suppressed() || Double.isNaN(m.estimate())) {
            return "";
        }
        return String.format(Locale.ROOT, "%.3g [%.3g,%.3g]", m.estimate(), m.lower(), m.upper());
    }

    static String csv(String s) {
        return PrsPlan.csv(s);
    }

    public static String ppmCsv(List<PrsEvaluation.Result> results, String sampleSet) {
        StringBuilder b = new StringBuilder("PGS Performance Metric (PPM) ID,Evaluated Score,PGS Sample Set (PSS),"
                + "PGS Publication (PGP) ID,Reported Trait,Covariates Included in the Model,"
                + "PGS Performance: Other Relevant Information,Publication (PMID),Publication (doi),Hazard Ratio (HR),"
                + "Odds Ratio (OR),Beta,Area Under the Receiver-Operating Characteristic Curve (AUROC),"
                + "Concordance Statistic (C-index),Other Metric(s)\n");
        for (PrsEvaluation.Result r : results) {
            List<String> other = new ArrayList<>();
            for (PrsEvaluation.Metric m : r.metrics()) {
                String name = m.name();
                if (name.equals("or_per_sd") || name.equals("beta_per_sd") || name.equals("auc_covariates_pgs")) {
                    continue;
                }
                if (m.suppressed()) {
                    other.add(name + " = suppressed");
                } else if (!Double.isNaN(m.lower())) {
                    other.add(name + " = " + ppm(m));
                } else if (!Double.isNaN(m.estimate())) {
                    other.add(String.format(Locale.ROOT, "%s = %.3g", name, m.estimate()));
                }
            }
            PrsEvaluation.Metric auc =
                    r.metric(r.input().covariateNames().isEmpty() ? "auc_pgs" : "auc_covariates_pgs");
            String info = (r.input().binary()
                            ? "binary outcome; n = " + count(r.n(), r.countsHidden()) + ", cases = "
                                    + count(r.cases(), r.countsHidden()) + ", controls = "
                                    + count(r.controls(), r.countsHidden())
                            : "quantitative outcome; n = " + count(r.n(), r.countsHidden()))
                    + "; " + basis(r) + "; effect sizes per SD of the PGS, adjusted for the covariates";
            b.append(String.join(
                            ",",
                            "",
                            csv(r.input().score()),
                            csv(sampleSet),
                            "",
                            csv(r.input().outcome()),
                            csv(covariates(r).replace(",", ", ")),
                            csv(info),
                            "",
                            "",
                            "",
                            csv(r.input().binary() ? ppm(r.metric("or_per_sd")) : ""),
                            csv(r.input().binary() ? "" : ppm(r.metric("beta_per_sd"))),
                            csv(r.input().binary() ? ppm(auc) : ""),
                            "",
                            csv(String.join("; ", other))))
                    .append('\n');
        }
        return b.toString();
    }

    /** {@code deciles.tsv} (tables pgs_decile and top) or {@code calibration.tsv} (table calibration). */
    public static String groupsTsv(List<PrsEvaluation.Result> results, boolean calibration) {
        StringBuilder b = new StringBuilder(
                calibration
                        ? "score\toutcome\tgroup\tn\tobserved_cases\tmean_predicted_risk\texpected_cases"
                                + "\tobserved_rate\trate_lower\trate_upper\n"
                        : "score\toutcome\ttable\tgroup\tn\tn_cases\tn_controls\tvalue\tvalue_lower\tvalue_upper"
                                + "\tor\tor_lower\tor_upper\tor_reference\n");
        for (PrsEvaluation.Result r : results) {
            for (PrsEvaluation.Group g : r.groups()) {
                if (g.table().equals("calibration") != calibration) {
                    continue;
                }
                boolean h = g.hidden();
                boolean bin = r.input().binary();
                List<String> f =
                        new ArrayList<>(List.of(r.input().score(), r.input().outcome()));
                if (calibration) {
                    f.addAll(List.of(
                            g.group(),
                            count(g.n(), h && (g.n() < 1 || g.n() < r.input().k())),
                            count(g.cases(), h),
                            num(g.meanPredicted()),
                            num(g.meanPredicted() * g.n()),
                            h ? SUPPRESSED : num(g.value()),
                            h ? SUPPRESSED : num(g.lower()),
                            h ? SUPPRESSED : num(g.upper())));
                } else {
                    f.addAll(List.of(
                            g.table(),
                            g.group(),
                            count(g.n(), h && g.n() < r.input().k()),
                            bin ? count(g.cases(), h) : "NA",
                            bin ? count(g.controls(), h) : "NA",
                            h ? SUPPRESSED : num(g.value()),
                            h ? SUPPRESSED : num(g.lower()),
                            h ? SUPPRESSED : num(g.upper()),
                            h ? SUPPRESSED : num(g.or()),
                            h ? SUPPRESSED : num(g.orLower()),
                            h ? SUPPRESSED : num(g.orUpper()),
                            Double.isNaN(g.or()) ? "NA" : g.table().equals("top") ? "rest" : "deciles_5_6"));
                }
                b.append(String.join("\t", f)).append('\n');
            }
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- HTML

    public static String html(List<PrsEvaluation.Result> results, String title, String release, List<String> notes) {
        StringBuilder h = new StringBuilder();
        h.append(Html.head(title))
                .append("<p class=\"note\">")
                .append(Html.esc(release))
                .append("</p>\n");
        if (!notes.isEmpty()) {
            h.append("<ul class=\"note\">");
            for (String n : notes) {
                h.append("<li>").append(Html.esc(n)).append("</li>");
            }
            h.append("</ul>\n");
        }
        for (PrsEvaluation.Result r : results) {
            PrsEvaluation.Input in = r.input();
            h.append("<h2>")
                    .append(Html.esc(in.score()))
                    .append(" &mdash; ")
                    .append(Html.esc(in.outcome()))
                    .append("</h2>\n<p class=\"note\">")
                    .append(in.binary() ? "binary" : "quantitative")
                    .append(" outcome; n = ")
                    .append(count(r.n(), r.countsHidden()));
            if (in.binary()) {
                h.append(", cases = ")
                        .append(count(r.cases(), r.countsHidden()))
                        .append(", controls = ")
                        .append(count(r.controls(), r.countsHidden()));
            }
            h.append("; covariates: ")
                    .append(Html.esc(covariates(r)))
                    .append("; ")
                    .append(Html.esc(basis(r)));
            h.append(
                    "</p>\n<table><tr><th>metric</th><th>estimate</th><th>95% CI</th><th>P</th><th>method</th></tr>\n");
            for (PrsEvaluation.Metric m : r.metrics()) {
                h.append("<tr><td>").append(Html.esc(m.name())).append("</td>");
                if (m.suppressed()) {
                    h.append("<td>suppressed</td><td></td><td></td>");
                } else {
                    h.append("<td>")
                            .append(Html.sig(m.estimate()))
                            .append("</td><td>")
                            .append(
                                    Double.isNaN(m.lower())
                                            ? ""
                                            : "[" + Html.sig(m.lower()) + ", " + Html.sig(m.upper()) + "]")
                            .append("</td><td>")
                            .append(Double.isNaN(m.p()) ? "" : Html.sig(m.p()))
                            .append("</td>");
                }
                h.append("<td>").append(Html.esc(m.method())).append("</td></tr>\n");
            }
            h.append("</table>\n<div class=\"plots\">\n");
            h.append(histogramSvg(r.histogram()));
            if (!r.roc().isEmpty()) {
                h.append(rocSvg(r.roc()));
            }
            h.append(decileSvg(r));
            h.append("</div>\n");
        }
        h.append(Html.end());
        return h.toString();
    }

    static final int W = 440;
    static final int H = 320;
    static final int L = 55;
    static final int R = 15;
    static final int T = 30;
    static final int B = 45;
    static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};

    /** A plot frame: x and y ranges, axis labels, ticks. */
    record Frame(double x0, double x1, double y0, double y1, boolean logY) {
        double px(double x) {
            return L + (x - x0) / (x1 - x0) * (W - L - R);
        }

        double py(double y) {
            double a = logY ? Math.log(y) : y;
            double lo = logY ? Math.log(y0) : y0;
            double hi = logY ? Math.log(y1) : y1;
            return H - B - (a - lo) / (hi - lo) * (H - T - B);
        }
    }

    static StringBuilder open(String title, Frame fr, String xLabel, String yLabel, double[] xTicks, double[] yTicks) {
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

    static String tick(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2g", v);
    }

    static String legend(List<String> names) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            int y = T + 14 + 14 * i;
            s.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>",
                    L + 8,
                    y - 9,
                    COLOURS[i % COLOURS.length],
                    L + 22,
                    y,
                    Html.esc(names.get(i))));
        }
        return s.toString();
    }

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
        Frame fr = new Frame(e[0], e[e.length - 1], 0, ymax, false);
        StringBuilder s = open(
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
                        COLOURS[(g + 1) % 2 == 0 ? 1 : 0]));
            }
        }
        List<String> names = hist.names();
        s.append(legendColoured(
                names.size() == 2 ? List.of(names.get(0), names.get(1)) : names,
                names.size() == 2 ? new String[] {COLOURS[0], COLOURS[1]} : new String[] {COLOURS[0]}));
        return s.append("</svg>\n").toString();
    }

    static String legendColoured(List<String> names, String[] colours) {
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

    static String rocSvg(List<PrsEvaluation.Curve> curves) {
        Frame fr = new Frame(0, 1, 0, 1, false);
        double[] t = {0, 0.25, 0.5, 0.75, 1};
        StringBuilder s = open("ROC", fr, "1 - specificity", "sensitivity", t, t);
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
                    .append(COLOURS[c % COLOURS.length])
                    .append("\" points=\"")
                    .append(pts)
                    .append("\"/>");
            names.add(cv.name());
        }
        s.append(legendAt(names, W - R - 150));
        return s.append("</svg>\n").toString();
    }

    static String legendAt(List<String> names, int x) {
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
        Frame fr = new Frame(0.5, 10.5, lo, hi, bin);
        double[] yt = bin ? new double[] {lo * 1.1, 1, hi / 1.1} : new double[] {lo, (lo + hi) / 2, hi};
        StringBuilder s = open(
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
                    L,
                    W - R,
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
                        T + 14));
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
                        COLOURS[0]));
            }
            s.append(String.format(
                    Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>", x, fr.py(est), COLOURS[0]));
        }
        return s.append("</svg>\n").toString();
    }
}
