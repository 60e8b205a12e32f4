package org.musubi.prs;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.musubi.format.VariantTableSchema;
import org.musubi.prs.kernel.ScoreKernel;
import org.musubi.table.VariantTable;
import org.musubi.table.scan.Slice;
import org.musubi.table.scan.TableScan;
import org.musubi.util.DoubleList;
import org.musubi.util.IntList;
import org.musubi.util.LongList;

/**
 * The two reads of a variant file that PRS scoring needs, through {@link TableScan}: the candidate scan reads only
 * {@code pos, ref, alt, id, orig_alleles} and materialises the rows at the scoring files' positions or IDs; the
 * scoring read reads only {@code calls, dosage} of the matched rows (a row set, found by the candidate scan), row
 * groups without one not read. Runs inside Spark tasks, one variant file at a time.
 */
public final class PrsTableScan {
    private PrsTableScan() {}

    /**
     * What the candidate scan looks for in one variant file.
     *
     * @param positions sorted distinct positions of the scoring rows on this file's contig (after
     *     {@link org.musubi.genome.Contig#canonical}), empty when none
     */
    public record CandidateWork(int file, VariantTable.VariantFile variantFile, int[] positions)
            implements Serializable {}

    /**
     * The candidate rows of one file, column by column (what a task sends back: compact to serialise, unlike a
     * list of records).
     */
    public static final class FileCandidates implements Serializable {
        private static final long serialVersionUID = 1L;
        private int file;
        private String contig;
        private int size;
        private transient LongList rows = new LongList();
        private transient IntList pos = new IntList();
        private transient List<String> ref = new ArrayList<>();
        private transient List<String> alt = new ArrayList<>();
        private transient List<String> id = new ArrayList<>();
        private transient IntList multi = new IntList();

        FileCandidates(int file, String contig) {
            this.file = file;
            this.contig = contig;
        }

        void add(long row, int p, String r, String a, String i, boolean m) {
            rows.add(row);
            pos.add(p);
            ref.add(r);
            alt.add(a);
            id.add(i);
            multi.add(m ? 1 : 0);
            size++;
        }

        /** Number of candidate rows. */
        public int size() {
            return size;
        }

        /**
         * Appends the rows, in file order, to {@code targets}, and for each its file (index in genome order) and
         * row number in that file to {@code fileOf} and {@code rowOf} at the target's index.
         */
        void appendTo(MatchTargets.Builder targets, int[] fileOf, long[] rowOf) {
            targets.reserve(size);
            for (int k = 0; k < size; k++) {
                int t = targets.size();
                fileOf[t] = file;
                rowOf[t] = rows.get(k);
                targets.add(contig, pos.get(k), ref.get(k), alt.get(k), id.get(k), multi.get(k) != 0);
            }
        }

        private void writeObject(java.io.ObjectOutputStream o) throws IOException {
            o.defaultWriteObject();
            for (int k = 0; k < size; k++) {
                o.writeLong(rows.get(k));
                o.writeInt(pos.get(k));
                writeString(o, ref.get(k));
                writeString(o, alt.get(k));
                writeString(o, id.get(k));
                o.writeBoolean(multi.get(k) != 0);
            }
        }

        private void readObject(java.io.ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            rows = new LongList(size);
            pos = new IntList(size);
            ref = new ArrayList<>(size);
            alt = new ArrayList<>(size);
            id = new ArrayList<>(size);
            multi = new IntList(size);
            for (int k = 0; k < size; k++) {
                rows.add(in.readLong());
                pos.add(in.readInt());
                ref.add(readString(in));
                alt.add(readString(in));
                id.add(readString(in));
                multi.add(in.readBoolean() ? 1 : 0);
            }
        }

        /** UTF-8 with its length, -1 for null (no 64 KiB limit, unlike writeUTF: alleles can be long). */
        private static void writeString(java.io.ObjectOutputStream o, String s) throws IOException {
            if (s == null) {
                o.writeInt(-1);
                return;
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            o.writeInt(b.length);
            o.write(b);
        }

        private static String readString(java.io.ObjectInputStream in) throws IOException {
            int len = in.readInt();
            if (len < 0) {
                return null;
            }
            byte[] b = new byte[len];
            in.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    /**
     * The weights to apply in one variant file: row numbers ascending, and for row {@code rows[k]} the weights
     * {@code start[k] .. start[k+1]-1} of the flat arrays.
     */
    public record ScoreWork(
            VariantTable.VariantFile variantFile,
            long[] rows,
            int[] start,
            int[] score,
            boolean[] effectIsAlt,
            double[] weight,
            byte[] type)
            implements Serializable {}

    /** Collects a file's (row, weight) pairs, in any order, into its {@link ScoreWork}; primitive arrays only. */
    public static final class WorkBuilder {
        private final LongList rows = new LongList();
        private final IntList score = new IntList();
        /** effect type ordinal × 2, + 1 when the effect allele is ALT */
        private final IntList flags = new IntList();

        private final DoubleList w = new DoubleList();

        /** Adds the weight of score {@code s} on row {@code row}. */
        public void add(long row, int s, boolean effectIsAlt, double weight, ScoringFile.EffectType t) {
            rows.add(row);
            score.add(s);
            flags.add(2 * t.ordinal() + (effectIsAlt ? 1 : 0));
            w.add(weight);
        }

        /** The work of file {@code f}: rows ascending, the weights of one row in the order they were added. */
        public ScoreWork build(VariantTable.VariantFile f) {
            int m = rows.size();
            long[] r = rows.array();
            // (row, insertion index) packed in one long: sorting them is a stable sort by row
            long[] order = new long[m];
            for (int k = 0; k < m; k++) {
                order[k] = (r[k] << 32) | k;
            }
            Arrays.sort(order);
            long[] outRows = new long[m];
            int[] start = new int[m + 1];
            int[] sc = new int[m];
            boolean[] e = new boolean[m];
            double[] wt = new double[m];
            byte[] ty = new byte[m];
            int nr = 0;
            for (int k = 0; k < m; k++) {
                int x = (int) order[k];
                long row = order[k] >>> 32;
                if (nr == 0 || outRows[nr - 1] != row) {
                    outRows[nr] = row;
                    start[nr] = k;
                    nr++;
                }
                sc[k] = score.get(x);
                e[k] = (flags.get(x) & 1) != 0;
                wt[k] = w.get(x);
                ty[k] = (byte) (flags.get(x) >>> 1);
            }
            start[nr] = m;
            return new ScoreWork(f, Arrays.copyOf(outRows, nr), Arrays.copyOf(start, nr + 1), sc, e, wt, ty);
        }
    }

    /** The rows of one file at the given positions (binary search) or with one of the given IDs, in file order. */
    public static FileCandidates candidates(CandidateWork work, Set<String> ids, Configuration conf)
            throws IOException {
        VariantTable.VariantFile f = work.variantFile();
        FileCandidates out = new FileCandidates(work.file(), f.contig());
        int[] positions = work.positions();
        if (positions.length == 0 && ids.isEmpty()) {
            return out;
        }
        boolean byId = !ids.isEmpty();
        try (TableScan scan = TableScan.over(Slice.of(f))
                .columns(TableScan.VARIANT)
                .columns(VariantTableSchema.ORIG_ALLELES)
                .open(conf)) {
            TableScan.Column orig = scan.column(VariantTableSchema.ORIG_ALLELES);
            while (scan.next()) {
                int p = scan.pos();
                String rowId = byId ? scan.id() : null;
                if (Arrays.binarySearch(positions, p) >= 0 || (rowId != null && ids.contains(rowId))) {
                    out.add(scan.row(), p, scan.ref(), scan.alt(), scan.id(), orig.present());
                }
            }
        }
        return out;
    }

    /** Adds the matched rows of one file to {@code acc}: their calls (or dosages) with their weights. */
    public static void score(ScoreWork work, ScoreAccumulator acc, Configuration conf) throws IOException {
        long[] rows = work.rows();
        if (rows.length == 0) {
            return;
        }
        ScoreKernel kernel = acc.kernel();
        int[] start = work.start();
        try (TableScan scan = TableScan.over(Slice.of(work.variantFile()))
                .columns(VariantTableSchema.CALLS, VariantTableSchema.DOSAGE)
                .rows(rows)
                .open(conf)) {
            TableScan.Column calls = scan.column(VariantTableSchema.CALLS);
            TableScan.Column dosage = scan.column(VariantTableSchema.DOSAGE);
            for (int k = 0; scan.next(); k++) {
                byte[] dos = dosage.bytes();
                byte[] c = dos == null ? calls.bytesInPlace() : null; // the page's bytes: no copy per row
                kernel.add(
                        c,
                        c == null ? 0 : calls.offset(),
                        c == null ? 0 : calls.length(),
                        dos,
                        work.score(),
                        work.effectIsAlt(),
                        work.weight(),
                        work.type(),
                        start[k],
                        start[k + 1]);
            }
        }
    }
}
