package org.musubi.table.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.format.VariantTableSchema;
import org.musubi.format.calls.TwoBitVector;
import org.musubi.table.VariantTable;
import org.musubi.table.write.VariantFileWriter;

/**
 * {@link TableScan} and {@link ScanPlan} on a file of several row groups: slices cover every row once in order, row
 * sets and the {@link RowFilter} (with row groups skipped by their statistics) give the rows a plain loop gives,
 * optional and list columns read as stored, unread columns are skipped.
 */
class TableScanTest {
    private static final int ROWS = 3000;
    private static final int SAMPLES = 2000;

    @TempDir
    Path tmp;

    private final Configuration conf = new Configuration(false);
    private VariantTable.VariantFile file;
    private final List<TinyTables.Row> rows = new ArrayList<>();

    @BeforeEach
    void writeFile() throws Exception {
        conf.setLong(VariantFileWriter.ROW_GROUP_BYTES_KEY, 64 << 10);
        Random rnd = new Random(3);
        for (int i = 0; i < ROWS; i++) {
            byte[] codes = new byte[SAMPLES];
            for (int s = 0; s < SAMPLES; s++) {
                codes[s] = (byte) rnd.nextInt(3); // incompressible: many row groups
            }
            String[] filters = i % 3 == 0 ? null : i % 3 == 1 ? new String[0] : new String[] {"q10", "lowDP" + i};
            // n_called rises with the row: row groups at the start fail a call-rate filter as a whole
            rows.add(new TinyTables.Row(100 + i, i, i % 7 == 0 ? Double.NaN : (i % 50) / 100.0, codes, null, filters));
        }
        file = TinyTables.write(tmp, "1", 0, rows, conf);
        try (ParquetFileReader r =
                ParquetFileReader.open(HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.path()), conf))) {
            assertThat(r.getRowGroups()).as("row groups").hasSizeGreaterThan(5);
        }
    }

    private List<Long> read(Slice s, long[] set, RowFilter f) throws Exception {
        List<Long> out = new ArrayList<>();
        try (TableScan scan = TableScan.over(s)
                .columns(VariantTableSchema.POS, VariantTableSchema.ID, VariantTableSchema.CALLS)
                .rows(set)
                .filter(f)
                .open(conf)) {
            TableScan.Column pos = scan.column(VariantTableSchema.POS);
            TableScan.Column id = scan.column(VariantTableSchema.ID);
            TableScan.Column calls = scan.column(VariantTableSchema.CALLS);
            while (scan.next()) {
                long row = scan.row();
                assertThat(pos.int32()).isEqualTo(100 + row);
                if (row % 5 == 0) { // read some rows' calls, skip the others'
                    byte[] codes = new byte[SAMPLES];
                    TwoBitVector.decode(calls.bytes(), codes);
                    assertThat(codes).isEqualTo(rows.get((int) row).codes());
                }
                assertThat(id.string()).isEqualTo(row % 2 == 0 ? "rs" + (100 + row) : null);
                assertThat(pos.int32()).as("read again").isEqualTo(100 + row);
                out.add(row);
            }
        }
        return out;
    }

    private List<Long> expected(long from, long to, long[] set, RowFilter f) {
        List<Long> out = new ArrayList<>();
        for (long r = from; r < to; r++) {
            boolean inSet = set == null || java.util.Arrays.binarySearch(set, r) >= 0;
            TinyTables.Row x = rows.get((int) r);
            if (inSet && f.test(x.nCalled(), x.af())) {
                out.add(r);
            }
        }
        return out;
    }

    @Test
    void slicesCoverEveryRowOnceInOrder() throws Exception {
        List<VariantTable.VariantFile> files = List.of(file);
        for (int tasks : new int[] {1, 3, 7}) {
            List<Long> all = new ArrayList<>();
            List<List<Slice>> plan = ScanPlan.slices(files, tasks);
            assertThat(plan).hasSize(tasks);
            for (List<Slice> task : plan) {
                for (Slice s : task) {
                    all.addAll(read(s, null, RowFilter.NONE));
                }
            }
            assertThat(all).isEqualTo(expected(0, ROWS, null, RowFilter.NONE));
        }
        assertThat(ScanPlan.perFile(files)).containsExactly(new Slice(file, 0, ROWS));
    }

    @Test
    void rowSetsAndFiltersGiveTheRowsOfAPlainLoop() throws Exception {
        long[] set = {0, 1, 2, 999, 1000, 1500, 2998, 2999};
        RowFilter maf = new RowFilter(0.2, 0);
        RowFilter called = new RowFilter(0, 2500);
        RowFilter both = new RowFilter(0.05, 1200);
        for (RowFilter f : List.of(RowFilter.NONE, maf, called, both)) {
            for (long[] s : new long[][] {null, set}) {
                assertThat(read(new Slice(file, 0, ROWS), s, f)).isEqualTo(expected(0, ROWS, s, f));
                assertThat(read(new Slice(file, 700, 2100), s, f)).isEqualTo(expected(700, 2100, s, f));
            }
        }
        assertThat(read(new Slice(file, 10, 10), null, RowFilter.NONE)).isEmpty();
    }

    @Test
    void listAndOptionalColumnsReadAsStored() throws Exception {
        try (TableScan scan = TableScan.over(Slice.of(file))
                .columns(VariantTableSchema.FILTERS, VariantTableSchema.AF, VariantTableSchema.QUAL)
                .open(conf)) {
            TableScan.Column filters = scan.column(VariantTableSchema.FILTERS);
            TableScan.Column af = scan.column(VariantTableSchema.AF);
            TableScan.Column qual = scan.column(VariantTableSchema.QUAL);
            int n = 0;
            while (scan.next()) {
                TinyTables.Row x = rows.get((int) scan.row());
                if (scan.row() % 4 != 1) {
                    List<String> got = filters.strings();
                    assertThat(got).isEqualTo(x.filters() == null ? null : List.of(x.filters()));
                }
                assertThat(af.present()).isEqualTo(!Double.isNaN(x.af()));
                assertThat(Double.valueOf(af.doubleOrNaN())).isEqualTo(Double.valueOf(x.af()));
                assertThat(qual.present()).isFalse();
                n++;
            }
            assertThat(n).isEqualTo(ROWS);
        }
    }

    @Test
    void allNullColumnChunksReadAsNullsAndOthersAsStored() throws Exception {
        // dosages on rows 300-449 only: the row groups before and after have an all-null dosage chunk, not decoded
        Random rnd = new Random(5);
        List<TinyTables.Row> mixed = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            byte[] codes = new byte[SAMPLES];
            double[] dos = i >= 300 && i < 450 ? new double[SAMPLES] : null;
            for (int s = 0; s < SAMPLES; s++) {
                codes[s] = (byte) rnd.nextInt(3);
                if (dos != null) {
                    dos[s] = codes[s];
                }
            }
            mixed.add(new TinyTables.Row(100 + i, codes, dos));
        }
        java.nio.file.Path dir = tmp.resolve("mixed");
        java.nio.file.Files.createDirectories(dir);
        VariantTable.VariantFile f = TinyTables.write(dir, "2", 1, mixed, conf);
        long[] set = java.util.stream.LongStream.range(0, 600)
                .filter(r -> r % 3 != 1)
                .toArray();
        try (TableScan scan = TableScan.over(Slice.of(f))
                .columns(VariantTableSchema.CALLS, VariantTableSchema.DOSAGE)
                .rows(set)
                .open(conf)) {
            TableScan.Column calls = scan.column(VariantTableSchema.CALLS);
            TableScan.Column dosage = scan.column(VariantTableSchema.DOSAGE);
            int n = 0;
            while (scan.next()) {
                int r = (int) scan.row();
                assertThat(r % 3).isNotEqualTo(1);
                boolean has = r >= 300 && r < 450;
                if (r % 2 == 0) { // some rows read the dosage first, some skip the calls
                    assertThat(dosage.present()).as("row %d", r).isEqualTo(has);
                    byte[] codes = new byte[SAMPLES];
                    TwoBitVector.decode(calls.bytes(), codes);
                    assertThat(codes).isEqualTo(mixed.get(r).codes());
                    // the same value read in place (the page's array) after a copy of it
                    byte[] page = calls.bytesInPlace();
                    assertThat(java.util.Arrays.copyOfRange(page, calls.offset(), calls.offset() + calls.length()))
                            .isEqualTo(calls.bytes());
                } else if (r % 5 == 1) { // in place alone: a slice of a larger array, the row's vector
                    byte[] page = calls.bytesInPlace();
                    byte[] codes = new byte[SAMPLES];
                    TwoBitVector.decode(
                            java.util.Arrays.copyOfRange(page, calls.offset(), calls.offset() + calls.length()), codes);
                    assertThat(codes).isEqualTo(mixed.get(r).codes());
                }
                byte[] d = dosage.bytes();
                assertThat(d == null).as("row %d", r).isEqualTo(!has);
                if (has) {
                    assertThat(d)
                            .isEqualTo(org.musubi.format.calls.DosageCodec.encode(
                                    mixed.get(r).dosages(), SAMPLES));
                }
                n++;
            }
            assertThat(n).isEqualTo(set.length);
        }
    }
}
