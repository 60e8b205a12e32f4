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
 * A freq or freq-merge output: strata and their sizes, the release policy, the cells the gate withheld (from the
 * Parquet footers); for a panel also the banks, heterogeneity and Fst.
 */
final class FreqSection {
    private FreqSection() {}

    static String strata(JsonNode s) {
        List<List<String>> rows = new ArrayList<>();
        JsonNode st = s.get("strata");
        if (st != null) {
            st.fields().forEachRemaining(e -> rows.add(List.of(e.getKey(), ReportSections.count(e.getValue()))));
        }
        return Html.table(List.of("stratum", "samples"), rows);
    }

    static String withheld(Output o, Configuration conf) throws IOException {
        Path parquet = new Path(o.dir(), "frequencies.parquet");
        FileSystem fs = parquet.getFileSystem(conf);
        if (!fs.exists(parquet)) {
            return "";
        }
        long[] c = FooterNulls.count(parquet, conf, "ac", "an", "nhomalt");
        List<List<String>> rows = new ArrayList<>();
        String[] names = {"AC", "AN", "nhomalt"};
        for (int i = 0; i < names.length; i++) {
            rows.add(List.of(names[i], c[i] < 0 ? "unknown" : Long.toString(c[i]), Long.toString(c[3])));
        }
        return ReportSections.note("Suppressed cells (withheld by the release gate, from the Parquet footers of"
                        + " frequencies.parquet):")
                + Html.table(List.of("count", "suppressed cells", "variant × stratum cells"), rows);
    }

    static Section render(Output o, Configuration conf) throws IOException {
        JsonNode s = o.summary();
        Release r = ReportSections.statement(s, "internal: no release statement");
        StringBuilder b = new StringBuilder();
        b.append(Html.table(
                List.of("bank", "genome build", "samples", "variants", "strata by", "release k"),
                List.of(List.of(
                        ReportSections.text(s, "bank"),
                        ReportSections.text(s, "genome_build"),
                        ReportSections.count(s.get("samples")),
                        ReportSections.count(s.get("variants")),
                        ReportSections.list(s.get("strata_by")),
                        s.get("release_k") == null || s.get("release_k").isNull()
                                ? "none"
                                : ReportSections.text(s, "release_k")))));
        b.append(strata(s));
        b.append(withheld(o, conf));
        return new Section(b.toString(), r);
    }

    static Section renderMerge(Output o, Configuration conf) throws IOException {
        JsonNode s = o.summary();
        Release r = ReportSections.statement(s, "internal: no release statement");
        StringBuilder b = new StringBuilder();
        List<List<String>> banks = new ArrayList<>();
        for (JsonNode k : s.get("banks")) {
            banks.add(List.of(
                    ReportSections.text(k, "bank"),
                    ReportSections.text(k, "genome_build"),
                    k.get("release_k") == null || k.get("release_k").isNull()
                            ? "none"
                            : ReportSections.text(k, "release_k"),
                    ReportSections.count(k.get("variants")),
                    ReportSections.text(k, "release")));
        }
        b.append(Html.table(List.of("bank", "genome build", "release k", "variants", "release"), banks));
        JsonNode het = s.get("heterogeneity");
        b.append(Html.table(
                List.of("banks", "variants", "partial cells", "heterogeneity tested", "heterogeneity P < 1e-8"),
                List.of(List.of(
                        Integer.toString(s.get("banks").size()),
                        ReportSections.count(s.get("variants")),
                        ReportSections.count(s.get("partial_cells")),
                        het == null ? "" : ReportSections.count(het.get("tested")),
                        het == null ? "" : ReportSections.count(het.get("p_below_1e-8"))))));
        if (het != null && het.has("rule")) {
            b.append(ReportSections.note("Heterogeneity: " + het.get("rule").asText()));
        }
        List<List<String>> nb = new ArrayList<>();
        JsonNode byN = s.get("variants_by_n_banks");
        if (byN != null) {
            byN.fields().forEachRemaining(e -> nb.add(List.of(e.getKey(), ReportSections.count(e.getValue()))));
        }
        b.append(Html.table(List.of("n_banks", "variants"), nb));
        List<List<String>> fst = new ArrayList<>();
        for (JsonNode f : s.get("fst")) {
            fst.add(List.of(
                    ReportSections.text(f, "bank1"),
                    ReportSections.text(f, "bank2"),
                    ReportSections.num(f.get("hudson_fst")),
                    ReportSections.count(f.get("variants"))));
        }
        b.append(ReportSections.h3("Fst between banks"));
        b.append(Html.table(List.of("bank 1", "bank 2", "Hudson Fst", "variants"), fst));
        if (s.has("fst_estimator")) {
            b.append(ReportSections.note(s.get("fst_estimator").asText()));
        }
        b.append(ReportSections.h3("Samples per stratum (merged)"));
        b.append(strata(s));
        b.append(withheld(o, conf));
        return new Section(b.toString(), r);
    }
}
