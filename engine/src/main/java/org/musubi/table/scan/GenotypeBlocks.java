package org.musubi.table.scan;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.musubi.format.VariantTableSchema;
import org.musubi.format.calls.CallsView;
import org.musubi.format.calls.DosageCodec;
import org.musubi.format.calls.GenotypeCode;

/**
 * A variant table read as a genotype matrix, B variants at a time: what the kernels that work on blocks of variants
 * read (KING, PCA, LD pruning, REGENIE ridge regression, PRS). Reads {@link Slice}s in order through {@link
 * TableScan} (only {@link TableScan#VARIANT}, {@code calls, dosage}, with an optional {@link RowFilter}) and decodes each row
 * through the {@code format.calls} codecs into primitive arrays, optionally for a subset of the samples.
 *
 * <p><b>Layout.</b> A block is an n × B matrix stored column-major: variant {@code j}'s values for the block's n
 * samples are {@code [j·n, (j+1)·n)} of {@link #dosages()} or {@link #codes()}, samples in the order of the subset
 * given (the table's order without one). The arrays are reused: {@link #next()} overwrites them.
 *
 * <p><b>Blocks.</b> A block holds up to B consecutive rows (that pass the filter) of one contig: it ends after B
 * rows, before the first row of another contig, or at the end of the slices; only the last block of a contig may be
 * short, and no block is empty.
 *
 * <p><b>Values and the missing rule.</b>
 *
 * <ul>
 *   <li>{@link Values#DOSAGES}: the ALT allele dosage, a double in [0, 2]: the row's 16-bit dosage ({@link
 *       DosageCodec}) when the row has one, else the hard call's ALT allele count ({@link GenotypeCode}: HOM_REF 0,
 *       HET 1, HOM_ALT 2; the ploidy vector is not read, so a haploid ALT call is 2, as its code). A missing value
 *       (code {@link GenotypeCode#MISSING}, half-missing calls included, or dosage code {@code 0xFFFF}) is replaced
 *       by the mean of the variant's non-missing values over the block's samples, and by 0 when every one is
 *       missing; {@link #missing(int)} counts them.
 *   <li>{@link Values#CODES}: the hard calls as bytes, {@link GenotypeCode} 0, 1, 2 and {@link
 *       GenotypeCode#MISSING} (3) for missing; dosages are not read.
 * </ul>
 *
 * Not thread-safe; one per task.
 */
public final class GenotypeBlocks implements Closeable {
    /** Which matrix a block holds. */
    public enum Values {
        /** double ALT dosages, missing mean-imputed. */
        DOSAGES,
        /** byte genotype codes, 3 = missing. */
        CODES
    }

    private static final double[] CODE_DOSAGE = {0, 1, 2, Double.NaN};

    private final List<Slice> slices;
    private final List<long[]> rows;
    private final RowFilter filter;
    private final Configuration conf;
    private final int[] subset;
    /** The inverse of {@link #subset} over the table's samples (−1: not read); null without a subset. */
    private final int[] position;

    private final int blockSize;
    private final Values values;
    private final int n;

    private final CallsView view = new CallsView();
    private final int tableN;
    private final byte[] tableCodes;
    private final double[] tableDosages;
    private final double[] dosages;
    private final byte[] codes;
    private final int[] pos;
    private final String[] id;
    private final String[] ref;
    private final String[] alt;
    private final int[] missing;
    private int size;
    private String contig;

    private int nextSlice;
    private TableScan scan;
    private TableScan.Column cCalls;
    private TableScan.Column cDosage;
    private boolean rowPending;

    private GenotypeBlocks(Builder b, Configuration conf) {
        this.slices = b.slices;
        this.rows = b.rows;
        this.filter = b.filter;
        this.conf = conf;
        this.subset = b.subset;
        if (subset != null) {
            this.position = new int[b.sampleCount];
            java.util.Arrays.fill(position, -1);
            for (int i = 0; i < subset.length; i++) {
                if (position[subset[i]] >= 0) {
                    throw new IllegalArgumentException("sample index " + subset[i] + " is given twice");
                }
                position[subset[i]] = i;
            }
        } else {
            this.position = null;
        }
        this.blockSize = b.blockSize;
        this.values = b.values;
        this.n = b.subset == null ? b.sampleCount : b.subset.length;
        this.tableN = b.sampleCount;
        this.tableCodes = new byte[tableN];
        this.tableDosages = values == Values.DOSAGES ? new double[tableN] : null;
        long cells = (long) n * blockSize;
        if (cells > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "a block of " + blockSize + " variants x " + n + " samples exceeds an array; use smaller blocks");
        }
        this.dosages = values == Values.DOSAGES ? new double[(int) cells] : null;
        this.codes = values == Values.CODES ? new byte[(int) cells] : null;
        this.pos = new int[blockSize];
        this.id = new String[blockSize];
        this.ref = new String[blockSize];
        this.alt = new String[blockSize];
        this.missing = new int[blockSize];
    }

    /** Blocks over {@code slices} (in order) of a table of {@code sampleCount} samples. */
    public static Builder over(List<Slice> slices, int sampleCount) {
        return new Builder(slices, sampleCount);
    }

    /** How to read the blocks. */
    public static final class Builder {
        private final List<Slice> slices;
        private final int sampleCount;
        private int[] subset;
        private int blockSize = 1000;
        private Values values = Values.DOSAGES;
        private RowFilter filter = RowFilter.NONE;
        private List<long[]> rows;

        private Builder(List<Slice> slices, int sampleCount) {
            this.slices = List.copyOf(slices);
            this.sampleCount = sampleCount;
        }

        /** Variants per block (default 1000). */
        public Builder blockSize(int b) {
            if (b < 1) {
                throw new IllegalArgumentException("block size " + b + " must be at least 1");
            }
            this.blockSize = b;
            return this;
        }

        /** Only these samples (table indices, any order, no repeats), in this order; null for all. */
        public Builder samples(int[] tableIndices) {
            if (tableIndices != null) {
                for (int i : tableIndices) {
                    if (i < 0 || i >= sampleCount) {
                        throw new IllegalArgumentException(
                                "sample index " + i + " is outside the table's " + sampleCount + " samples");
                    }
                }
            }
            this.subset = tableIndices == null ? null : tableIndices.clone();
            return this;
        }

        public Builder values(Values v) {
            this.values = v;
            return this;
        }

        /** Only rows passing {@code f}. */
        public Builder filter(RowFilter f) {
            this.filter = f;
            return this;
        }

        /**
         * Only these rows: per slice (same order) its row numbers ({@link TableScan.Builder#rows}: ascending, of the
         * file), or null for every row of that slice; null for every row of every slice.
         */
        public Builder rows(List<long[]> perSlice) {
            if (perSlice != null && perSlice.size() != slices.size()) {
                throw new IllegalArgumentException(
                        perSlice.size() + " row sets for " + slices.size() + " slices; give one per slice");
            }
            this.rows = perSlice == null ? null : new java.util.ArrayList<>(perSlice);
            return this;
        }

        public GenotypeBlocks open(Configuration conf) {
            return new GenotypeBlocks(this, conf);
        }
    }

    /** Reads the next block; false when no row is left. */
    public boolean next() throws IOException {
        size = 0;
        contig = null;
        while (size < blockSize) {
            if (!rowPending && !advance()) {
                break;
            }
            String c = scan.contig();
            if (contig != null && !contig.equals(c)) {
                break; // the row stays pending: it starts the next block
            }
            contig = c;
            rowPending = false;
            decode(size);
            size++;
        }
        return size > 0;
    }

    /** Moves to the next row, opening the next slices as needed; false at the end. */
    private boolean advance() throws IOException {
        while (true) {
            if (scan != null && scan.next()) {
                rowPending = true;
                return true;
            }
            if (scan != null) {
                scan.close();
                scan = null;
            }
            if (nextSlice == slices.size()) {
                return false;
            }
            long[] wanted = rows == null ? null : rows.get(nextSlice);
            scan = TableScan.over(slices.get(nextSlice++))
                    .rows(wanted)
                    .columns(TableScan.VARIANT)
                    .columns(VariantTableSchema.CALLS, VariantTableSchema.DOSAGE)
                    .filter(filter)
                    .open(conf);
            cCalls = scan.column(VariantTableSchema.CALLS);
            cDosage = scan.column(VariantTableSchema.DOSAGE);
        }
    }

    private void decode(int j) {
        pos[j] = scan.pos();
        id[j] = scan.id();
        ref[j] = scan.ref();
        alt[j] = scan.alt();
        byte[] ds = values == Values.DOSAGES ? cDosage.bytes() : null;
        int base = j * n;
        if (ds != null) {
            DosageCodec.decode(ds, tableN, tableDosages);
            for (int i = 0; i < n; i++) {
                dosages[base + i] = tableDosages[subset == null ? i : subset[i]];
            }
        } else {
            view.reset(cCalls.bytes(), tableN);
            if (values == Values.CODES && subset != null) {
                // only the subset's codes: O(subset) per DENSE row, not O(table)
                view.decodeSubset(subset, position, codes, base);
                int miss = 0;
                for (int i = base; i < base + n; i++) {
                    miss += codes[i] == GenotypeCode.MISSING ? 1 : 0;
                }
                missing[j] = miss;
                return;
            }
            view.decodeDense(tableCodes);
            if (values == Values.CODES) {
                int miss = 0;
                for (int i = 0; i < n; i++) {
                    byte c = tableCodes[subset == null ? i : subset[i]];
                    codes[base + i] = c;
                    miss += c == GenotypeCode.MISSING ? 1 : 0;
                }
                missing[j] = miss;
                return;
            }
            for (int i = 0; i < n; i++) {
                dosages[base + i] = CODE_DOSAGE[tableCodes[subset == null ? i : subset[i]]];
            }
        }
        double sum = 0;
        int miss = 0;
        for (int i = base; i < base + n; i++) {
            double x = dosages[i];
            if (Double.isNaN(x)) {
                miss++;
            } else {
                sum += x;
            }
        }
        missing[j] = miss;
        if (miss > 0) {
            double mean = miss == n ? 0 : sum / (n - miss);
            for (int i = base; i < base + n; i++) {
                if (Double.isNaN(dosages[i])) {
                    dosages[i] = mean;
                }
            }
        }
    }

    /** Variants in the current block (1..B). */
    public int size() {
        return size;
    }

    /** Samples per variant (n): the subset's size, or the table's sample count. */
    public int samples() {
        return n;
    }

    /** The current block's contig. */
    public String contig() {
        return contig;
    }

    /** The dosage matrix ({@link Values#DOSAGES}), variant j at {@code [j·n, (j+1)·n)}; valid up to {@code size()·n}. */
    public double[] dosages() {
        if (dosages == null) {
            throw new IllegalStateException("opened for " + values + ", not DOSAGES");
        }
        return dosages;
    }

    /** The code matrix ({@link Values#CODES}), variant j at {@code [j·n, (j+1)·n)}; valid up to {@code size()·n}. */
    public byte[] codes() {
        if (codes == null) {
            throw new IllegalStateException("opened for " + values + ", not CODES");
        }
        return codes;
    }

    /** Missing values of variant j among the block's samples (mean-imputed in DOSAGES). */
    public int missing(int j) {
        return missing[check(j)];
    }

    public int pos(int j) {
        return pos[check(j)];
    }

    /** The variant's ID, null when none. */
    public String id(int j) {
        return id[check(j)];
    }

    public String ref(int j) {
        return ref[check(j)];
    }

    public String alt(int j) {
        return alt[check(j)];
    }

    private int check(int j) {
        if (j < 0 || j >= size) {
            throw new IndexOutOfBoundsException("variant " + j + " of a block of " + size);
        }
        return j;
    }

    @Override
    public void close() throws IOException {
        if (scan != null) {
            scan.close();
            scan = null;
        }
    }
}
