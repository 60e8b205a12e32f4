package org.musubi.table;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.DummyRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * One top-level column of a Parquet row group, read value by value straight from its pages (no row assembly, no
 * Spark SQL): how the jobs that scan a variant table's few columns in plain Spark tasks (prs, gwas) read it. Each
 * accessor consumes the current value; {@link #skip()} consumes it unread.
 */
public final class ColumnCursor {
    private final ColumnReader r;
    private final int maxDef;

    private ColumnCursor(ColumnReadStoreImpl store, MessageType schema, String name) {
        ColumnDescriptor d = schema.getColumnDescription(new String[] {name});
        this.r = store.getColumnReader(d);
        this.maxDef = d.getMaxDefinitionLevel();
    }

    /** Opens a variant file for column reading. */
    public static ParquetFileReader open(VariantTable.VariantFile f, Configuration conf) throws IOException {
        return ParquetFileReader.open(HadoopInputFile.fromPath(new Path(f.path()), conf));
    }

    /** Restricts {@code reader} to the named top-level columns and returns that projection. */
    public static MessageType project(ParquetFileReader reader, String... columns) {
        MessageType file = reader.getFooter().getFileMetaData().getSchema();
        List<Type> fields = new ArrayList<>();
        for (String c : columns) {
            fields.add(file.getType(c));
        }
        MessageType schema = new MessageType(file.getName(), fields);
        reader.setRequestedSchema(schema);
        return schema;
    }

    /** The column store of a row group just read with {@link ParquetFileReader#readNextRowGroup()}. */
    public static ColumnReadStoreImpl store(ParquetFileReader reader, PageReadStore pages, MessageType schema) {
        return new ColumnReadStoreImpl(
                pages,
                new DummyRecordConverter(schema).getRootConverter(),
                schema,
                reader.getFooter().getFileMetaData().getCreatedBy());
    }

    /** A cursor on column {@code name} of a row group's store. */
    public static ColumnCursor of(ColumnReadStoreImpl store, MessageType schema, String name) {
        return new ColumnCursor(store, schema, name);
    }

    /** Whether the current value is not null. */
    public boolean present() {
        return r.getCurrentDefinitionLevel() == maxDef;
    }

    public String string() {
        String s = present() ? r.getBinary().toStringUsingUTF8() : null;
        r.consume();
        return s;
    }

    public byte[] bytes() {
        byte[] b = present() ? r.getBinary().getBytes() : null;
        r.consume();
        return b;
    }

    /** Whether the current value is null (consumed). */
    public boolean isNull() {
        boolean n = !present();
        skip();
        return n;
    }

    public int int32() {
        int v = r.getInteger();
        r.consume();
        return v;
    }

    /** The current double, NaN when null. */
    public double doubleOrNaN() {
        double v = present() ? r.getDouble() : Double.NaN;
        r.consume();
        return v;
    }

    /** Skips the current value (null or not). */
    public void skip() {
        if (present()) {
            r.skip();
        }
        r.consume();
    }
}
