package org.musubi.adam;

import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.DummyRecordConverter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * The columns of an ADAM genotype Parquet file that ingest reads, as parquet-mr column readers over one row group at
 * a time (no record assembly, no object per genotype): the projection ({@link #projection}), the leaf of each column
 * (a list's single leaf, whether ADAM wrote it with parquet-avro's two-level lists or Spark's three-level ones) and
 * per-row reads that keep every reader on the same row. {@link #of} answers null when the file's schema is not the
 * one expected (the caller then takes the shuffle path, which reads through ADAM's own loader). Used by {@link
 * AdamStreamReader} and {@link AdamStreamPlan}'s probe.
 */
final class AdamColumns {
    /** One leaf column: its reader over the current row group, how many of its values are consumed. */
    static final class Col {
        final ColumnDescriptor desc;
        final int maxDef;
        final boolean optionalLeaf;
        ColumnReader r;
        long total;
        long read;

        Col(ColumnDescriptor desc, boolean optionalLeaf) {
            this.desc = desc;
            this.maxDef = desc.getMaxDefinitionLevel();
            this.optionalLeaf = optionalLeaf;
        }

        void bind(PageReadStore pages, ColumnReadStoreImpl store) {
            total = pages.getPageReader(desc).getTotalValueCount();
            r = store.getColumnReader(desc);
            read = 0;
        }

        /** Whether the current row's value is present (not null). Call once per row, then a getter, then next(). */
        boolean present() {
            return r.getCurrentDefinitionLevel() == maxDef;
        }

        /** Moves to the next value (a present value not read is skipped: consume alone would not). */
        void next() {
            if (r.getCurrentDefinitionLevel() == maxDef) {
                r.skip();
            }
            r.consume();
            read++;
        }

        /** The current row's value of a non-repeated binary column, or null; moves to the next row. */
        Binary binary() {
            Binary b = present() ? r.getBinary() : null;
            next();
            return b;
        }

        /** Whether the next value still belongs to the current row (a list's next element). */
        boolean more() {
            return read < total && r.getCurrentRepetitionLevel() > 0;
        }
    }

    final Col referenceName;
    final Col start;
    final Col ref;
    final Col alt;
    final Col names;
    final Col split;
    final Col sampleId;
    final Col alleles;
    final Col phased;
    final Col ds;
    private final Col[] all;
    private final MessageType projection;

    private AdamColumns(MessageType projection, Col[] cols) {
        this.projection = projection;
        this.all = cols;
        referenceName = cols[0];
        start = cols[1];
        ref = cols[2];
        alt = cols[3];
        names = cols[4];
        split = cols[5];
        sampleId = cols[6];
        alleles = cols[7];
        phased = cols[8];
        ds = cols[9];
    }

    /** The schema a reader requests: what {@link #of} found. */
    MessageType projection() {
        return projection;
    }

    /**
     * The columns in {@code file}'s schema, or null when they are not those of ADAM genotypes (then the shuffle path
     * reads the dataset). {@code sitesOnly}: only referenceName and start (the probe's columns).
     */
    static AdamColumns of(MessageType file, boolean sitesOnly) {
        try {
            List<Type> top = new ArrayList<>();
            List<Type> variant = new ArrayList<>();
            Col[] cols = new Col[10];
            cols[0] = leaf(file, top, null, "referenceName", PrimitiveTypeName.BINARY, false);
            cols[1] = leaf(file, top, null, "start", PrimitiveTypeName.INT64, false);
            if (!sitesOnly) {
                GroupType v = file.getType("variant").asGroupType();
                cols[2] = leaf(v, variant, "variant", "referenceAllele", PrimitiveTypeName.BINARY, false);
                cols[3] = leaf(v, variant, "variant", "alternateAllele", PrimitiveTypeName.BINARY, false);
                cols[4] = leaf(v, variant, "variant", "names", PrimitiveTypeName.BINARY, true);
                cols[5] = leaf(v, variant, "variant", "splitFromMultiAllelic", PrimitiveTypeName.BOOLEAN, false);
                top.add(v.withNewFields(variant));
                cols[6] = leaf(file, top, null, "sampleId", PrimitiveTypeName.BINARY, false);
                cols[7] = leaf(file, top, null, "alleles", PrimitiveTypeName.BINARY, true);
                cols[8] = leaf(file, top, null, "phased", PrimitiveTypeName.BOOLEAN, false);
                cols[9] = file.containsField("expectedAlleleDosage")
                        ? leaf(file, top, null, "expectedAlleleDosage", PrimitiveTypeName.FLOAT, false)
                        : null;
            }
            MessageType proj = new MessageType(file.getName(), top);
            // descriptors from the projection, whose levels are the file's (the same path and repetitions)
            for (int i = 0; i < cols.length; i++) {
                if (cols[i] != null) {
                    cols[i] = new Col(proj.getColumnDescription(cols[i].desc.getPath()), cols[i].optionalLeaf);
                }
            }
            return new AdamColumns(proj, cols);
        } catch (RuntimeException e) {
            // a missing field (InvalidRecordException), a group where a value was expected (ClassCastException)
            return null;
        }
    }

    /**
     * The leaf of field {@code name} of {@code group} (a list: its one leaf), of the given type; the field is added
     * to {@code keep} (the projection). Anything else (another type, a list of several leaves) is an exception.
     */
    private static Col leaf(
            GroupType group, List<Type> keep, String parent, String name, PrimitiveTypeName type, boolean list) {
        Type t = group.getType(name);
        List<String> path = new ArrayList<>();
        if (parent != null) {
            path.add(parent);
        }
        path.add(name);
        Type leaf = t;
        while (!leaf.isPrimitive()) {
            GroupType g = leaf.asGroupType();
            if (g.getFieldCount() != 1) {
                throw new IllegalArgumentException(name + ": not a list of one value");
            }
            leaf = g.getType(0);
            path.add(leaf.getName());
        }
        PrimitiveType p = leaf.asPrimitiveType();
        boolean repeated = path.size() > (parent == null ? 1 : 2);
        if (p.getPrimitiveTypeName() != type || repeated != list) {
            throw new IllegalArgumentException(name + ": " + p + " is not " + type);
        }
        if (list && !p.isRepetition(Type.Repetition.REPEATED) && !hasRepeated(t)) {
            throw new IllegalArgumentException(name + ": not a list");
        }
        keep.add(t);
        // levels come from the projection in of(); a placeholder descriptor carries the path meanwhile
        return new Col(
                new ColumnDescriptor(path.toArray(new String[0]), p, 0, 0),
                list && p.isRepetition(Type.Repetition.OPTIONAL));
    }

    private static boolean hasRepeated(Type t) {
        if (t.isRepetition(Type.Repetition.REPEATED)) {
            return true;
        }
        return !t.isPrimitive() && t.asGroupType().getFields().stream().anyMatch(AdamColumns::hasRepeated);
    }

    /** Binds every column to a row group that was read with {@link #projection}. */
    void bind(PageReadStore pages, String createdBy) {
        ColumnReadStoreImpl store = new ColumnReadStoreImpl(
                pages, new DummyRecordConverter(projection).getRootConverter(), projection, createdBy);
        for (Col c : all) {
            if (c != null) {
                c.bind(pages, store);
            }
        }
    }
}
