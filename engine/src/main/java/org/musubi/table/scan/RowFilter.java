package org.musubi.table.scan;

import java.io.Serializable;
import org.apache.parquet.column.statistics.DoubleStatistics;
import org.apache.parquet.column.statistics.IntStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.musubi.format.VariantTableSchema;

/**
 * A filter on a variant file's stored per-row counts, applied by {@link TableScan} before any other column of the
 * row is read: {@code af} in {@code [maf, 1 − maf]} when {@code maf > 0} (a null {@code af} fails), and {@code
 * n_called >= minCalled}. A row group whose column statistics show that no row can pass is not read at all.
 */
public record RowFilter(double maf, long minCalled) implements Serializable {
    /** Every row passes. */
    public static final RowFilter NONE = new RowFilter(0, 0);

    /** Whether the filter reads {@code af}. */
    boolean usesAf() {
        return maf > 0;
    }

    /** Whether the filter reads {@code n_called}. */
    boolean usesCalled() {
        return minCalled > 0;
    }

    /** Whether a row with these counts passes ({@code af} NaN when null). */
    public boolean test(int nCalled, double af) {
        return nCalled >= minCalled && (maf <= 0 || (af >= maf && af <= 1 - maf));
    }

    /** False when the row group's statistics show that none of its rows passes; true when some may. */
    boolean mayPass(BlockMetaData group) {
        if (!usesAf() && !usesCalled()) {
            return true;
        }
        for (ColumnChunkMetaData c : group.getColumns()) {
            if (c.getPath().size() != 1) {
                continue;
            }
            String name = c.getPath().toArray()[0];
            Statistics<?> s = c.getStatistics();
            if (s == null) {
                continue;
            }
            if (usesCalled() && name.equals(VariantTableSchema.N_CALLED) && s instanceof IntStatistics i) {
                if (i.hasNonNullValue() && i.getMax() < minCalled) {
                    return false;
                }
            } else if (usesAf() && name.equals(VariantTableSchema.AF) && s instanceof DoubleStatistics d) {
                if (d.hasNonNullValue()) {
                    if (d.getMax() < maf || d.getMin() > 1 - maf) {
                        return false;
                    }
                } else if (d.isNumNullsSet() && d.getNumNulls() == group.getRowCount()) {
                    return false;
                }
            }
        }
        return true;
    }
}
