package org.musubi.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.musubi.plot.Html;
import org.musubi.report.ReportInputs.Output;
import org.musubi.report.ReportSections.Release;
import org.musubi.report.ReportSections.Section;

/**
 * A gwas output, per phenotype: the summary's counts, failures by ERRCODE and λGC, the lowest-P rows of the GWAS-SSF
 * file, the Manhattan and QQ plots. Internal: {@code summary.json} is internal even under a release policy. The
 * sample-ID notes of the summary are not shown.
 */
final class GwasSection {
    private GwasSection() {}

    static String file(JsonNode files, String suffix, String fallback) {
        if (files != null && files.isArray()) {
            for (JsonNode f : files) {
                if (f.asText().endsWith(suffix)) {
                    return f.asText();
                }
            }
        }
        return fallback;
    }

    static Section render(Output o, Configuration conf) throws IOException {
        JsonNode s = o.summary();
        FileSystem fs = o.dir().getFileSystem(conf);
        String release = ReportSections.text(s, "release");
        Release r = new Release(
                false,
                release.isEmpty()
                        ? "internal: not for release (run without a release policy)"
                        : "internal: samples, cases, controls, failures and lambda GC come from summary.json, which"
                                + " the run marks internal (" + release + ")");
        StringBuilder b = new StringBuilder();
        List<List<String>> rows = new ArrayList<>();
        List<List<String>> errs = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = s.get("phenotypes").fields();
        List<String> phenos = new ArrayList<>();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode p = e.getValue();
            phenos.add(e.getKey());
            rows.add(List.of(
                    e.getKey(),
                    ReportSections.text(p, "model"),
                    ReportSections.count(p.get("samples")),
                    ReportSections.count(p.get("cases")),
                    ReportSections.count(p.get("controls")),
                    ReportSections.list(p.get("covariates")),
                    ReportSections.count(p.get("variants_tested")),
                    ReportSections.count(p.get("variants_failed")),
                    ReportSections.num(p.get("lambda_gc")),
                    ReportSections.count(p.get("p_below_5e-8"))));
            JsonNode ec = p.get("errcodes");
            if (ec != null) {
                ec.fields()
                        .forEachRemaining(x -> errs.add(
                                List.of(e.getKey(), x.getKey(), x.getValue().asText())));
            }
        }
        b.append(Html.table(
                List.of(
                        "phenotype",
                        "model",
                        "samples",
                        "cases",
                        "controls",
                        "covariates",
                        "tested",
                        "failed",
                        "lambda GC",
                        "P < 5e-8"),
                rows));
        if (errs.isEmpty()) {
            b.append(ReportSections.note("Failed variants by ERRCODE: none."));
        } else {
            b.append(ReportSections.note("Failed variants by ERRCODE (PLINK 2 codes):"));
            b.append(Html.table(List.of("phenotype", "ERRCODE", "variants"), errs));
        }
        if (s.has("withdrawn_samples_excluded")) {
            b.append(ReportSections.note("Withdrawn samples excluded: "
                    + s.get("withdrawn_samples_excluded").asText() + "."));
        }
        for (String pheno : phenos) {
            JsonNode files = s.get("phenotypes").get(pheno).get("files");
            String ssf = file(files, ".tsv.gz", pheno + ".tsv.gz");
            b.append(ReportSections.h3(
                    pheno + ": top " + ReportSections.TOP + " variants by P (from " + ssf + ", GWAS-SSF)"));
            Path ssfPath = new Path(o.dir(), ssf);
            TopRows.Top top = fs.exists(ssfPath)
                    ? TopRows.read(ssfPath, conf, ReportSections.TOP, "p_value", "-log10:neg_log_10_p_value")
                    : null;
            if (top == null) {
                b.append(ReportSections.note("no " + ssf + " with a p_value column"));
            } else {
                b.append(ReportSections.topTable(
                        top,
                        List.of(
                                List.of("chromosome"),
                                List.of("base_pair_location"),
                                List.of("effect_allele"),
                                List.of("other_allele"),
                                List.of("beta", "odds_ratio", "hazard_ratio"),
                                List.of("standard_error"),
                                List.of("effect_allele_frequency"),
                                List.of("p_value", "neg_log_10_p_value"),
                                List.of("n"))));
            }
            b.append(ReportSections.plots(
                    fs,
                    o.dir(),
                    file(files, ".manhattan.png", pheno + ".manhattan.png"),
                    file(files, ".qq.png", pheno + ".qq.png")));
        }
        return new Section(b.toString(), r);
    }
}
