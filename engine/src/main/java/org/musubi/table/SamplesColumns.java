package org.musubi.table;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

/**
 * Named top-level columns of a {@code samples.parquet} ({@link SamplesFile}) read whole through parquet-mr's column
 * readers, one column at a time per row group: no record assembly and no object per row but the values. Values by row
 * position: {@code String} (BINARY), {@code Integer} (INT32), {@code Double} (DOUBLE), null where the value is null;
 * {@link #index} is each row's {@code sample_index}. Used by {@link SamplesFile#read} and {@link
 * SamplesFile#readColumns}.
 *
 * @param index each row's {@code sample_index}
 * @param values the columns found, keyed by the name asked for; a column the file lacks is absent
 */
record SamplesColumns(String file, int[] index, Map<String, Object[]> values) {

    /**
     * Reads {@code names} (matched exactly, or ignoring case and taking the first such column of the file) and
     * {@code sample_index}.
     */
    static SamplesColumns read(Path path, Configuration conf, List<String> names, boolean ignoreCase)
            throws IOException {
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(path, conf))) {
            MessageType schema = r.getFooter().getFileMetaData().getSchema();
            String createdBy = r.getFooter().getFileMetaData().getCreatedBy();
            int n = Math.toIntExact(r.getRecordCount());
            ColumnDescriptor indexColumn = find(schema, SamplesFile.SAMPLE_INDEX, false);
            if (indexColumn == null) {
                throw new IOException(path + ": no " + SamplesFile.SAMPLE_INDEX + " column");
            }
            // each column read once, whatever the names that ask for it (QcCohort asks for "pat" and "PAT")
            Map<ColumnDescriptor, Object[]> read = new LinkedHashMap<>();
            read.put(indexColumn, new Object[n]);
            Map<String, Object[]> values = new LinkedHashMap<>();
            for (String name : names) {
                ColumnDescriptor d = find(schema, name, ignoreCase);
                if (d != null) {
                    values.put(name, read.computeIfAbsent(d, x -> new Object[n]));
                }
            }
            int base = 0;
            PageReadStore pages;
            while ((pages = r.readNextRowGroup()) != null) {
                int rows = Math.toIntExact(pages.getRowCount());
                ColumnReadStoreImpl store = new ColumnReadStoreImpl(
                        pages, new DummyRecordConverter(schema).getRootConverter(), schema, createdBy);
                for (Map.Entry<ColumnDescriptor, Object[]> e : read.entrySet()) {
                    readColumn(store, e.getKey(), e.getValue(), base, rows);
                }
                base += rows;
            }
            Object[] indexValues = read.get(indexColumn);
            int[] index = new int[n];
            for (int i = 0; i < n; i++) {
                index[i] = (Integer) indexValues[i];
            }
            return new SamplesColumns(path.toString(), index, values);
        }
    }

    /** The values of a column the file must have. */
    Object[] required(String name) {
        Object[] v = values.get(name);
        if (v == null) {
            throw new IllegalStateException(file + ": no " + name + " column");
        }
        return v;
    }

    private static void readColumn(ColumnReadStoreImpl store, ColumnDescriptor d, Object[] out, int base, int rows) {
        ColumnReader c = store.getColumnReader(d);
        int maxDef = d.getMaxDefinitionLevel();
        for (int i = 0; i < rows; i++) {
            if (c.getCurrentDefinitionLevel() == maxDef) {
                out[base + i] = switch (d.getPrimitiveType().getPrimitiveTypeName()) {
                    case BINARY -> c.getBinary().toStringUsingUTF8();
                    case INT32 -> c.getInteger();
                    case DOUBLE -> c.getDouble();
                    default -> throw new IllegalStateException(
                            "samples column " + d.getPath()[0] + ": unexpected type " + d.getPrimitiveType());
                };
            }
            c.consume();
        }
    }

    /** The top-level, non-repeated column named {@code name}, or null. */
    private static ColumnDescriptor find(MessageType schema, String name, boolean ignoreCase) {
        for (ColumnDescriptor d : schema.getColumns()) {
            String p = d.getPath()[0];
            if (d.getPath().length == 1 && (ignoreCase ? p.equalsIgnoreCase(name) : p.equals(name))) {
                return d;
            }
        }
        return null;
    }
}
