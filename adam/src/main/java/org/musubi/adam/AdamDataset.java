package org.musubi.adam;

import static org.apache.spark.sql.functions.col;

import htsjdk.samtools.ValidationStringency;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.bdgenomics.adam.ds.ADAMContext;
import org.bdgenomics.adam.ds.variant.GenotypeDataset;
import org.musubi.error.MusubiUserException;

/**
 * An ADAM genotype dataset on disk: what makes a directory one (Parquet files beside {@code _references.avro},
 * {@code _samples.avro} and {@code _header}, which ADAM's loader needs), loading it through ADAM, and the genotype
 * columns ingest reads. Bad input is one line naming the dataset and the fix.
 */
final class AdamDataset {
    /** The files ADAM's {@code saveAsParquet} writes beside the Parquet files of a genotype dataset. */
    static final List<String> METADATA = List.of("_references.avro", "_samples.avro", "_header");

    private static final String FIX = "write it with ADAM (GenotypeDataset.saveAsParquet, adam-submit"
            + " transformGenotypes) or musubi export --format adam";

    private AdamDataset() {}

    /** Refuses what is not a complete ADAM genotype dataset directory. */
    static void check(String in, Configuration conf) throws IOException {
        Path p = new Path(in);
        FileSystem fs = p.getFileSystem(conf);
        if (!fs.exists(p)) {
            throw new MusubiUserException(in + ": no such file or directory");
        }
        if (!fs.getFileStatus(p).isDirectory()) {
            throw new MusubiUserException(in + ": not an ADAM genotype dataset (ADAM writes a directory of Parquet"
                    + " files with _references.avro, _samples.avro and _header; this is a file); " + FIX);
        }
        for (String m : METADATA) {
            if (!fs.exists(new Path(p, m))) {
                throw new MusubiUserException(in + ": not an ADAM genotype dataset, or an incomplete copy: it has no "
                        + m + " (ADAM's loader needs _references.avro, _samples.avro and _header beside the Parquet"
                        + " files); copy the whole directory, or " + FIX);
            }
        }
        boolean parquet = Arrays.stream(fs.listStatus(p))
                .anyMatch(st -> st.getPath().getName().endsWith(".parquet"));
        if (!parquet) {
            throw new MusubiUserException(in + ": not an ADAM genotype dataset: no .parquet files in it; " + FIX);
        }
    }

    /** The dataset through ADAM's own loader (a failure is the user's input: one line). */
    static GenotypeDataset load(ADAMContext ac, String in) {
        try {
            return ac.loadGenotypes(
                    in, ac.loadGenotypes$default$2(), ac.loadGenotypes$default$3(), ValidationStringency.STRICT);
        } catch (RuntimeException e) {
            throw new MusubiUserException(in + ": ADAM cannot load it as genotypes (" + firstLine(e) + "); " + FIX, e);
        }
    }

    /**
     * The columns ingest reads: referenceName, start (0-based), ref, alt, names, split (from a multi-allelic record),
     * sampleId, alleles, phased, ds (expected ALT dosage).
     */
    static Dataset<Row> genotypeColumns(GenotypeDataset gd, String in) {
        Dataset<Row> df;
        try {
            df = gd.toDF();
        } catch (RuntimeException e) {
            throw new MusubiUserException(
                    in + ": its Parquet files cannot be read as ADAM genotypes (" + firstLine(e) + "); " + FIX, e);
        }
        List<String> have = Arrays.asList(df.columns());
        for (String c : List.of("variant", "referenceName", "start", "sampleId", "alleles", "phased")) {
            if (!have.contains(c)) {
                throw new MusubiUserException(in + ": not an ADAM genotype dataset: its Parquet has no '" + c
                        + "' column (ADAM alignments, features or variants are not genotypes); " + FIX);
            }
        }
        return df.select(
                col("referenceName"),
                col("start"),
                col("variant.referenceAllele").as("ref"),
                col("variant.alternateAllele").as("alt"),
                col("variant.names").as("names"),
                col("variant.splitFromMultiAllelic").as("split"),
                col("sampleId"),
                col("alleles"),
                col("phased"),
                have.contains("expectedAlleleDosage")
                        ? col("expectedAlleleDosage").as("ds")
                        : org.apache.spark.sql.functions.lit(null).cast("float").as("ds"));
    }

    /** The dataset's Parquet files and ADAM's metadata files, by name. */
    static List<FileStatus> files(String in, Configuration conf) throws IOException {
        Path p = new Path(in);
        return Arrays.stream(p.getFileSystem(conf).listStatus(p))
                .filter(st -> st.isFile())
                .filter(st -> st.getPath().getName().endsWith(".parquet")
                        || METADATA.contains(st.getPath().getName()))
                .sorted(java.util.Comparator.comparing(st -> st.getPath().getName()))
                .toList();
    }

    /**
     * The dataset's Parquet files as Spark reads them (not hidden: no leading '_' or '.'), by name; null when the
     * directory has subdirectories (a partitioned dataset, which only ADAM's loader reads).
     */
    static List<String> parquetFiles(String in, Configuration conf) throws IOException {
        Path p = new Path(in);
        List<String> out = new ArrayList<>();
        for (FileStatus st : p.getFileSystem(conf).listStatus(p)) {
            String name = st.getPath().getName();
            if (name.startsWith("_") || name.startsWith(".")) {
                continue;
            }
            if (st.isDirectory()) {
                return null;
            }
            if (name.endsWith(".parquet")) {
                out.add(st.getPath().toString());
            }
        }
        java.util.Collections.sort(out);
        return out;
    }

    static String firstLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        return t.getClass().getSimpleName() + ": " + (nl >= 0 ? m.substring(0, nl) : m);
    }
}
