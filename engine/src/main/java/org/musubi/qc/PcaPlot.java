package org.musubi.qc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.musubi.plot.FigurePage;
import org.musubi.plot.Html;
import org.musubi.plot.Svg;

/**
 * {@code pca.html}: PC1 × PC2 and PC3 × PC4 scatter plots of every table sample, coloured by the manifest's
 * population (fitted samples filled, projected ones hollow), drawn with {@code plot.Svg} under a {@code
 * plot.FigurePage} heading.
 */
final class PcaPlot {
    private PcaPlot() {}

    static String page(double[] pcs, int k, boolean[] fitted, boolean hasFit, String[] population) {
        List<String> groups = PcaOutput.distinct(population);
        if (groups.isEmpty()) {
            groups.add("unknown");
        }
        List<String> svgs = new ArrayList<>();
        for (int c = 0; c + 1 < k && c < 4; c += 2) {
            svgs.add(scatter(pcs, k, c, fitted, hasFit, population, groups));
        }
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>qc PCA</title></head><body>\n<h2>"
                + FigurePage.heading("qc", "PCA") + "</h2>\n" + FigurePage.figures(svgs)
                + "<p>" + Html.esc(hasFit ? "filled: fitted samples; hollow: projected" : "all samples projected")
                + "</p>\n</body></html>\n";
    }

    private static String scatter(
            double[] pcs, int k, int c, boolean[] fitted, boolean hasFit, String[] population, List<String> groups) {
        int n = fitted.length;
        double x0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        double y0 = Double.MAX_VALUE;
        double y1 = -Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            x0 = Math.min(x0, pcs[i * k + c]);
            x1 = Math.max(x1, pcs[i * k + c]);
            y0 = Math.min(y0, pcs[i * k + c + 1]);
            y1 = Math.max(y1, pcs[i * k + c + 1]);
        }
        double px = Math.max(1e-12, (x1 - x0) * 0.05);
        double py = Math.max(1e-12, (y1 - y0) * 0.05);
        Svg.Frame fr = new Svg.Frame(x0 - px, x1 + px, y0 - py, y1 + py, false);
        StringBuilder s = Svg.open(
                "PC" + (c + 1) + " × PC" + (c + 2),
                fr,
                "PC" + (c + 1),
                "PC" + (c + 2),
                new double[] {fr.x0(), fr.x1()},
                new double[] {fr.y0(), fr.y1()});
        for (int i = 0; i < n; i++) {
            String g = population == null ? "unknown" : PcaOutput.label(population[i]);
            String colour = Svg.COLOURS[groups.indexOf(g) % Svg.COLOURS.length];
            boolean filled = !hasFit || fitted[i];
            s.append(String.format(
                    Locale.ROOT,
                    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2\" fill=\"%s\" stroke=\"%s\"/>",
                    fr.px(pcs[i * k + c]),
                    fr.py(pcs[i * k + c + 1]),
                    filled ? colour : "none",
                    colour));
        }
        s.append(Svg.legendBottom(groups.subList(0, Math.min(groups.size(), 8)), Svg.L + 8));
        return s.append("</svg>\n").toString();
    }
}
