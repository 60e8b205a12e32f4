package org.musubi.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.musubi.format.TableMetadata;
import org.musubi.plot.Html;
import org.musubi.report.ReportInputs.Output;
import org.musubi.report.ReportSections.Release;
import org.musubi.report.ReportSections.Section;
import org.musubi.table.VariantTable;

/**
 * A variant table: its metadata and Parquet footers (no sample is read); always internal: the table holds a bank's
 * individual-level genotypes.
 */
final class TableSection {
    private TableSection() {}

    static Section render(Output o, Configuration conf) throws IOException {
        VariantTable t = VariantTable.open(o.dir().toString(), conf);
        TableMetadata m = t.metadata;
        Map<String, long[]> perContig = new LinkedHashMap<>();
        for (String c : m.contigs) {
            perContig.put(c, new long[2]);
        }
        long rows = 0;
        for (VariantTable.VariantFile f : t.files(conf)) {
            long[] a = perContig.computeIfAbsent(f.contig(), k -> new long[2]);
            a[0] += f.rows();
            a[1] += f.bytes();
            rows += f.rows();
        }
        long bytes = t.sizeOnDisk();
        StringBuilder b = new StringBuilder();
        b.append(Html.table(
                List.of("bank", "genome build", "samples", "variants", "contigs", "bytes", "quarantined", "format"),
                List.of(List.of(
                        m.bank == null ? "" : m.bank,
                        m.genomeBuild == null ? "unknown" : m.genomeBuild,
                        Long.toString(m.sampleCount),
                        Long.toString(rows),
                        Integer.toString(perContig.size()),
                        Long.toString(bytes),
                        Long.toString(m.quarantinedCount),
                        m.formatVersion))));
        b.append(ReportSections.note(String.format(
                Locale.ROOT,
                "%s on disk, %.3f bytes per genotype; phase: %s, dosages: %s.",
                org.musubi.spark.Progress.bytes(bytes),
                rows * (double) m.sampleCount == 0 ? 0.0 : bytes / (rows * (double) m.sampleCount),
                m.hasPhase ? "yes" : "no",
                m.hasDosage ? "yes" : "no")));
        List<List<String>> contigRows = new ArrayList<>();
        perContig.forEach((c, a) -> contigRows.add(List.of(c, Long.toString(a[0]), Long.toString(a[1]))));
        b.append(Html.table(List.of("contig", "variants", "bytes"), contigRows));
        return new Section(
                b.toString(),
                new Release(
                        false,
                        "internal: a bank's individual-level genotypes (only the table's metadata is shown here;"
                                + " no sample is read)"));
    }
}
