package org.musubi.bench;

import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

/**
 * The sites of a Musubi variant table as TSV lines {@code contig pos ref alt}, file by file in the table's order
 * (contig directories, then part files, by name), on standard output: the input of {@code bench/prs-table.sh}'s
 * synthetic score over an existing table (no VCF). Reads only the {@code pos, ref, alt} columns of
 * {@code variants/contig=C/*.parquet} with parquet-hadoop (no Spark).
 *
 * <pre>
 * java -cp bench/target/classes:$(cat bench/target/classpath.txt) org.musubi.bench.TableSites cohort.mvt &gt; sites.tsv
 * </pre>
 */
public final class TableSites {
    private TableSites() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: TableSites TABLE_DIR");
            System.exit(2);
        }
        File[] contigs = new File(args[0], "variants").listFiles(f -> f.getName().startsWith("contig="));
        if (contigs == null) {
            System.err.println("TableSites: " + args[0] + " has no variants/contig=… directories");
            System.exit(1);
        }
        Arrays.sort(contigs);
        Configuration conf = new Configuration();
        try (Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16)) {
            for (File dir : contigs) {
                String contig = dir.getName().substring("contig=".length());
                File[] parts = dir.listFiles(f -> f.getName().endsWith(".parquet"));
                Arrays.sort(parts);
                for (File part : parts) {
                    try (ParquetFileReader r =
                            ParquetFileReader.open(HadoopInputFile.fromPath(new Path(part.getPath()), conf))) {
                        MessageType file = r.getFooter().getFileMetaData().getSchema();
                        MessageType proj =
                                new MessageType("sites", file.getType("pos"), file.getType("ref"), file.getType("alt"));
                        r.setRequestedSchema(proj);
                        PageReadStore pages;
                        while ((pages = r.readNextRowGroup()) != null) {
                            RecordReader<Group> rows = new ColumnIOFactory()
                                    .getColumnIO(proj, file)
                                    .getRecordReader(pages, new GroupRecordConverter(proj));
                            for (long k = 0; k < pages.getRowCount(); k++) {
                                Group g = rows.read();
                                out.write(contig + "\t" + g.getInteger("pos", 0) + "\t" + g.getString("ref", 0) + "\t"
                                        + g.getString("alt", 0) + "\n");
                            }
                        }
                    }
                }
            }
        }
    }
}
