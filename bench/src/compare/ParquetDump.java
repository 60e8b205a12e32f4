// Prints a Parquet file's schema, its key-value metadata and every row as text, so that two outputs can be compared
// by content where their bytes differ for reasons that are not content (Spark's part-file UUIDs, writer details).
// Compiled and run by bench/same-outputs.sh with the jobs' class path:
//   java -cp CLASSES:"$(cat jobs/target/local-classpath.txt)" ParquetDump LIST [MASK=TOKEN ...]
// LIST has one line per file, "PARQUET<TAB>DUMP": each Parquet file's text goes to its DUMP file. Each MASK (e.g. an
// output root's absolute path) is replaced by its TOKEN in the metadata values.
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

public class ParquetDump {
    public static void main(String[] args) throws Exception {
        Map<String, String> masks = new TreeMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            masks.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        Configuration conf = new Configuration();
        List<String> lines = Files.readAllLines(java.nio.file.Path.of(args[0]));
        for (String line : lines) {
            String[] f = line.split("\t");
            try (PrintStream out = new PrintStream(Files.newOutputStream(java.nio.file.Path.of(f[1])))) {
                dump(f[0], masks, conf, out);
            } catch (Exception e) {
                Files.deleteIfExists(java.nio.file.Path.of(f[1]));
            }
        }
    }

    static void dump(String file, Map<String, String> masks, Configuration conf, PrintStream out) throws Exception {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(file), conf))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            out.println("schema " + schema);
            for (Map.Entry<String, String> kv : new TreeMap<>(reader.getFooter().getFileMetaData().getKeyValueMetaData()).entrySet()) {
                String v = kv.getValue();
                for (Map.Entry<String, String> m : masks.entrySet()) v = v.replace(m.getKey(), m.getValue());
                out.println("meta " + kv.getKey() + "=" + v);
            }
            MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
            PageReadStore pages;
            long row = 0;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = io.getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    out.println("row " + (row++) + " " + records.read().toString().replace('\n', '|'));
                }
            }
        }
    }
}
