package org.musubi.table.scan;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.example.DummyRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.musubi.format.VariantTableSchema;

/**
 * The one reader of a variant table's Parquet files: a cursor over the rows of a {@link Slice} that reads only the
 * projected columns, straight from their pages (no row assembly, no Spark SQL), and hands out primitive values and
 * bytes with no object per row. Rows can be restricted to a sorted set of row numbers ({@link Builder#rows}, as prs
 * reads its matched rows) and to a {@link RowFilter} on the stored counts (as gwas applies MAF and call rate); row
 * groups outside the slice, without a wanted row or whose statistics fail the filter are not read. Used by gwas,
 * prs, freq and export, and by {@link GenotypeBlocks}.
 *
 * <pre>{@code
 * try (TableScan scan = TableScan.over(slice).columns(POS, CALLS).filter(f).open(conf)) {
 *     TableScan.Column pos = scan.column(POS), calls = scan.column(CALLS);
 *     while (scan.next()) { int p = pos.int32(); byte[] c = calls.bytes(); ... }
 * }
 * }</pre>
 *
 * A column's value is read on first access in a row and kept for further accesses in that row; values not asked for
 * are skipped unread; a non-repeated column whose row-group statistics say every value is null (a table without
 * dosages) gives nulls without decoding its pages. Not thread-safe.
 */
public final class TableScan implements Closeable {
    private final Slice slice;
    private final long[] rowSet;
    private final RowFilter filter;
    private final ParquetFileReader reader;
    private final MessageType schema;
    private final List<BlockMetaData> groups;
    private final Map<String, Column> columns = new LinkedHashMap<>();
    private final Column[] all;
    private final Column called;
    private final Column af;
    private final Column pos;
    private final Column ref;
    private final Column alt;
    private final Column id;

    private int group = -1;
    private long groupStart;
    private long groupEnd;
    private long row = -1;
    private int nextInSet;

    private TableScan(Builder b, Configuration conf) throws IOException {
        this.slice = b.slice;
        this.rowSet = b.rows;
        this.filter = b.filter;
        this.reader = ParquetFileReader.open(org.musubi.table.VariantTable.input(slice.file(), conf));
        try {
            List<String> names = new ArrayList<>(b.columns);
            if (filter.usesCalled() && !names.contains(VariantTableSchema.N_CALLED)) {
                names.add(VariantTableSchema.N_CALLED);
            }
            if (filter.usesAf() && !names.contains(VariantTableSchema.AF)) {
                names.add(VariantTableSchema.AF);
            }
            MessageType file = reader.getFooter().getFileMetaData().getSchema();
            List<Type> fields = new ArrayList<>();
            for (String c : names) {
                fields.add(file.getType(c));
            }
            this.schema = new MessageType(file.getName(), fields);
            reader.setRequestedSchema(schema);
            for (String c : names) {
                columns.put(c, new Column(schema, c));
            }
            this.all = columns.values().toArray(new Column[0]);
            this.called = filter.usesCalled() ? columns.get(VariantTableSchema.N_CALLED) : null;
            this.af = filter.usesAf() ? columns.get(VariantTableSchema.AF) : null;
            this.pos = columns.get(VariantTableSchema.POS);
            this.ref = columns.get(VariantTableSchema.REF);
            this.alt = columns.get(VariantTableSchema.ALT);
            this.id = columns.get(VariantTableSchema.ID);
            this.groups = reader.getRowGroups();
            this.groupEnd = 0;
            this.nextInSet = 0;
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** A scan of {@code slice}: name its columns, optionally rows and a filter, then {@link Builder#open}. */
    public static Builder over(Slice slice) {
        return new Builder(slice);
    }

    /** What to read of a slice. */
    public static final class Builder {
        private final Slice slice;
        private final List<String> columns = new ArrayList<>();
        private long[] rows;
        private RowFilter filter = RowFilter.NONE;

        private Builder(Slice slice) {
            this.slice = slice;
        }

        /** The top-level columns to read ({@link VariantTableSchema} names, or {@code info_*}). */
        public Builder columns(String... names) {
            columns.addAll(List.of(names));
            return this;
        }

        /** The columns to read, as a list. */
        public Builder columns(List<String> names) {
            columns.addAll(names);
            return this;
        }

        /** Only these row numbers of the file (ascending, no repeats); null for every row of the slice. */
        public Builder rows(long[] sortedRows) {
            this.rows = sortedRows;
            return this;
        }

        /** Only rows passing {@code f} (applied after the slice and the row set). */
        public Builder filter(RowFilter f) {
            this.filter = f;
            return this;
        }

        public TableScan open(Configuration conf) throws IOException {
            return new TableScan(this, conf);
        }
    }

    /** The handle of a projected column; its values are those of the current row. */
    public Column column(String name) {
        Column c = columns.get(name);
        if (c == null) {
            throw new IllegalArgumentException(
                    "column " + name + " is not in this scan's projection " + columns.keySet());
        }
        return c;
    }

    /** The current row's position (the scan must read {@link #VARIANT}, as the next three). */
    public int pos() {
        return pos.int32();
    }

    public String ref() {
        return ref.string();
    }

    public String alt() {
        return alt.string();
    }

    /** The current row's ID, null when none. */
    public String id() {
        return id.string();
    }

    /** The slice's file's contig. */
    public String contig() {
        return slice.file().contig();
    }

    /** The current row's number in its file. */
    public long row() {
        return row;
    }

    /** Moves to the next wanted row; false at the end of the slice. */
    public boolean next() throws IOException {
        for (Column c : all) {
            c.finishRow();
        }
        while (true) {
            long target = row + 1;
            if (rowSet != null) {
                while (nextInSet < rowSet.length && rowSet[nextInSet] < Math.max(target, slice.from())) {
                    nextInSet++;
                }
                if (nextInSet == rowSet.length) {
                    return false;
                }
                target = rowSet[nextInSet];
            } else {
                target = Math.max(target, slice.from());
            }
            if (target >= slice.to()) {
                return false;
            }
            if (target >= groupEnd && !seekGroup(target)) {
                return false;
            }
            if (target < groupStart) {
                target = groupStart; // the wanted row's group was skipped: look again from the next group
                if (rowSet != null) {
                    row = target - 1;
                    continue;
                }
            }
            while (row + 1 < target) {
                row++;
                for (Column c : all) {
                    c.skipRow();
                }
            }
            row = target;
            for (Column c : all) {
                c.pending = true;
            }
            if (filter == RowFilter.NONE
                    || filter.test(
                            called == null ? Integer.MAX_VALUE : called.int32(), af == null ? 0.5 : af.doubleOrNaN())) {
                if (rowSet != null) {
                    nextInSet++;
                }
                return true;
            }
            for (Column c : all) {
                c.finishRow();
            }
            if (rowSet != null) {
                nextInSet++;
            }
        }
    }

    /**
     * Reads the next row group that holds row {@code target} or a later wanted row and may pass the filter, skipping
     * the others; false when none is left. Afterwards the current row is the one before the group.
     */
    private boolean seekGroup(long target) throws IOException {
        while (group + 1 < groups.size()) {
            group++;
            BlockMetaData b = groups.get(group);
            long start = groupEnd;
            long end = start + b.getRowCount();
            groupStart = start;
            groupEnd = end;
            row = start - 1;
            boolean wanted = end > target && start < slice.to() && filter.mayPass(b);
            if (wanted && rowSet != null) {
                int k = nextInSet;
                while (k < rowSet.length && rowSet[k] < start) {
                    k++;
                }
                wanted = k < rowSet.length && rowSet[k] < end;
            }
            if (!wanted) {
                reader.skipNextRowGroup();
                if (start >= slice.to()) {
                    return false;
                }
                continue;
            }
            PageReadStore pages = reader.readNextRowGroup();
            ColumnReadStoreImpl store = new ColumnReadStoreImpl(
                    pages,
                    new DummyRecordConverter(schema).getRootConverter(),
                    schema,
                    reader.getFooter().getFileMetaData().getCreatedBy());
            for (Column c : all) {
                c.bind(store, b);
            }
            return true;
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    /** Receives a variant and its genotypes (calls, and dosages or null) from {@link #variants}. */
    @FunctionalInterface
    public interface VariantSink {
        void variant(String contig, int pos, String id, String ref, String alt, byte[] calls, byte[] dosage)
                throws IOException;
    }

    /**
     * Reads the rows of {@code slices} that pass {@code filter}, in order, with the columns a per-variant test needs
     * ({@code pos, id, ref, alt, calls, dosage}), to {@code sink} (how gwas reads its slices).
     */
    public static void variants(List<Slice> slices, RowFilter filter, Configuration conf, VariantSink sink)
            throws IOException {
        for (Slice s : slices) {
            try (TableScan scan = over(s).columns(VARIANT)
                    .columns(VariantTableSchema.CALLS, VariantTableSchema.DOSAGE)
                    .filter(filter)
                    .open(conf)) {
                Column calls = scan.column(VariantTableSchema.CALLS);
                Column dosage = scan.column(VariantTableSchema.DOSAGE);
                while (scan.next()) {
                    sink.variant(
                            scan.contig(),
                            scan.pos(),
                            scan.id(),
                            scan.ref(),
                            scan.alt(),
                            calls.bytes(),
                            dosage.bytes());
                }
            }
        }
    }

    /** The variant's identity columns ({@code pos, ref, alt, id}), read by {@link #pos()} .. {@link #id()}. */
    public static final List<String> VARIANT =
            List.of(VariantTableSchema.POS, VariantTableSchema.REF, VariantTableSchema.ALT, VariantTableSchema.ID);

    /**
     * One projected column of the current row. Accessors read the value on first use in a row and return it again
     * on later calls; use the one that matches the column's Parquet type.
     */
    public static final class Column {
        private final ColumnDescriptor d;
        private final int maxDef;
        private final boolean list;
        private ColumnReader r;
        /** Every value of the current row group is null (its statistics say so): the reader is not touched. */
        private boolean allNull;

        private boolean pending;
        private boolean read;
        private boolean present;
        private int i;
        private long l;
        private double x;
        private boolean z;
        private Binary bin;
        private List<String> strings;
        private int inPlaceOffset;
        private int inPlaceLength;

        private Column(MessageType schema, String name) {
            ColumnDescriptor found = null;
            for (ColumnDescriptor c : schema.getColumns()) {
                if (c.getPath()[0].equals(name)) {
                    found = c;
                }
            }
            this.d = found;
            this.maxDef = found.getMaxDefinitionLevel();
            this.list = found.getMaxRepetitionLevel() > 0;
        }

        private void bind(ColumnReadStoreImpl store, BlockMetaData group) {
            r = store.getColumnReader(d);
            pending = false;
            read = false;
            allNull = false;
            if (!list) {
                for (ColumnChunkMetaData c : group.getColumns()) {
                    if (Arrays.equals(c.getPath().toArray(), d.getPath())) {
                        Statistics<?> st = c.getStatistics();
                        allNull = st != null
                                && st.isNumNullsSet()
                                && st.getNumNulls() == group.getRowCount()
                                && c.getValueCount() == group.getRowCount();
                    }
                }
            }
        }

        /** End of a row: its value skipped if nobody read it. */
        private void finishRow() {
            if (pending) {
                skipRow();
                pending = false;
            }
            read = false;
            bin = null;
            strings = null;
        }

        private void skipRow() {
            if (allNull) {
                return;
            }
            if (r.getCurrentDefinitionLevel() == maxDef) {
                r.skip();
            }
            r.consume();
            while (list && r.getCurrentRepetitionLevel() > 0) {
                if (r.getCurrentDefinitionLevel() == maxDef) {
                    r.skip();
                }
                r.consume();
            }
        }

        private boolean take() {
            if (read) {
                return false;
            }
            if (!pending) {
                throw new IllegalStateException("no current row: call next() first");
            }
            pending = false;
            read = true;
            if (allNull) { // the values a null gives, without touching the reader
                present = false;
                i = 0;
                l = 0;
                x = Double.NaN;
                z = false;
                bin = null;
                return false;
            }
            present = r.getCurrentDefinitionLevel() == maxDef;
            return true;
        }

        /** Whether the value is not null. */
        public boolean present() {
            if (read) {
                return present;
            }
            if (!pending) {
                throw new IllegalStateException("no current row: call next() first");
            }
            return !allNull && r.getCurrentDefinitionLevel() == maxDef;
        }

        public int int32() {
            if (take()) {
                i = present ? r.getInteger() : 0;
                r.consume();
            }
            return i;
        }

        public long int64() {
            if (take()) {
                l = present ? r.getLong() : 0;
                r.consume();
            }
            return l;
        }

        /** The value, NaN when null. */
        public double doubleOrNaN() {
            if (take()) {
                x = present ? r.getDouble() : Double.NaN;
                r.consume();
            }
            return x;
        }

        public boolean bool() {
            if (take()) {
                z = present && r.getBoolean();
                r.consume();
            }
            return z;
        }

        /** A binary value's bytes (a new array), null when null. */
        public byte[] bytes() {
            Binary b = binary();
            return b == null ? null : b.getBytes();
        }

        /**
         * A binary value's bytes where the reader holds them, without a copy: the array that holds the value from
         * {@link #offset()} for {@link #length()} bytes (a decompressed page's array, or a copy when the value is not
         * in a heap array), null when null. The array is the reader's: read it in this row only, never write to it.
         */
        public byte[] bytesInPlace() {
            Binary b = binary();
            if (b == null) {
                inPlaceOffset = 0;
                inPlaceLength = 0;
                return null;
            }
            ByteBuffer bb = b.toByteBuffer();
            if (bb.hasArray()) {
                inPlaceOffset = bb.arrayOffset() + bb.position();
                inPlaceLength = bb.remaining();
                return bb.array();
            }
            byte[] a = b.getBytes();
            inPlaceOffset = 0;
            inPlaceLength = a.length;
            return a;
        }

        /** The offset of the value in the array {@link #bytesInPlace()} returned. */
        public int offset() {
            return inPlaceOffset;
        }

        /** The length of the value {@link #bytesInPlace()} returned. */
        public int length() {
            return inPlaceLength;
        }

        /** A string value, null when null. */
        public String string() {
            Binary b = binary();
            return b == null ? null : b.toStringUsingUTF8();
        }

        private Binary binary() {
            if (take()) {
                bin = present ? r.getBinary() : null;
                r.consume();
            }
            return bin;
        }

        /** A list of strings (as {@code filters}), null when null. */
        public List<String> strings() {
            if (take()) {
                int def = r.getCurrentDefinitionLevel();
                strings = def == 0 ? null : new ArrayList<>(1);
                if (def == maxDef) {
                    strings.add(r.getBinary().toStringUsingUTF8());
                }
                r.consume();
                while (r.getCurrentRepetitionLevel() > 0) {
                    strings.add(r.getBinary().toStringUsingUTF8());
                    r.consume();
                }
            }
            return strings;
        }
    }
}
