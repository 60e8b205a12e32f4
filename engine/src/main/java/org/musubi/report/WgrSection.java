package org.musubi.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.musubi.plot.Html;
import org.musubi.report.ReportInputs.Output;
import org.musubi.report.ReportSections.Release;
import org.musubi.report.ReportSections.Section;

/**
 * A wgr output (REGENIE step 1), from its summary: per phenotype the level-1 h² chosen by CV with its CV R² and MSE
 * (binary: −logLik/N), the blocks and the timings. Never releasable: its {@code .loco} files hold per-sample
 * predictions.
 */
final class WgrSection {
    private WgrSection() {}

    static Section render(Output o) {
        JsonNode s = o.summary();
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode p : s.path("phenotypes")) {
            if (!p.path("converged").asBoolean(true)) {
                rows.add(List.of(p.path("name").asText(), "", "", "did not converge", "", ""));
                continue;
            }
            int best = -1;
            JsonNode cv = p.path("cv");
            for (int t = 0; t < cv.size(); t++) {
                if (cv.get(t).path("h2").asDouble() == p.path("h2").asDouble()) {
                    best = t;
                }
            }
            JsonNode c = best < 0 ? null : cv.get(best);
            rows.add(List.of(
                    p.path("name").asText(),
                    p.path("kind").asText(),
                    ReportSections.count(p.get("samples")),
                    ReportSections.num(p.get("h2")),
                    c == null ? "NA" : ReportSections.num(c.get("rsq")),
                    c == null
                            ? "NA"
                            : c.has("neg_log_lik_per_sample")
                                    ? ReportSections.num(c.get("neg_log_lik_per_sample")) + " (−logLik/N)"
                                    : ReportSections.num(c.get("mse")) + " (MSE)"));
        }
        StringBuilder b = new StringBuilder();
        b.append(Html.table(List.of("phenotype", "kind", "samples", "h² (CV)", "CV R²", "CV loss"), rows));
        JsonNode sec = s.path("seconds");
        b.append(ReportSections.note(ReportSections.count(s.get("variants")) + " variants in "
                + ReportSections.count(s.get("blocks")) + " blocks of " + ReportSections.count(s.get("block_size"))
                + ", " + s.path("cv").asText() + " CV, " + s.path("model").asText() + "; level 0 "
                + ReportSections.num(sec.get("level0")) + " s (" + ReportSections.count(s.get("tasks"))
                + " tasks), level 1 " + ReportSections.num(sec.get("level1")) + " s. LOCO predictions: "
                + s.path("pred_list").asText() + " (for gwas --pred)"));
        return new Section(b.toString(), new Release(false, "internal: per-sample LOCO predictions"));
    }
}
