package org.musubi.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.musubi.plot.Html;
import org.musubi.report.ReportInputs.Output;
import org.musubi.report.ReportSections.Release;
import org.musubi.report.ReportSections.Section;

/**
 * A qc output, from its summary: samples and variants passing with the reasons others fail, the sex check, KING pairs
 * by degree and the pedigree comparison, the LD-pruned variants, the unrelated set. Never releasable: its lists name individual samples.
 */
final class QcSection {
    private QcSection() {}

    static Section render(Output o) {
        JsonNode s = o.summary();
        StringBuilder b = new StringBuilder();
        List<List<String>> rows = new ArrayList<>();
        JsonNode sq = s.get("sample_qc");
        if (sq != null) {
            rows.add(List.of(
                    "samples",
                    ReportSections.count(sq.get("samples")),
                    ReportSections.count(sq.get("passing")),
                    reasons(sq.get("failing_by_reason")) + "; sex mismatches (kept): "
                            + ReportSections.count(sq.get("sex_mismatches"))));
        }
        JsonNode vq = s.get("variant_qc");
        if (vq != null) {
            rows.add(List.of(
                    "variants",
                    ReportSections.count(vq.get("variants")),
                    ReportSections.count(vq.get("passing")),
                    reasons(vq.get("failing_by_reason"))));
        }
        JsonNode pr = s.get("prune");
        if (pr != null) {
            rows.add(List.of(
                    "LD-pruned variants (window " + pr.get("window").asText() + ", r² > "
                            + ReportSections.num(pr.get("r2")) + ")",
                    ReportSections.count(pr.get("candidates")),
                    ReportSections.count(pr.get("kept")),
                    ReportSections.count(pr.get("removed")) + " in LD"));
        }
        JsonNode un = s.get("unrelated");
        if (un != null) {
            rows.add(List.of(
                    "unrelated set (kinship ≤ " + ReportSections.num(un.get("cutoff")) + ")",
                    ReportSections.count(un.get("samples")),
                    ReportSections.count(un.get("unrelated")),
                    ReportSections.count(un.get("removed")) + " removed"));
        }
        b.append(Html.table(List.of("", "in", "kept", "left out"), rows));
        JsonNode king = s.get("king");
        if (king != null) {
            List<List<String>> deg = new ArrayList<>();
            king.get("pairs_by_degree")
                    .fields()
                    .forEachRemaining(e -> deg.add(List.of(e.getKey(), ReportSections.count(e.getValue()))));
            b.append(ReportSections.h3("KING-robust kinship: " + ReportSections.count(king.get("pairs_written"))
                    + " pairs at or above " + ReportSections.num(king.get("table_filter")) + " over "
                    + ReportSections.count(king.get("variants")) + " autosomal variants"));
            b.append(Html.table(List.of("degree", "pairs"), deg));
            if (king.has("pedigree_disagreements")) {
                b.append(ReportSections.note("recorded first-degree pairs: "
                        + ReportSections.count(king.get("recorded_first_degree_pairs"))
                        + "; pairs where the manifest's pedigree and KING disagree: "
                        + ReportSections.count(king.get("pedigree_disagreements")) + " (king.pedigree.tsv)"));
            }
        }
        return new Section(b.toString(), new Release(false, "internal: per-sample QC lists"));
    }

    private static String reasons(JsonNode byReason) {
        if (byReason == null || byReason.isEmpty()) {
            return "none";
        }
        List<String> out = new ArrayList<>();
        byReason.fields()
                .forEachRemaining(e -> out.add(
                        e.getKey().replace('_', ' ') + " " + e.getValue().asText()));
        return String.join(", ", out);
    }
}
