package org.musubi.spark;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.PageWriteStore;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.column.statistics.BinaryStatistics;
import org.apache.parquet.column.statistics.BooleanStatistics;
import org.apache.parquet.column.statistics.DoubleStatistics;
import org.apache.parquet.column.statistics.IntStatistics;
import org.apache.parquet.column.statistics.LongStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.Row;

/**
 * A row group of a flat schema held column by column in primitive arrays and written as PLAIN-encoded v1 data pages
 * ({@link RowParquetWriter#openPlain}): what parquet-mr's column writers produce with every dictionary off, without
 * their per-value path (a level encoder, a values writer, statistics and size checks per value). Pages hold at most
 * {@link #PAGE_ROWS} rows (parquet-mr's default page row limit) and about {@link #PAGE_BYTES} bytes of values (its
 * default page size); the definition levels of an optional column are RLE/bit-packed as parquet-mr encodes them (one
 * RLE run where a page has no null or only nulls); each page carries min, max and null count as parquet-mr's
 * statistics (strings compared as unsigned bytes, parquet's UTF-8 order). The row values are those given: a reader
 * sees the same rows as from the per-value writer.
 */
@SuppressWarnings("deprecation") // Encoding.BIT_PACKED: what parquet-mr's v1 pages declare for levels they leave out
final class PlainPages {
    static final int PAGE_ROWS = 20_000;
    static final int PAGE_BYTES = 1 << 20;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final int[] kinds;
    private final boolean[] optional;
    private final List<ColumnDescriptor> descriptors;
    /** Per column, the values of the rows held (one array by kind; strings as UTF-8 bytes). */
    private final long[][] longs;

    private final int[][] ints;
    private final double[][] doubles;
    private final boolean[][] bools;
    private final byte[][][] strings;
    /** Per column, whether the row's value is null. */
    private final boolean[][] nulls;
    /** Per string column, the last String instance written and its bytes (contig, stratum repeat one instance). */
    private final String[] lastString;

    private final byte[][] lastBytes;
    private int rows;
    private long bytes;

    PlainPages(MessageType pq, int[] kinds, boolean[] optional) {
        if (kinds.length == 0) {
            throw new IllegalArgumentException("a schema without columns");
        }
        this.kinds = kinds;
        this.optional = optional;
        this.descriptors = pq.getColumns();
        int n = kinds.length;
        longs = new long[n][];
        ints = new int[n][];
        doubles = new double[n][];
        bools = new boolean[n][];
        strings = new byte[n][][];
        nulls = new boolean[n][];
        lastString = new String[n];
        lastBytes = new byte[n][];
        allocate(1024);
    }

    private void allocate(int capacity) {
        for (int i = 0; i < kinds.length; i++) {
            nulls[i] = grow(nulls[i], capacity);
            switch (kinds[i]) {
                case RowParquetWriter.STRING -> strings[i] =
                        strings[i] == null ? new byte[capacity][] : Arrays.copyOf(strings[i], capacity);
                case RowParquetWriter.INT -> ints[i] =
                        ints[i] == null ? new int[capacity] : Arrays.copyOf(ints[i], capacity);
                case RowParquetWriter.LONG -> longs[i] =
                        longs[i] == null ? new long[capacity] : Arrays.copyOf(longs[i], capacity);
                case RowParquetWriter.DOUBLE -> doubles[i] =
                        doubles[i] == null ? new double[capacity] : Arrays.copyOf(doubles[i], capacity);
                default -> bools[i] = grow(bools[i], capacity);
            }
        }
    }

    private static boolean[] grow(boolean[] a, int capacity) {
        return a == null ? new boolean[capacity] : Arrays.copyOf(a, capacity);
    }

    /** Rows held. */
    int rows() {
        return rows;
    }

    /** About the bytes of the values held (8 per number, 4 plus the length per string). */
    long bufferedBytes() {
        return bytes;
    }

    /** Holds one row (nulls in required columns are the caller's check). */
    void add(Row r) {
        int k = rows;
        if (k == nulls[0].length) {
            allocate(2 * k);
        }
        for (int i = 0; i < kinds.length; i++) {
            if (r.isNullAt(i)) {
                nulls[i][k] = true;
                continue;
            }
            nulls[i][k] = false;
            switch (kinds[i]) {
                case RowParquetWriter.STRING -> {
                    String s = r.getString(i);
                    byte[] b;
                    if (s == lastString[i]) {
                        b = lastBytes[i];
                    } else {
                        b = s.getBytes(StandardCharsets.UTF_8);
                        lastString[i] = s;
                        lastBytes[i] = b;
                    }
                    strings[i][k] = b;
                    bytes += 4 + b.length;
                }
                case RowParquetWriter.INT -> {
                    ints[i][k] = r.getInt(i);
                    bytes += 4;
                }
                case RowParquetWriter.LONG -> {
                    longs[i][k] = r.getLong(i);
                    bytes += 8;
                }
                case RowParquetWriter.DOUBLE -> {
                    doubles[i][k] = r.getDouble(i);
                    bytes += 8;
                }
                default -> {
                    bools[i][k] = r.getBoolean(i);
                    bytes += 1;
                }
            }
        }
        rows = k + 1;
    }

    /** Writes the rows held as pages of each column into {@code store} and empties the buffer. */
    void writeTo(PageWriteStore store) throws IOException {
        for (int i = 0; i < kinds.length; i++) {
            PageWriter w = store.getPageWriter(descriptors.get(i));
            int from = 0;
            while (from < rows) {
                int to = pageEnd(i, from);
                writePage(i, from, to, w);
                from = to;
            }
        }
        rows = 0;
        bytes = 0;
        Arrays.fill(lastString, null);
    }

    /** The end of the page that starts at row {@code from} of column {@code i}. */
    private int pageEnd(int i, int from) {
        int end = Math.min(rows, from + PAGE_ROWS);
        if (kinds[i] != RowParquetWriter.STRING) {
            return end;
        }
        long size = 0;
        boolean[] nul = nulls[i];
        byte[][] s = strings[i];
        for (int k = from; k < end; k++) {
            if (!nul[k]) {
                size += 4 + s[k].length;
                if (size >= PAGE_BYTES) {
                    return k + 1;
                }
            }
        }
        return end;
    }

    private void writePage(int i, int from, int to, PageWriter w) throws IOException {
        int count = to - from;
        boolean[] nul = nulls[i];
        int nullCount = 0;
        for (int k = from; k < to; k++) {
            if (nul[k]) {
                nullCount++;
            }
        }
        int present = count - nullCount;
        Statistics<?> stats = Statistics.createStats(descriptors.get(i).getPrimitiveType());
        byte[] values;
        int len = 0;
        switch (kinds[i]) {
            case RowParquetWriter.STRING -> {
                byte[][] s = strings[i];
                int size = 0;
                byte[] min = null;
                byte[] max = null;
                for (int k = from; k < to; k++) {
                    if (!nul[k]) {
                        byte[] b = s[k];
                        size += 4 + b.length;
                        if (min == null) {
                            min = b;
                            max = b;
                        } else if (b != min && b != max) {
                            if (Arrays.compareUnsigned(b, min) < 0) {
                                min = b;
                            } else if (Arrays.compareUnsigned(b, max) > 0) {
                                max = b;
                            }
                        }
                    }
                }
                values = new byte[size];
                for (int k = from; k < to; k++) {
                    if (!nul[k]) {
                        byte[] b = s[k];
                        INTS.set(values, len, b.length);
                        System.arraycopy(b, 0, values, len + 4, b.length);
                        len += 4 + b.length;
                    }
                }
                if (min != null) {
                    ((BinaryStatistics) stats)
                            .initializeStats(Binary.fromConstantByteArray(min), Binary.fromConstantByteArray(max));
                }
            }
            case RowParquetWriter.INT -> {
                int[] v = ints[i];
                IntStatistics st = (IntStatistics) stats;
                values = new byte[4 * present];
                for (int k = from; k < to; k++) {
                    if (!nul[k]) {
                        INTS.set(values, len, v[k]);
                        len += 4;
                        st.updateStats(v[k]);
                    }
                }
            }
            case RowParquetWriter.LONG -> {
                long[] v = longs[i];
                LongStatistics st = (LongStatistics) stats;
                values = new byte[8 * present];
                for (int k = from; k < to; k++) {
                    if (!nul[k]) {
                        LONGS.set(values, len, v[k]);
                        len += 8;
                        st.updateStats(v[k]);
                    }
                }
            }
            case RowParquetWriter.DOUBLE -> {
                double[] v = doubles[i];
                DoubleStatistics st = (DoubleStatistics) stats;
                values = new byte[8 * present];
                for (int k = from; k < to; k++) {
                    if (!nul[k]) {
                        // PLAIN doubles are their IEEE 754 bits, as parquet-mr's Double.doubleToLongBits
                        LONGS.set(values, len, Double.doubleToLongBits(v[k]));
                        len += 8;
                        st.updateStats(v[k]);
                    }
                }
            }
            default -> {
                boolean[] v = bools[i];
                BooleanStatistics st = (BooleanStatistics) stats;
                values = new byte[(present + 7) / 8];
                int bit = 0;
                for (int k = from; k < to; k++) {
                    if (!nul[k]) {
                        if (v[k]) {
                            values[bit >>> 3] |= (byte) (1 << (bit & 7));
                        }
                        bit++;
                        st.updateStats(v[k]);
                    }
                }
            }
        }
        stats.incrementNumNulls(nullCount);
        BytesInput page;
        Encoding dl;
        if (optional[i]) {
            page = BytesInput.concat(levels(nul, from, to, nullCount), BytesInput.from(values));
            dl = Encoding.RLE;
        } else {
            page = BytesInput.from(values);
            dl = Encoding.BIT_PACKED;
        }
        w.writePage(page, count, count, stats, Encoding.BIT_PACKED, dl, Encoding.PLAIN);
    }

    /**
     * The definition levels of rows {@code from..to} (1 present, 0 null) as parquet-mr's v1 pages hold them: the
     * RLE/bit-packed hybrid at bit width 1 after its length in 4 bytes.
     */
    private static BytesInput levels(boolean[] nul, int from, int to, int nullCount) throws IOException {
        int count = to - from;
        BytesInput rle;
        if (nullCount == 0 || nullCount == count) {
            // one RLE run: its length shifted left once (a varint), then the value in one byte
            byte[] run = new byte[6];
            int n = 0;
            int h = count << 1;
            while ((h & ~0x7F) != 0) {
                run[n++] = (byte) ((h & 0x7F) | 0x80);
                h >>>= 7;
            }
            run[n++] = (byte) h;
            run[n++] = (byte) (nullCount == 0 ? 1 : 0);
            rle = BytesInput.from(run, 0, n);
        } else {
            RunLengthBitPackingHybridEncoder e =
                    new RunLengthBitPackingHybridEncoder(1, 64, PAGE_BYTES, HeapByteBufferAllocator.getInstance());
            for (int k = from; k < to; k++) {
                e.writeInt(nul[k] ? 0 : 1);
            }
            rle = BytesInput.copy(e.toBytes());
            e.close();
        }
        return BytesInput.concat(BytesInput.fromInt(Math.toIntExact(rle.size())), rle);
    }
}
