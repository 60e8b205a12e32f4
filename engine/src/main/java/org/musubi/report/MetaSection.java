package org.musubi.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.musubi.plot.Html;
import org.musubi.report.ReportInputs.Output;
import org.musubi.report.ReportSections.Release;
import org.musubi.report.ReportSections.Section;

/**
 * A meta output: studies, variants combined, alignment, λGC, the lowest-P rows of {@code meta.tbl} with I², the
 * plots. Releasable when its release statement says so (meta: every input GWAS-SSF file's -meta.yaml states it was
 * written under a release policy).
 */
final class MetaSection {
    private MetaSection() {}

    static Section render(Output o, Configuration conf) throws IOException {
        JsonNode s = o.summary();
        FileSystem fs = o.dir().getFileSystem(conf);
        StringBuilder b = new StringBuilder();
        List<List<String>> studies = new ArrayList<>();
        for (JsonNode st : s.get("studies")) {
            String file = ReportSections.text(st, "file");
            long dropped = 0;
            JsonNode d = st.get("dropped");
            if (d != null) {
                for (JsonNode v : d) {
                    dropped += v.asLong();
                }
            }
            studies.add(List.of(
                    ReportSections.text(st, "study"),
                    shortName(file),
                    ReportSections.text(st, "effect_scale"),
                    ReportSections.count(st.get("lines")),
                    ReportSections.count(st.get("variants_used")),
                    Long.toString(dropped)));
        }
        int k = s.get("studies").size();
        Release r = ReportSections.statement(s, "internal: no release statement");
        b.append(Html.table(
                List.of("scheme", "random effects", "studies", "variants combined", "lambda GC", "P < 5e-8"),
                List.of(List.of(
                        ReportSections.text(s, "scheme"),
                        ReportSections.text(s, "random_effects"),
                        Integer.toString(k),
                        ReportSections.count(s.get("variants_combined")),
                        ReportSections.num(s.get("lambda_gc")),
                        ReportSections.count(s.get("p_below_5e-8"))))));
        b.append(Html.table(List.of("study", "file", "effect scale", "lines", "variants used", "dropped"), studies));
        List<List<String>> byK = new ArrayList<>();
        JsonNode byN = s.get("variants_by_number_of_studies");
        if (byN != null) {
            byN.fields().forEachRemaining(e -> byK.add(List.of(e.getKey(), ReportSections.count(e.getValue()))));
        }
        b.append(Html.table(List.of("studies combined", "variants"), byK));
        JsonNode al = s.get("alignment");
        if (al != null) {
            List<List<String>> rows = new ArrayList<>();
            al.fields()
                    .forEachRemaining(
                            e -> rows.add(List.of(e.getKey().replace('_', ' '), ReportSections.count(e.getValue()))));
            b.append(Html.table(List.of("alignment", "variants"), rows));
        }
        Path tbl = new Path(o.dir(), "meta.tbl");
        b.append(ReportSections.h3(
                "Top " + ReportSections.TOP + " variants by P (from meta.tbl), with heterogeneity I²"));
        TopRows.Top top = fs.exists(tbl) ? TopRows.read(tbl, conf, ReportSections.TOP, "P-value") : null;
        if (top == null) {
            b.append(ReportSections.note("no meta.tbl with a P-value column"));
        } else {
            b.append(ReportSections.topTable(
                    top,
                    List.of(
                            List.of("MarkerName"),
                            List.of("Allele1"),
                            List.of("Allele2"),
                            List.of("Freq1"),
                            List.of("Effect", "Zscore"),
                            List.of("StdErr"),
                            List.of("P-value"),
                            List.of("Direction"),
                            List.of("HetISq"),
                            List.of("HetPVal"))));
        }
        b.append(ReportSections.plots(fs, o.dir(), "meta.manhattan.png", "meta.qq.png"));
        return new Section(b.toString(), r);
    }

    /** A study file by its directory and name ({@code bankA/cc.tsv.gz}): enough to tell the studies apart. */
    static String shortName(String file) {
        Path p = new Path(file);
        return p.getParent() == null || p.getParent().getName().isEmpty()
                ? p.getName()
                : p.getParent().getName() + "/" + p.getName();
    }
}
