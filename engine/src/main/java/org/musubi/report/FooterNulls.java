package org.musubi.report;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Null counts of columns of a Parquet file or directory of part files, from the footers' column statistics (no
 * data page is read): the cells a release gate withheld in a frequency output.
 */
final class FooterNulls {
    private FooterNulls() {}

    /** Per column the nulls (−1 when a footer lacks the count), then the rows: {@code [n1, …, nk, rows]}. */
    static long[] count(Path parquet, Configuration conf, String... columns) throws IOException {
        FileSystem fs = parquet.getFileSystem(conf);
        long[] out = new long[columns.length + 1];
        boolean[] unknown = new boolean[columns.length];
        FileStatus st = fs.getFileStatus(parquet);
        FileStatus[] files = st.isDirectory() ? fs.listStatus(parquet) : new FileStatus[] {st};
        for (FileStatus f : files) {
            if (!f.isFile() || !f.getPath().getName().endsWith(".parquet")) {
                continue;
            }
            try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromStatus(f, conf))) {
                for (BlockMetaData b : r.getFooter().getBlocks()) {
                    out[columns.length] += b.getRowCount();
                    for (ColumnChunkMetaData c : b.getColumns()) {
                        String name = c.getPath().toDotString();
                        for (int i = 0; i < columns.length; i++) {
                            if (!name.equals(columns[i])) {
                                continue;
                            }
                            Statistics<?> s = c.getStatistics();
                            if (s == null || !s.isNumNullsSet()) {
                                unknown[i] = true;
                            } else {
                                out[i] += s.getNumNulls();
                            }
                        }
                    }
                }
            }
        }
        for (int i = 0; i < columns.length; i++) {
            if (unknown[i]) {
                out[i] = -1;
            }
        }
        return out;
    }
}
