package org.musubi.gwas;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.schema.MessageType;
import org.musubi.format.VariantTableSchema;
import org.musubi.table.ColumnCursor;
import org.musubi.table.VariantTable;

/**
 * How GWAS reads a variant table: the table's rows in genome order are cut into contiguous slices of about equal
 * row counts, one list of slices per Spark task, so each task's results are in genome order and the outputs are the
 * tasks' parts concatenated (no shuffle, no sort). A task reads its slices' columns straight from the Parquet pages
 * ({@link ColumnCursor}: only {@code pos, id, ref, alt, calls, dosage, af, n_called}), skipping row groups outside
 * its rows, and applies the MAF and call-rate filters on the {@code af} and {@code n_called} columns.
 */
final class GwasScan {
    private GwasScan() {}

    /** Rows {@code [from, to)} of one variant file. */
    record Slice(VariantTable.VariantFile file, long from, long to) implements Serializable {}

    /** Row filters: {@code af} in [maf, 1 − maf] when maf > 0; {@code n_called >= minCalled}. */
    record Filters(double maf, long minCalled) implements Serializable {}

    /** Receives the variants that pass the filters, in order. */
    @FunctionalInterface
    interface VariantSink {
        void variant(String contig, int pos, String id, String ref, String alt, byte[] calls, byte[] dosage)
                throws IOException;
    }

    /** The files' rows cut into {@code tasks} contiguous slice lists (fewer when there are fewer rows). */
    static List<List<Slice>> plan(List<VariantTable.VariantFile> files, int tasks) {
        long total = 0;
        for (VariantTable.VariantFile f : files) {
            total += f.rows();
        }
        int t = (int) Math.max(1, Math.min(tasks, total));
        List<List<Slice>> out = new ArrayList<>(t);
        long done = 0;
        int fi = 0;
        long inFile = 0;
        for (int k = 0; k < t; k++) {
            long end = total * (k + 1) / t;
            List<Slice> slices = new ArrayList<>();
            while (done < end) {
                VariantTable.VariantFile f = files.get(fi);
                long take = Math.min(f.rows() - inFile, end - done);
                if (take > 0) {
                    slices.add(new Slice(f, inFile, inFile + take));
                }
                inFile += take;
                done += take;
                if (inFile == f.rows()) {
                    fi++;
                    inFile = 0;
                }
            }
            out.add(slices);
        }
        return out;
    }

    /** Reads the variants of {@code slices} in order, those passing {@code filters} to {@code sink}. */
    static void read(List<Slice> slices, Filters filters, Configuration conf, VariantSink sink) throws IOException {
        for (Slice s : slices) {
            read(s, filters, conf, sink);
        }
    }

    private static void read(Slice s, Filters filters, Configuration conf, VariantSink sink) throws IOException {
        String contig = s.file().contig();
        try (ParquetFileReader reader = ColumnCursor.open(s.file(), conf)) {
            MessageType schema = ColumnCursor.project(
                    reader,
                    VariantTableSchema.POS,
                    VariantTableSchema.ID,
                    VariantTableSchema.REF,
                    VariantTableSchema.ALT,
                    VariantTableSchema.N_CALLED,
                    VariantTableSchema.AF,
                    VariantTableSchema.CALLS,
                    VariantTableSchema.DOSAGE);
            long groupStart = 0;
            for (BlockMetaData block : reader.getRowGroups()) {
                long groupEnd = groupStart + block.getRowCount();
                if (groupEnd <= s.from() || groupStart >= s.to()) {
                    reader.skipNextRowGroup();
                    groupStart = groupEnd;
                    continue;
                }
                PageReadStore pages = reader.readNextRowGroup();
                ColumnReadStoreImpl store = ColumnCursor.store(reader, pages, schema);
                ColumnCursor pos = ColumnCursor.of(store, schema, VariantTableSchema.POS);
                ColumnCursor id = ColumnCursor.of(store, schema, VariantTableSchema.ID);
                ColumnCursor ref = ColumnCursor.of(store, schema, VariantTableSchema.REF);
                ColumnCursor alt = ColumnCursor.of(store, schema, VariantTableSchema.ALT);
                ColumnCursor called = ColumnCursor.of(store, schema, VariantTableSchema.N_CALLED);
                ColumnCursor af = ColumnCursor.of(store, schema, VariantTableSchema.AF);
                ColumnCursor calls = ColumnCursor.of(store, schema, VariantTableSchema.CALLS);
                ColumnCursor dosage = ColumnCursor.of(store, schema, VariantTableSchema.DOSAGE);
                long end = Math.min(groupEnd, s.to());
                for (long row = groupStart; row < end; row++) {
                    boolean keep = row >= s.from();
                    if (keep) {
                        int nCalled = called.int32();
                        double f = af.doubleOrNaN();
                        keep = nCalled >= filters.minCalled()
                                && (filters.maf() <= 0 || (f >= filters.maf() && f <= 1 - filters.maf()));
                    } else {
                        called.skip();
                        af.skip();
                    }
                    if (keep) {
                        sink.variant(
                                contig,
                                pos.int32(),
                                id.string(),
                                ref.string(),
                                alt.string(),
                                calls.bytes(),
                                dosage.bytes());
                    } else {
                        pos.skip();
                        id.skip();
                        ref.skip();
                        alt.skip();
                        calls.skip();
                        dosage.skip();
                    }
                }
                groupStart = groupEnd;
                if (groupStart >= s.to()) {
                    break;
                }
            }
        }
    }
}
