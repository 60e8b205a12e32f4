package org.musubi.adam;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.LongAccumulator;
import org.bdgenomics.adam.ds.ADAMContext;
import org.bdgenomics.adam.ds.variant.GenotypeDataset;
import org.bdgenomics.adam.models.SequenceRecord;
import org.bdgenomics.formats.avro.Sample;
import org.musubi.error.MusubiUserException;
import org.musubi.format.TableMetadata;
import org.musubi.genome.GenomeBuild;
import org.musubi.ingest.FileChecksum;
import org.musubi.ingest.IngestPlan;
import org.musubi.ingest.IngestRequest;
import org.musubi.ingest.IngestSamples;
import org.musubi.io.vcf.VcfHeaderInfo;
import org.musubi.output.OutputCommit;
import org.musubi.output.OutputRun;
import org.musubi.output.PartFiles;
import org.musubi.spark.Progress;
import org.musubi.spark.SerializableConf;
import org.musubi.spark.SparkErrors;
import org.musubi.table.write.TableAssembler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ADAM genotype Parquet → variant table ({@code ingest --format adam}). ADAM's own loader reads the dataset ({@code
 * ADAMContext.loadGenotypes}: the Parquet files, {@code _references.avro}, {@code _samples.avro}, {@code _header});
 * its genotypes (one row per sample per split variant) are range-partitioned on (contig in the dataset's reference
 * order, start) and sorted within each partition, so that each task sees whole variants in genome order and writes
 * them through one {@link org.musubi.table.write.RowSink} ({@link AdamSplitWriter}); the driver assembles the table
 * as every ingest does ({@link TableAssembler}, {@code samples.parquet} with the manifest and inferred sex).
 *
 * <p>Samples are those of {@code _samples.avro}, in its order; a sample without a genotype row for a variant is a
 * missing call. Variants split from a multi-allelic record ({@code splitFromMultiAllelic}) get {@code orig_alleles}
 * from their siblings at the position (ALTs in sorted order: ADAM does not keep the record's order).
 */
public final class AdamIngestPlan {
    private static final Logger LOG = LoggerFactory.getLogger(AdamIngestPlan.class);

    /**
     * Spark setting that forces the shuffle path ({@code shuffle}; default {@code auto}: the streaming path wherever
     * the dataset allows it). For benchmarks and tests that compare the two.
     */
    static final String PATH_KEY = "spark.musubi.adam.ingest";

    static final String SHUFFLE = "shuffle";

    private AdamIngestPlan() {}

    public static IngestPlan.Summary run(SparkSession spark, IngestRequest req) throws IOException {
        long t0 = System.nanoTime();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration conf = jsc.hadoopConfiguration();
        if (req.inputs().size() != 1) {
            throw new MusubiUserException("--format adam: give one ADAM genotype dataset (a directory written by"
                    + " ADAM's saveAsParquet), not " + req.inputs().size() + " inputs");
        }
        String in = req.inputs().get(0);
        AdamDataset.check(in, conf);
        return OutputRun.run(
                req.output(), req.overwrite(), conf, commit -> runInto(spark, jsc, conf, req, in, commit, t0));
    }

    /** The dataset's files (Parquet and ADAM's metadata) with their SHA-256, computed in tasks. */
    private static List<TableMetadata.SourceFile> sources(
            JavaSparkContext jsc, SerializableConf sconf, String in, Configuration conf) throws IOException {
        List<String> paths = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        for (org.apache.hadoop.fs.FileStatus st : AdamDataset.files(in, conf)) {
            paths.add(st.getPath().toString());
            sizes.add(st.getLen());
        }
        List<String> sums = SparkErrors.userErrorsUnwrapped(() -> jsc.parallelize(paths, Math.max(1, paths.size()))
                .map(p -> FileChecksum.sha256(p, sconf.get()))
                .collect());
        List<TableMetadata.SourceFile> out = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            out.add(new TableMetadata.SourceFile(paths.get(i), sizes.get(i), "SHA-256", sums.get(i), 0));
        }
        return out;
    }

    private static IngestPlan.Summary runInto(
            SparkSession spark,
            JavaSparkContext jsc,
            Configuration conf,
            IngestRequest req,
            String in,
            OutputCommit commit,
            long t0)
            throws IOException {
        GenotypeDataset gd = AdamDataset.load(new ADAMContext(spark.sparkContext()), in);
        List<String> ids = new ArrayList<>();
        Iterator<Sample> si = scala.collection.JavaConverters.asJavaIteratorConverter(
                        gd.samples().iterator())
                .asJava();
        while (si.hasNext()) {
            ids.add(si.next().getId());
        }
        Map<String, Long> lengths = new LinkedHashMap<>();
        Iterator<SequenceRecord> ri = scala.collection.JavaConverters.asJavaIteratorConverter(
                        gd.references().records().iterator())
                .asJava();
        while (ri.hasNext()) {
            SequenceRecord r = ri.next();
            lengths.put(r.name(), r.length() > 0 ? r.length() : null);
        }
        Dataset<Row> df = AdamDataset.genotypeColumns(gd, in);
        String[] samples = ids.toArray(new String[0]);
        int n = samples.length;
        List<String> contigLines = new ArrayList<>();
        lengths.forEach((c, len) -> contigLines.add("##contig=<ID=" + c + (len == null ? "" : ",length=" + len) + ">"));
        String buildName = req.genomeBuild() != null
                ? req.genomeBuild()
                : VcfHeaderInfo.fromMetaLines(contigLines).guessBuild();
        if (buildName == null) {
            LOG.warn("ingest: genome build unknown (the dataset's _references.avro has no GRCh37 or GRCh38 contig"
                    + " lengths): the table records 'unknown'; give --genome-build GRCh37 or GRCh38");
        }
        GenomeBuild build = GenomeBuild.parse(buildName);

        Map<String, Integer> order = new HashMap<>();
        for (String c : lengths.keySet()) {
            order.put(c, order.size());
        }
        String attemptRoot = new Path(commit.staging(), "_tasks").toString();
        SerializableConf sconf = new SerializableConf(conf);
        LongAccumulator done = jsc.sc().longAccumulator("variants written");
        List<String> files = AdamDataset.parquetFiles(in, conf);
        AdamStreamPlan.Plan plan = SHUFFLE.equals(spark.conf().get(PATH_KEY, "auto"))
                ? new AdamStreamPlan.Plan(List.of(), 0, PATH_KEY + "=" + SHUFFLE)
                : files == null
                        ? new AdamStreamPlan.Plan(List.of(), 0, "a partitioned dataset (subdirectories)")
                        : AdamStreamPlan.plan(jsc, sconf, files, order, req.partitions());
        Tasks tasks = new Tasks(attemptRoot, sconf, samples, build, in, done);
        List<AdamSplitWriter.Result> results = plan.notStreamable() == null
                ? stream(jsc, plan, tasks)
                : shuffle(jsc, req, df, order, tasks, plan.notStreamable());
        results = new ArrayList<>(results);
        results.sort(java.util.Comparator.comparingInt(r -> r.split));

        TableAssembler table = new TableAssembler(commit.fs(), commit.staging());
        TableMetadata meta = table.metadata();
        meta.bank = req.bank();
        meta.inputFormat = "adam";
        meta.genomeBuild = buildName;
        meta.sampleCount = n;
        meta.vcfHeader = contigLines;
        meta.contigLengths.putAll(lengths);
        for (AdamSplitWriter.Result r : results) {
            meta.recordCount += r.written.rows;
            meta.multiallelicSplitCount += r.multiallelicRecords;
            table.add(r.written, in);
        }
        commit.fs().delete(new Path(attemptRoot), true);
        IngestSamples.write(req, samples, null, table, conf);
        meta.sources.addAll(sources(jsc, sconf, in, conf));
        table.finish("ingest", req.arguments());
        return new IngestPlan.Summary(req.output(), meta, (System.nanoTime() - t0) / 1_000_000_000L);
    }

    /** What every task of either path needs: where it writes, the samples, the build, the dataset's name. */
    private record Tasks(
            String attemptRoot,
            SerializableConf sconf,
            String[] samples,
            GenomeBuild build,
            String in,
            LongAccumulator done)
            implements java.io.Serializable {
        /** Task {@code i}: a writer into its attempt directory, fed by {@code body}; the task's rows counted. */
        java.util.Iterator<AdamSplitWriter.Result> run(int i, Body body) throws IOException {
            Path dir = new Path(attemptRoot, PartFiles.attemptName("split", i, ""));
            AdamSplitWriter w = new AdamSplitWriter(dir, i, sconf.get(), samples, build, in);
            AdamSplitWriter.Result r = body.feed(w);
            PartFiles.written(i);
            done.add(r.written.rows);
            return List.of(r).iterator();
        }
    }

    /** Feeds a task's writer and returns what it wrote. */
    @FunctionalInterface
    private interface Body {
        AdamSplitWriter.Result feed(AdamSplitWriter w) throws IOException;
    }

    /** The streaming path: each split's row groups read in order by one task, no shuffle. */
    private static List<AdamSplitWriter.Result> stream(JavaSparkContext jsc, AdamStreamPlan.Plan plan, Tasks t) {
        List<AdamStreamPlan.Split> splits = plan.splits();
        int parts = splits.size();
        LOG.info(
                "ingest: ADAM genotypes {} ({} samples) in genome order: streamed in {} split(s) over {} row group(s),"
                        + " no shuffle",
                t.in(),
                t.samples().length,
                parts,
                plan.rowGroups());
        try (Progress p = Progress.start(jsc, "ingest", parts, t.done(), "variants")) {
            return SparkErrors.userErrorsUnwrapped(() -> jsc.parallelize(splits, Math.max(1, parts))
                    .mapPartitionsWithIndex(
                            (i, it) -> t.run(i, w -> {
                                try (AdamStreamReader reader =
                                        new AdamStreamReader(t.sconf().get(), w, t.samples())) {
                                    return it.hasNext() ? reader.run(it.next()) : w.finish();
                                }
                            }),
                            false)
                    .collect());
        }
    }

    /**
     * The shuffle path (a dataset not in genome order, or not the schema the streaming reader knows): genotypes
     * range-partitioned on (contig in the dataset's reference order, start) and sorted within each partition.
     */
    private static List<AdamSplitWriter.Result> shuffle(
            JavaSparkContext jsc, IngestRequest req, Dataset<Row> df, Map<String, Integer> order, Tasks t, String why) {
        UserDefinedFunction contigIndex = functions.udf(
                (UDF1<String, Integer>) c -> order.getOrDefault(c, Integer.MAX_VALUE), DataTypes.IntegerType);
        int parts = req.partitions() > 0
                ? req.partitions()
                : Math.max(jsc.defaultParallelism(), df.rdd().getNumPartitions());
        Dataset<Row> sorted = df.withColumn("ci", contigIndex.apply(col("referenceName")))
                .repartitionByRange(parts, col("ci"), col("referenceName"), col("start"))
                .sortWithinPartitions("ci", "referenceName", "start", "ref", "alt");
        LOG.info(
                "ingest: ADAM genotypes {} ({} samples), {} split(s) after a shuffle ({})",
                t.in(),
                t.samples().length,
                parts,
                why);
        try (Progress p = Progress.start(jsc, "ingest", parts, t.done(), "variants")) {
            return SparkErrors.userErrorsUnwrapped(() -> sorted.javaRDD()
                    .mapPartitionsWithIndex((i, rows) -> t.run(i, w -> w.run(rows)), false)
                    .collect());
        }
    }
}
