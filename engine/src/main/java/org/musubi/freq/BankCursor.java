package org.musubi.freq;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.musubi.error.MusubiUserException;
import org.musubi.table.VariantTable;
import org.musubi.table.scan.Slice;
import org.musubi.table.scan.TableScan;

/**
 * A cursor over one Parquet part file of a bank's {@code frequencies.parquet}, for freq-merge: read with {@link
 * TableScan} (the projected columns straight from their pages, no Spark SQL), one stratum row at a time, as the
 * {@link FreqMergeTask#BANK_FIELDS} struct the merge takes. A freq part file holds one contig's sites in position
 * order (one table file's); a file that does not is refused with the fix.
 */
final class BankCursor implements Closeable {
    private static final List<String> COLUMNS = List.of(
            "contig",
            "pos",
            "ref",
            "alt",
            "id",
            "stratum",
            "ac",
            "an",
            "nhomalt",
            "nhemialt",
            "n_called",
            "n_het",
            "n_homref");

    final int bank;
    final String bankName;
    final String path;
    private final TableScan scan;
    private final TableScan.Column contigCol;
    private final TableScan.Column stratumCol;
    private final TableScan.Column[] counts;

    /** The current row: present while {@link #has}. */
    boolean has;

    String contig;
    int pos;
    String ref;
    String alt;
    String stratum;
    /** The current row as a {@link FreqMergeTask#BANK_FIELDS} struct. */
    Row struct;

    private BankCursor(int bank, String bankName, String path, Configuration conf) throws IOException {
        this.bank = bank;
        this.bankName = bankName;
        this.path = path;
        VariantTable.VariantFile f = new VariantTable.VariantFile("", 0, path, Long.MAX_VALUE, 0, 0);
        this.scan = TableScan.over(Slice.of(f)).columns(COLUMNS).open(conf);
        this.contigCol = scan.column("contig");
        this.stratumCol = scan.column("stratum");
        this.counts = new TableScan.Column[FreqMergeTask.COUNTS];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = scan.column(FreqMergeTask.BANK_FIELDS.get(3 + i));
        }
    }

    /** Opens the part files of a bank's {@code frequencies.parquet} (in name order), each at its first row. */
    static List<BankCursor> open(int bank, String bankName, String freqDir, Configuration conf) throws IOException {
        Path dir = new Path(freqDir, FreqPlan.PARQUET);
        FileSystem fs = dir.getFileSystem(conf);
        List<String> files = new ArrayList<>();
        for (FileStatus s : fs.listStatus(dir)) {
            String name = s.getPath().getName();
            if (s.isFile() && name.endsWith(".parquet") && !name.startsWith("_") && !name.startsWith(".")) {
                files.add(s.getPath().toString());
            }
        }
        files.sort(null);
        List<BankCursor> out = new ArrayList<>();
        try {
            for (String f : files) {
                BankCursor c = new BankCursor(bank, bankName, f, conf);
                out.add(c);
                c.advance();
            }
        } catch (IOException | RuntimeException e) {
            for (BankCursor c : out) {
                c.close();
            }
            throw e;
        }
        return out;
    }

    /** Moves to the next row; refuses a file whose rows leave its contig or go back in position. */
    void advance() throws IOException {
        String before = contig;
        int beforePos = pos;
        has = scan.next();
        if (!has) {
            return;
        }
        contig = contigCol.string();
        pos = scan.pos();
        ref = scan.ref();
        alt = scan.alt();
        stratum = stratumCol.string();
        if (before != null && (!before.equals(contig) || pos < beforePos)) {
            throw new MusubiUserException("bank " + bankName + ": " + path + " is not one contig in position order ("
                    + before + ":" + beforePos + " before " + contig + ":" + pos + "), as 'musubi freq' writes its"
                    + " part files; re-run freq for this bank");
        }
        Object[] v = new Object[3 + FreqMergeTask.COUNTS];
        v[0] = bank;
        v[1] = stratum;
        v[2] = scan.id();
        for (int i = 0; i < counts.length; i++) {
            v[3 + i] = counts[i].present() ? (Object) counts[i].int64() : null;
        }
        struct = RowFactory.create(v);
    }

    @Override
    public void close() throws IOException {
        scan.close();
    }
}
