package org.musubi.prs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.musubi.plot.FigurePage;
import org.musubi.plot.Html;

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
        return PrsOutputs.csv(s);
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
                    .append(FigurePage.heading(in.score(), in.outcome()))
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
            h.append("</table>\n");
            List<String> figures = new ArrayList<>();
            figures.add(PrsPlots.histogramSvg(r.histogram()));
            if (!r.roc().isEmpty()) {
                figures.add(PrsPlots.rocSvg(r.roc()));
            }
            figures.add(PrsPlots.decileSvg(r));
            h.append(FigurePage.figures(figures));
        }
        h.append(Html.end());
        return h.toString();
    }
}
