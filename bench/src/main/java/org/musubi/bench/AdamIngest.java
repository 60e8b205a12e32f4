package org.musubi.bench;

import htsjdk.samtools.ValidationStringency;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.bdgenomics.adam.ds.ADAMContext;
import org.bdgenomics.adam.ds.variant.GenotypeDataset;
import org.bdgenomics.adam.ds.variant.VariantContextDataset;

/**
 * ADAM 1.0 as an ingest peer: {@code loadVcf(path) -> toGenotypes() -> saveAsParquet(out)}, in-process on an
 * embedded Spark ({@code local[C]}), with ADAM's Kryo registrator. Prints one {@code ADAM_TIMING} line with the
 * Spark start-up and the ingest time (the caller times the whole JVM as well).
 *
 * <pre>
 * java $JAVA17_FLAGS -cp bench/target/classes:$(cat bench/target/classpath.txt) org.musubi.bench.AdamIngest \
 *     --input x.vcf.gz --output x.adam --master local[4] [--count]
 * </pre>
 */
public final class AdamIngest {

    private AdamIngest() {}

    public static void main(String[] args) {
        long t0 = System.nanoTime();
        String input = null;
        String output = null;
        String master = "local[*]";
        boolean count = false;
        int splitsPerCore = 2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--input" -> input = args[++i];
                case "--output" -> output = args[++i];
                case "--master" -> master = args[++i];
                case "--count" -> count = true;
                case "--splits-per-core" -> splitsPerCore = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: AdamIngest --input X.vcf.gz --output DIR [--master local[C]] [--count] [--splits-per-core K]");
                    System.exit(2);
                }
            }
        }
        if (input == null || output == null) {
            System.err.println("usage: AdamIngest --input X.vcf.gz --output DIR [--master local[C]] [--count] [--splits-per-core K]");
            System.exit(2);
        }

        SparkSession spark = SparkSession.builder()
                .appName("adam-ingest-bench")
                .master(master)
                .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .config("spark.kryo.registrator", "org.bdgenomics.adam.serialization.ADAMKryoRegistrator")
                .config("spark.kryo.referenceTracking", "true")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        long t1 = System.nanoTime();

        // A BGZF VCF smaller than the 32 MiB local-filesystem block is one split, i.e. one task on one core. Cap the
        // split size (hadoop-bam splits BGZF at block boundaries) so ADAM gets splitsPerCore tasks per core.
        long maxSplit = 0;
        int cores = spark.sparkContext().defaultParallelism();
        if (splitsPerCore > 0) {
            try {
                org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(input);
                long size = p.getFileSystem(spark.sparkContext().hadoopConfiguration())
                        .getFileStatus(p)
                        .getLen();
                maxSplit = Math.max(256L << 10, (size + (long) cores * splitsPerCore - 1) / ((long) cores * splitsPerCore));
                spark.sparkContext()
                        .hadoopConfiguration()
                        .setLong("mapreduce.input.fileinputformat.split.maxsize", maxSplit);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        ADAMContext ac = new ADAMContext(spark.sparkContext());
        VariantContextDataset vcs = ac.loadVcf(input, ValidationStringency.LENIENT);
        GenotypeDataset gts = vcs.toGenotypes();
        // The full-argument overload; the Scala defaults are 128 MiB blocks, 1 MiB pages, gzip, dictionary on.
        gts.saveAsParquet(
                output,
                gts.saveAsParquet$default$2(),
                gts.saveAsParquet$default$3(),
                gts.saveAsParquet$default$4(),
                gts.saveAsParquet$default$5());
        long t2 = System.nanoTime();

        String rows = "";
        if (count) {
            long n = spark.read().parquet(output).count();
            rows = " genotype_rows=" + n;
        }
        spark.stop();
        System.out.printf(
                Locale.ROOT,
                "ADAM_TIMING spark_startup_s=%.3f ingest_s=%.3f cores=%d max_split_bytes=%d partitions_in=%d codec=%s%s%n",
                (t1 - t0) / 1e9,
                (t2 - t1) / 1e9,
                cores,
                maxSplit,
                vcs.rdd().getNumPartitions(),
                gts.saveAsParquet$default$4(),
                rows);
    }
}
