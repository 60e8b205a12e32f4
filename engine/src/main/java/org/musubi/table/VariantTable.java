package org.musubi.table;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.InputFile;
import org.musubi.error.MusubiUserException;
import org.musubi.format.ContigPaths;
import org.musubi.format.TableMetadata;
import org.musubi.format.VariantTableSchema;
import org.musubi.integrity.FileDigest;
import org.musubi.integrity.IntegrityException;
import org.musubi.integrity.Manifests;
import org.musubi.integrity.ParquetDigest;
import org.musubi.integrity.VerifyingInputFile;
import org.musubi.output.OutputCommit;

/**
 * An existing, complete variant table: its metadata and its variant files in genome order. Opening a directory
 * that is not a complete table (no {@code _SUCCESS} or {@code _table.json}) or that a newer format wrote is a user
 * error.
 */
public final class VariantTable {
    public final Path dir;
    public final TableMetadata metadata;
    private final FileSystem fs;

    /**
     * A variant file: its contig, path, row count and first position (from the footer's statistics), and its digests
     * from {@code _table.json} (null in a table written before digests were recorded).
     */
    public record VariantFile(
            String contig, int contigOrder, String path, long rows, long bytes, int firstPos, ParquetDigest digest)
            implements java.io.Serializable {
        public VariantFile(String contig, int contigOrder, String path, long rows, long bytes, int firstPos) {
            this(contig, contigOrder, path, rows, bytes, firstPos, null);
        }
    }

    private VariantTable(Path dir, FileSystem fs, TableMetadata metadata) {
        this.dir = dir;
        this.fs = fs;
        this.metadata = metadata;
    }

    public static VariantTable open(String path, Configuration conf) throws IOException {
        Path dir = new Path(path);
        FileSystem fs = dir.getFileSystem(conf);
        if (!fs.exists(dir)) {
            throw new MusubiUserException("table " + path + " does not exist");
        }
        String other = otherOutput(fs, dir);
        if (other != null) {
            throw new MusubiUserException(path + " is " + other + ", not a variant table: a table is what ingest"
                    + " (or simulate --format table) writes, a directory with " + TableMetadata.FILE_NAME);
        }
        if (!OutputCommit.isComplete(fs, dir) || !fs.exists(new Path(dir, TableMetadata.FILE_NAME))) {
            throw new MusubiUserException(path + " is not a complete Musubi table (no " + TableMetadata.SUCCESS
                    + " or " + TableMetadata.FILE_NAME + "): the job that wrote it did not finish, or this is not a"
                    + " table; re-run the ingest");
        }
        TableMetadata meta = TableMetadata.fromJson(
                Manifests.read(fs, dir, TableMetadata.FILE_NAME, path).bytes());
        String major = meta.formatVersion == null ? "?" : meta.formatVersion.split("\\.")[0];
        if (!major.equals(TableMetadata.FORMAT_VERSION.split("\\.")[0])) {
            throw new MusubiUserException(path + " has table format " + meta.formatVersion + "; this Musubi reads "
                    + TableMetadata.FORMAT_VERSION + ". Use a matching Musubi version or re-ingest");
        }
        VariantTable t = new VariantTable(fs.makeQualified(dir), fs, meta);
        t.verifySamples(conf);
        return t;
    }

    /** What another job's output directory is and which jobs read it, from its marker files; null otherwise. */
    private static String otherOutput(FileSystem fs, Path dir) throws IOException {
        if (fs.exists(new Path(dir, TableMetadata.FILE_NAME))) {
            return null;
        }
        String[][] markers = {
            {"results.parquet", "a gwas output (meta reads its <pheno>.tsv.gz files, report the directory)"},
            {"match_summary.csv", "a prs output (report reads it)"},
            {"frequencies.parquet", "a freq or freq-merge output (freq-merge and report read it)"},
            {"meta.tbl", "a meta output (report reads it)"},
            {"simulation.json", "a simulate output (its tables, with --format table or both, are <bank>/cohort.mvt)"},
            {"tables", "a directory holding outputs (the demo's --out?): its variant tables are under tables/"}
        };
        for (String[] m : markers) {
            if (fs.exists(new Path(dir, m[0]))) {
                return m[1];
            }
        }
        return null;
    }

    /**
     * Refuses a table without variants (a header-only VCF ingested) for a job that needs them ({@code job}: gwas,
     * freq, prs); returns this table.
     */
    public VariantTable requireVariants(String job) {
        if (metadata.variantCount == 0) {
            throw new MusubiUserException(dir + ": the table has no variants (" + metadata.recordCount
                    + " VCF records ingested, " + metadata.quarantinedCount + " quarantined); " + job
                    + " needs variants: ingest a VCF that has records");
        }
        return this;
    }

    public Path variantsDir() {
        return new Path(dir, TableMetadata.VARIANTS);
    }

    public Path samplesPath() {
        return new Path(dir, TableMetadata.SAMPLES);
    }

    /** The variant files in genome order: contigs in table order, then by first position. */
    public List<VariantFile> files(Configuration conf) throws IOException {
        List<VariantFile> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        Path vdir = variantsDir();
        if (!fs.exists(vdir)) {
            return out;
        }
        for (FileStatus d : fs.listStatus(vdir)) {
            String name = d.getPath().getName();
            String prefix = VariantTableSchema.CONTIG + "=";
            if (!d.isDirectory() || !name.startsWith(prefix)) {
                continue;
            }
            String contig = ContigPaths.unescape(name.substring(prefix.length()));
            int order = metadata.contigs.indexOf(contig);
            for (FileStatus f : fs.listStatus(d.getPath())) {
                if (!f.getPath().getName().endsWith(".parquet")) {
                    continue;
                }
                String rel =
                        TableMetadata.VARIANTS + "/" + name + "/" + f.getPath().getName();
                ParquetDigest digest = digest(rel, f.getPath());
                seen.add(rel);
                ParquetMetadata footer;
                try (ParquetFileReader r = ParquetFileReader.open(input(f.getPath(), digest, conf))) {
                    footer = r.getFooter();
                }
                long rows = 0;
                int first = Integer.MAX_VALUE;
                for (BlockMetaData b : footer.getBlocks()) {
                    rows += b.getRowCount();
                    var stats = b.getColumns().get(VariantTableSchema.I_POS).getStatistics();
                    if (stats != null && stats.hasNonNullValue()) {
                        first = Math.min(first, (Integer) stats.genericGetMin());
                    }
                }
                out.add(new VariantFile(
                        contig,
                        order < 0 ? Integer.MAX_VALUE : order,
                        f.getPath().toString(),
                        rows,
                        f.getLen(),
                        first,
                        digest));
            }
        }
        if (metadata.variantFiles != null) {
            for (String rel : metadata.variantFiles.keySet()) {
                if (!seen.contains(rel)) {
                    throw new MusubiUserException(dir + "/" + rel + " is missing: _table.json lists it; restore the"
                            + " file (or the table) from its source or backup, or re-run the ingest");
                }
            }
        }
        out.sort(Comparator.comparingInt(VariantFile::contigOrder)
                .thenComparing(VariantFile::contig)
                .thenComparingInt(VariantFile::firstPos));
        return out;
    }

    public List<SamplesFile.Sample> samples(Configuration conf) throws IOException {
        return SamplesFile.read(samplesPath(), conf);
    }

    /**
     * Checks {@code samples.parquet} against its digest (read in full; it is small), on opening the table: every
     * reader of the samples ({@link #samples}, {@link #samplesFrame}, {@code SamplesFile} on {@link #samplesPath})
     * opens the table first.
     */
    private void verifySamples(Configuration conf) throws IOException {
        FileDigest d = metadata.files == null ? null : metadata.files.get(TableMetadata.SAMPLES);
        if (d != null && Manifests.verifying(conf)) {
            d.verify(fs, samplesPath(), samplesPath().toString());
        } else if (metadata.files != null && Manifests.verifying(conf)) {
            throw new IntegrityException(dir + "/" + TableMetadata.FILE_NAME, "its files list (no samples.parquet)");
        }
    }

    /** The digests {@code _table.json} records for variant file {@code rel}; null in a table written before them. */
    private ParquetDigest digest(String rel, Path file) {
        if (metadata.variantFiles == null) {
            return null;
        }
        ParquetDigest d = metadata.variantFiles.get(rel);
        if (d == null) {
            throw new MusubiUserException(file + " is not one of the table's files (_table.json does not list it):"
                    + " remove it, or restore the table from its source or backup");
        }
        return d;
    }

    /**
     * The Parquet input of a variant file: checked against its digests ({@link VerifyingInputFile}) when the table
     * records them and {@link Manifests#VERIFY_KEY} is not off. How {@code TableScan} opens its files.
     */
    public static InputFile input(VariantFile f, Configuration conf) throws IOException {
        return input(new Path(f.path()), f.digest(), conf);
    }

    private static InputFile input(Path p, ParquetDigest digest, Configuration conf) throws IOException {
        HadoopInputFile in = HadoopInputFile.fromPath(p, conf);
        if (digest == null || !Manifests.verifying(conf)) {
            return in;
        }
        return new VerifyingInputFile(in, p.getFileSystem(conf), p, p.toString(), digest);
    }

    /**
     * The variant rows as a DataFrame (contig from the partition directories, as a string). Filters on the count
     * columns (af, ac, an, n_called …) are pushed down to the Parquet row groups.
     */
    public org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> variants(org.apache.spark.sql.SparkSession spark) {
        return spark.read()
                .option("basePath", variantsDir().toString())
                .option("mergeSchema", "false")
                .parquet(variantsDir().toString());
    }

    /** The samples as a DataFrame. */
    public org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> samplesFrame(
            org.apache.spark.sql.SparkSession spark) {
        return spark.read().parquet(samplesPath().toString());
    }

    /** Total bytes of the table directory. */
    public long sizeOnDisk() throws IOException {
        return fs.getContentSummary(dir).getLength();
    }
}
