package org.musubi.table.scan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.musubi.format.calls.DosageCodec;
import org.musubi.format.calls.TwoBitVector;
import org.musubi.table.VariantTable;
import org.musubi.table.write.VariantFileWriter;
import org.musubi.table.write.VariantRow;

/** Hand-built variant files for the scan tests: one Parquet file per contig, rows as given. */
final class TinyTables {
    private TinyTables() {}

    /** A row: position, n_called, af (NaN: null), genotype codes, dosages (null: none), filters (null: none). */
    record Row(int pos, int nCalled, double af, byte[] codes, double[] dosages, String[] filters) {
        Row(int pos, byte[] codes, double[] dosages) {
            this(pos, codes.length, 0.5, codes, dosages, null);
        }
    }

    static VariantTable.VariantFile write(Path dir, String contig, int order, List<Row> rows, Configuration conf)
            throws IOException {
        Path p = dir.resolve("contig=" + contig + ".parquet");
        org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(p.toUri());
        try (VariantFileWriter w = new VariantFileWriter(hp, conf, List.of())) {
            VariantRow r = new VariantRow();
            r.info = new Object[0];
            for (Row x : rows) {
                r.pos = x.pos();
                r.ref = "A";
                r.alt = "G";
                r.id = x.pos() % 2 == 0 ? "rs" + x.pos() : null;
                r.filters = x.filters();
                r.nCalled = x.nCalled();
                r.an = 2 * x.nCalled();
                r.af = x.af();
                r.calls = TwoBitVector.encode(x.codes(), x.codes().length);
                r.callsLength = r.calls.length;
                r.dosage = x.dosages() == null ? null : DosageCodec.encode(x.dosages(), x.dosages().length);
                w.write(r);
            }
        }
        return new VariantTable.VariantFile(
                contig, order, hp.toString(), rows.size(), p.toFile().length(), 0);
    }
}
