package org.musubi.table.scan;

import java.io.Serializable;
import org.musubi.table.VariantTable;

/**
 * Rows {@code [from, to)} of one variant file (row numbers count from 0 at the file's first row): the unit of work of
 * a {@link TableScan}, planned by {@link ScanPlan}.
 */
public record Slice(VariantTable.VariantFile file, long from, long to) implements Serializable {
    /** The whole file. */
    public static Slice of(VariantTable.VariantFile file) {
        return new Slice(file, 0, file.rows());
    }
}
