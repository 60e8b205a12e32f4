package org.musubi.meta;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.musubi.Version;
import org.musubi.error.MusubiUserException;
import org.musubi.genome.Contig;
import org.musubi.output.OutputCommit;
import org.musubi.output.OutputRun;
import org.musubi.output.RunSummary;
import org.musubi.plot.GenomePlots;
import org.musubi.release.ReleaseStatement;
import org.musubi.spark.Progress;
import org.musubi.spark.RowParquetWriter;
import org.musubi.spark.SerializableConf;
import org.musubi.spark.SparkErrors;
import org.musubi.spark.SparkSessions;
import org.musubi.stats.Distributions;
import org.musubi.stats.GenomicControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Meta-analysis of several studies' GWAS-SSF files (SPECS §5.3): each file is read by one task (a gzip file cannot
 * be split), its lines keyed by chromosome, position and allele pair; a shuffle brings each variant's records
 * together, where {@link MetaCombiner} aligns and combines them. The driver then writes, in genome order, the
 * METAL-style {@code meta.tbl}, the GWAS-SSF {@code meta.tsv.gz} with its {@code -meta.yaml}, {@code
 * meta.parquet}, Manhattan and QQ plots, every dropped line with its reason in {@code dropped.tsv.gz}, and {@code
 * summary.json}. The output directory is committed atomically.
 */
public final class MetaPlan {
    private static final Logger LOG = LoggerFactory.getLogger(MetaPlan.class);
    private static final String DROP_KEY = "\u0000drop:";

    private MetaPlan() {}

    public record Summary(String out, Map<String, Object> summary) {}

    /** What a task emits: a combined variant or a dropped line. */
    record Out(MetaResult result, SsfRecord drop) implements java.io.Serializable {}

    public static Summary run(SparkSession spark, MetaRequest req) throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration conf = jsc.hadoopConfiguration();
        if (req.inputs().size() < 1) {
            throw new MusubiUserException("--inputs: give at least one GWAS-SSF file");
        }
        // Headers are checked on the driver first: a bad file fails before any work or output.
        List<SsfReader.Scale> scales = new ArrayList<>();
        for (int i = 0; i < req.inputs().size(); i++) {
            try (SsfReader r = SsfReader.open(req.inputs().get(i), i, req.sampleSize(), conf)) {
                scales.add(r.scale());
            }
        }
        return OutputRun.run(
                req.out(), req.overwrite(), conf, commit -> runInto(spark, jsc, conf, req, scales, commit));
    }

    private static Summary runInto(
            SparkSession spark,
            JavaSparkContext jsc,
            Configuration conf,
            MetaRequest req,
            List<SsfReader.Scale> scales,
            OutputCommit commit)
            throws IOException {
        long t0 = System.nanoTime();
        int studies = req.inputs().size();
        List<String> files = req.inputs();
        SerializableConf sconf = new SerializableConf(conf);
        boolean sampleSize = req.sampleSize();
        MetaCombiner combiner = new MetaCombiner(files, req.palindromeMafMax(), sampleSize);
        int partitions = req.partitions() > 0
                ? req.partitions()
                : autoPartitions(inputBytes(files, conf), jsc.defaultParallelism());

        JavaRDD<SsfRecord> records = jsc.parallelize(
                        IntStream.range(0, studies).boxed().toList(), studies)
                .flatMap(i -> readAll(files.get(i), i, sampleSize, sconf.get()));
        JavaPairRDD<String, SsfRecord> keyed = records.mapToPair(
                r -> new Tuple2<>(r.drop() == null ? r.key() : DROP_KEY + r.study() + ":" + r.line(), r));
        JavaRDD<Out> outs = keyed.groupByKey(partitions).flatMap(g -> {
            List<Out> o = new ArrayList<>();
            List<SsfRecord> group = new ArrayList<>();
            g._2().forEach(group::add);
            if (g._1().startsWith(DROP_KEY)) {
                for (SsfRecord r : group) {
                    o.add(new Out(null, r));
                }
                return o.iterator();
            }
            MetaCombiner.Combined c = combiner.combine(group);
            if (c.result() != null) {
                o.add(new Out(c.result(), null));
            }
            for (SsfRecord r : c.dropped()) {
                o.add(new Out(null, r));
            }
            return o.iterator();
        });
        outs.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            try (Progress p = Progress.start(jsc, "meta", partitions)) {
                SparkErrors.userErrorsUnwrapped(outs::count);
            }
            return write(spark, req, scales, commit, outs, t0);
        } finally {
            outs.unpersist(false);
        }
    }

    /** Input (compressed) bytes per automatic task of the combination step. */
    static final long BYTES_PER_TASK = 16L << 20;

    /**
     * The automatic number of tasks for the combination step: one per {@link #BYTES_PER_TASK} of input, at most 4 per
     * core, at least one. Each task costs two Spark jobs when the sorted results come back to the driver, so a small
     * meta-analysis (two 200-line inputs: 12 jobs, most of its run, with 4 per core) takes one; inputs of
     * biobank GWAS size (hundreds of MB) still take 4 per core.
     */
    static int autoPartitions(long inputBytes, int parallelism) {
        long byBytes = (inputBytes + BYTES_PER_TASK - 1) / BYTES_PER_TASK;
        return (int) Math.max(1, Math.min(4L * parallelism, byBytes));
    }

    private static long inputBytes(List<String> files, Configuration conf) throws IOException {
        long bytes = 0;
        for (String f : files) {
            Path p = new Path(f);
            bytes += p.getFileSystem(conf).getFileStatus(p).getLen();
        }
        return bytes;
    }

    private static Iterator<SsfRecord> readAll(String file, int study, boolean sampleSize, Configuration conf)
            throws IOException {
        SsfReader r = SsfReader.open(file, study, sampleSize, conf);
        return new Iterator<>() {
            private boolean open = true;

            @Override
            public boolean hasNext() {
                boolean h = r.hasNext();
                if (!h && open) {
                    open = false;
                    try {
                        r.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return h;
            }

            @Override
            public SsfRecord next() {
                return r.next();
            }
        };
    }

    /** Sort key of a result: chromosome code, position, marker (fixed-width numbers sort as text). */
    private static String order(MetaResult r) {
        return String.format(Locale.ROOT, "%02d%010d%s", Integer.parseInt(r.chrom()), r.pos(), r.markerName());
    }

    private static Summary write(
            SparkSession spark,
            MetaRequest req,
            List<SsfReader.Scale> scales,
            OutputCommit commit,
            JavaRDD<Out> outs,
            long t0)
            throws IOException {
        FileSystem fs = commit.fs();
        Path dir = commit.staging();
        int studies = req.inputs().size();
        boolean sampleSize = req.sampleSize();
        boolean random = req.randomEffects() && !sampleSize;
        JavaRDD<MetaResult> results = outs.filter(o -> o.result() != null).map(Out::result);
        // meta.parquet is written by the driver in the same genome-ordered pass as the text outputs, one part file
        // laid out as Spark's own writer would (no DataFrame: Spark SQL planning and code generation were most of a
        // small meta run's time).
        Path parquetDir = new Path(dir, "meta.parquet");
        String codec = SparkSessions.parquetCodec(spark.sparkContext().getConf());
        fs.mkdirs(parquetDir);
        Path parquetPart = new Path(
                parquetDir, String.format(Locale.ROOT, "part-00000-%s-c000.%s.parquet", UUID.randomUUID(), codec));

        // Output scale: ratios when every study gave the same kind of ratio, else beta (ln scale).
        SsfReader.Scale outScale = scales.stream().distinct().count() == 1 ? scales.get(0) : SsfReader.Scale.BETA;
        if (outScale == SsfReader.Scale.Z_SCORE) {
            outScale = SsfReader.Scale.BETA;
        }
        boolean ratio = outScale == SsfReader.Scale.ODDS_RATIO || outScale == SsfReader.Scale.HAZARD_RATIO;
        String effectColumn = sampleSize
                ? "z-score"
                : switch (outScale) {
                    case ODDS_RATIO -> "odds_ratio";
                    case HAZARD_RATIO -> "hazard_ratio";
                    default -> "beta";
                };

        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long[] usedPerStudy = new long[studies];
        Map<Integer, Long> byStudyCount = new TreeMap<>();
        long combined = 0;
        long significant = 0;
        long swapped = 0;
        long strand = 0;
        long byEaf = 0;
        long fromCi = 0;
        double[] nlp = new double[1 << 12];
        double[] cum = new double[1 << 12];
        int[] contigOf = new int[1 << 12];
        double[] contigStart = new double[Contig.SSF_NAMES.size()];
        double[] contigEnd = new double[Contig.SSF_NAMES.size()];
        Arrays.fill(contigStart, Double.MAX_VALUE);
        Arrays.fill(contigEnd, -1);
        GenomePlots.Positions positions = new GenomePlots.Positions();
        int count = 0;
        try (RowParquetWriter pq = RowParquetWriter.open(parquetPart, MetaFormats.SCHEMA, codec, fs.getConf());
                Writer tbl = new BufferedWriter(
                        new OutputStreamWriter(fs.create(new Path(dir, "meta.tbl")), StandardCharsets.UTF_8), 1 << 16);
                Writer ssf = new BufferedWriter(new OutputStreamWriter(
                        new GZIPOutputStream(
                                new DigestOutputStream(fs.create(new Path(dir, MetaFormats.SSF)), md5), 1 << 16),
                        StandardCharsets.UTF_8))) {
            tbl.write(MetaFormats.tblHeader(sampleSize, random));
            ssf.write(MetaFormats.ssfHeader(effectColumn, random));
            Iterator<MetaResult> it = results.sortBy(MetaPlan::order, true, results.getNumPartitions())
                    .toLocalIterator();
            while (it.hasNext()) {
                MetaResult r = it.next();
                combined++;
                byStudyCount.merge(r.studies(), 1L, Long::sum);
                for (int i = 0; i < studies; i++) {
                    if (r.direction().charAt(i) != '?') {
                        usedPerStudy[i]++;
                    }
                }
                swapped += r.swapped();
                strand += r.strandFlipped();
                byEaf += r.palindromicByEaf();
                fromCi += r.seFromCi();
                double negLog10 = Distributions.lnPToNegLog10P(r.lnP());
                if (negLog10 >= -Math.log10(5e-8)) {
                    significant++;
                }
                pq.write(MetaFormats.row(r));
                tbl.write(MetaFormats.tblLine(r, sampleSize, random));
                ssf.write(MetaFormats.ssfLine(r, sampleSize, random, ratio));
                // plot data, genome order
                int ci = Integer.parseInt(r.chrom()) - 1;
                double at = positions.at(ci, r.pos());
                if (count == nlp.length) {
                    nlp = Arrays.copyOf(nlp, count * 2);
                    cum = Arrays.copyOf(cum, count * 2);
                    contigOf = Arrays.copyOf(contigOf, count * 2);
                }
                nlp[count] = negLog10;
                cum[count] = at;
                contigOf[count] = ci;
                contigStart[ci] = Math.min(contigStart[ci], at);
                contigEnd[ci] = Math.max(contigEnd[ci], at);
                count++;
            }
        }
        fs.create(new Path(parquetDir, "_SUCCESS"), true).close();
        double lambda = GenomicControl.lambda(nlp, count);
        String title = "meta-analysis of " + studies + " stud" + (studies == 1 ? "y" : "ies")
                + (sampleSize ? " (sample size)" : " (inverse variance)");
        try (OutputStream o = fs.create(new Path(dir, "meta.manhattan.png"))) {
            GenomePlots.manhattan(o, title, contigOf, cum, nlp, count, Contig.SSF_NAMES, contigStart, contigEnd);
        }
        try (OutputStream o = fs.create(new Path(dir, "meta.qq.png"))) {
            GenomePlots.qq(o, String.format(Locale.ROOT, "meta-analysis  λGC = %.3f", lambda), nlp, count);
        }

        // Dropped lines, per study in file order.
        List<Map<String, Long>> droppedPerStudy = new ArrayList<>();
        for (int i = 0; i < studies; i++) {
            droppedPerStudy.add(new TreeMap<>());
        }
        Map<String, Long> droppedTotal = new TreeMap<>();
        JavaRDD<SsfRecord> drops = outs.filter(o -> o.drop() != null).map(Out::drop);
        try (Writer d = new BufferedWriter(new OutputStreamWriter(
                new GZIPOutputStream(fs.create(new Path(dir, "dropped.tsv.gz")), 1 << 16), StandardCharsets.UTF_8))) {
            d.write("study\tfile\tline\tchromosome\tbase_pair_location\teffect_allele\tother_allele\treason\tdetail\n");
            Iterator<SsfRecord> it = drops.sortBy(
                            r -> String.format(Locale.ROOT, "%06d%012d", r.study(), r.line()),
                            true,
                            Math.max(1, drops.getNumPartitions()))
                    .toLocalIterator();
            while (it.hasNext()) {
                SsfRecord r = it.next();
                droppedPerStudy.get(r.study()).merge(r.drop(), 1L, Long::sum);
                droppedTotal.merge(r.drop(), 1L, Long::sum);
                d.write((r.study() + 1) + "\t" + req.inputs().get(r.study()) + "\t" + r.line() + "\t"
                        + (r.chrom() == null ? "#NA" : r.chrom()) + "\t" + r.pos() + "\t" + r.effectAllele() + "\t"
                        + r.otherAllele() + "\t" + r.drop() + "\t" + (r.dropDetail() == null ? "" : r.dropDetail())
                        + "\n");
            }
        }
        ReleaseStatement release = MetaFormats.inputsStatement(req.inputs(), fs.getConf());
        MetaFormats.writeYaml(fs, dir, req, HexFormat.of().formatHex(md5.digest()), effectColumn, release);

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("scheme", sampleSize ? "samplesize" : "stderr");
        summary.put("random_effects", random);
        summary.put("palindrome_maf_max", req.palindromeMafMax());
        List<Map<String, Object>> per = new ArrayList<>();
        for (int i = 0; i < studies; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            long dropped = droppedPerStudy.get(i).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
            m.put("study", i + 1);
            m.put("file", req.inputs().get(i));
            m.put("effect_scale", scales.get(i).name().toLowerCase(Locale.ROOT));
            m.put("lines", usedPerStudy[i] + dropped);
            m.put("variants_used", usedPerStudy[i]);
            m.put("dropped", droppedPerStudy.get(i));
            per.add(m);
        }
        summary.put("studies", per);
        summary.put("variants_combined", combined);
        Map<String, Long> byK = new LinkedHashMap<>();
        byStudyCount.forEach((k, v) -> byK.put(Integer.toString(k), v));
        summary.put("variants_by_number_of_studies", byK);
        summary.put("dropped_by_reason", droppedTotal);
        Map<String, Long> align = new LinkedHashMap<>();
        align.put("swapped", swapped);
        align.put("strand_flipped", strand);
        align.put("palindromic_aligned_by_eaf", byEaf);
        align.put("standard_error_from_ci", fromCi);
        summary.put("alignment", align);
        summary.put("p_below_5e-8", significant);
        summary.put("lambda_gc", Double.isNaN(lambda) ? null : lambda);
        summary.put(ReleaseStatement.KEY, release.toMap());
        summary.put(
                "files",
                List.of(
                        "meta.tbl",
                        "meta.tsv.gz",
                        "meta.tsv.gz-meta.yaml",
                        "meta.parquet",
                        "meta.manhattan.png",
                        "meta.qq.png",
                        "dropped.tsv.gz"));
        summary.put("seconds", (System.nanoTime() - t0) / 1e9);
        summary.put("engine_version", Version.ENGINE);
        summary.put("arguments", req.arguments());
        RunSummary.write(commit, "meta", summary);
        long droppedLines =
                droppedTotal.values().stream().mapToLong(Long::longValue).sum();
        LOG.info(
                "meta: {}: {} studies, {} variants combined, {} lines dropped{}, λGC = {}",
                req.out(),
                studies,
                combined,
                droppedLines,
                droppedLines == 0 ? "" : " " + droppedTotal,
                String.format(Locale.ROOT, "%.3f", lambda));
        return new Summary(req.out(), summary);
    }
}
