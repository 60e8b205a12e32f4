package org.musubi.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.musubi.format.VariantTableSchema;
import org.musubi.format.calls.CallsView;
import org.musubi.table.VariantTable;
import org.musubi.table.scan.Slice;
import org.musubi.table.scan.TableScan;

/**
 * A table's rows as text, for comparing tables in tests: {@code contig pos id ref alt ac an n_het n_hom_alt} and the
 * genotype codes of every sample (one digit each), in genome order; {@link #of(Path, boolean)} adds the ploidy and
 * phase codes.
 */
public final class TableRows {
    private TableRows() {}

    public static List<String> of(Path table) throws IOException {
        return of(table, false);
    }

    /** As {@link #of(Path)}, with the ploidy and phase codes of every sample after the genotypes when asked. */
    public static List<String> of(Path table, boolean ploidyAndPhase) throws IOException {
        Configuration conf = new Configuration();
        VariantTable t = VariantTable.open(table.toString(), conf);
        int n = t.metadata.sampleCount;
        byte[] gt = new byte[n];
        CallsView view = new CallsView();
        List<String> out = new ArrayList<>();
        for (VariantTable.VariantFile f : t.files(conf)) {
            try (TableScan scan = TableScan.over(Slice.of(f))
                    .columns(
                            VariantTableSchema.POS,
                            VariantTableSchema.ID,
                            VariantTableSchema.REF,
                            VariantTableSchema.ALT,
                            VariantTableSchema.AC,
                            VariantTableSchema.AN,
                            VariantTableSchema.N_HET,
                            VariantTableSchema.N_HOM_ALT,
                            VariantTableSchema.CALLS,
                            VariantTableSchema.PLOIDY,
                            VariantTableSchema.PHASE)
                    .open(conf)) {
                while (scan.next()) {
                    view.reset(scan.column(VariantTableSchema.CALLS).bytes(), n);
                    view.decodeDense(gt);
                    StringBuilder sb = new StringBuilder();
                    for (byte g : gt) {
                        sb.append((char) ('0' + g));
                    }
                    out.add(String.join(
                                    "\t",
                                    scan.contig(),
                                    Integer.toString(
                                            scan.column(VariantTableSchema.POS).int32()),
                                    String.valueOf(
                                            scan.column(VariantTableSchema.ID).string()),
                                    scan.column(VariantTableSchema.REF).string(),
                                    scan.column(VariantTableSchema.ALT).string(),
                                    Integer.toString(
                                            scan.column(VariantTableSchema.AC).int32()),
                                    Integer.toString(
                                            scan.column(VariantTableSchema.AN).int32()),
                                    Integer.toString(scan.column(VariantTableSchema.N_HET)
                                            .int32()),
                                    Integer.toString(scan.column(VariantTableSchema.N_HOM_ALT)
                                            .int32()),
                                    sb)
                            + (ploidyAndPhase
                                    ? codes(scan, VariantTableSchema.PLOIDY, n)
                                            + codes(scan, VariantTableSchema.PHASE, n)
                                    : ""));
                }
            }
        }
        return out;
    }

    /** A tab and the 2-bit codes of an optional vector (all 0 when the row has none). */
    private static String codes(TableScan scan, String column, int n) {
        byte[] v = new byte[n];
        byte[] enc = scan.column(column).bytes();
        if (enc != null) {
            org.musubi.format.calls.TwoBitVector.decode(enc, n, v);
        }
        StringBuilder sb = new StringBuilder("\t");
        for (byte b : v) {
            sb.append((char) ('0' + b));
        }
        return sb.toString();
    }
}
