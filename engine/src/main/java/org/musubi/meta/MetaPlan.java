package org.musubi.meta;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
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
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.musubi.Version;
import org.musubi.error.MusubiUserException;
import org.musubi.format.NumberFormats;
import org.musubi.genome.Contig;
import org.musubi.io.ssf.GwasSsf;
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
    private static final String SSF = "meta.tsv.gz";

    /** Columns of {@code meta.parquet}. */
    public static final StructType SCHEMA = new StructType()
            .add("chromosome", DataTypes.StringType, false)
            .add("base_pair_location", DataTypes.IntegerType, false)
            .add("marker_name", DataTypes.StringType, false)
            .add("allele1", DataTypes.StringType, false)
            .add("allele2", DataTypes.StringType, false)
            .add("ref_known", DataTypes.BooleanType, false)
            .add("rsid", DataTypes.StringType, true)
            .add("studies", DataTypes.IntegerType, false)
            .add("direction", DataTypes.StringType, false)
            .add("freq1", DataTypes.DoubleType, true)
            .add("freq_se", DataTypes.DoubleType, true)
            .add("min_freq", DataTypes.DoubleType, true)
            .add("max_freq", DataTypes.DoubleType, true)
            .add("effect", DataTypes.DoubleType, true)
            .add("std_err", DataTypes.DoubleType, true)
            .add("weight", DataTypes.DoubleType, true)
            .add("z", DataTypes.DoubleType, false)
            .add("neg_log10_p", DataTypes.DoubleType, false)
            .add("het_isq", DataTypes.DoubleType, false)
            .add("het_chisq", DataTypes.DoubleType, false)
            .add("het_df", DataTypes.IntegerType, false)
            .add("het_neg_log10_p", DataTypes.DoubleType, false)
            .add("tau2", DataTypes.DoubleType, true)
            .add("effect_random", DataTypes.DoubleType, true)
            .add("std_err_random", DataTypes.DoubleType, true)
            .add("neg_log10_p_random", DataTypes.DoubleType, true)
            .add("n", DataTypes.DoubleType, true);

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
        try (RowParquetWriter pq = RowParquetWriter.open(parquetPart, SCHEMA, codec, fs.getConf());
                Writer tbl = new BufferedWriter(
                        new OutputStreamWriter(fs.create(new Path(dir, "meta.tbl")), StandardCharsets.UTF_8), 1 << 16);
                Writer ssf = new BufferedWriter(new OutputStreamWriter(
                        new GZIPOutputStream(new DigestOutputStream(fs.create(new Path(dir, SSF)), md5), 1 << 16),
                        StandardCharsets.UTF_8))) {
            tbl.write("MarkerName\tAllele1\tAllele2\tFreq1\tFreqSE\tMinFreq\tMaxFreq\t"
                    + (sampleSize ? "Weight\tZscore" : "Effect\tStdErr")
                    + "\tP-value\tDirection\tHetISq\tHetChiSq\tHetDf\tHetPVal"
                    + (random ? "\tTau2\tEffectRandom\tStdErrRandom\tP-valueRandom" : "")
                    + "\n");
            List<String> optional = new ArrayList<>(
                    List.of("variant_id", "rsid", "n", "direction", "het_isq", "het_chisq", "het_df", "het_p_value"));
            if (random) {
                optional.addAll(List.of("tau2", effectColumn + "_random", "standard_error_random", "p_value_random"));
            }
            ssf.write(GwasSsf.header(effectColumn, optional));
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
                pq.write(toRow(r));
                tbl.write(tblLine(r, sampleSize, random));
                ssf.write(ssfLine(r, sampleSize, random, ratio));
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
        ReleaseStatement release = inputsStatement(req.inputs(), fs.getConf());
        writeYaml(fs, dir, req, HexFormat.of().formatHex(md5.digest()), effectColumn, release);

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

    private static String num(double v) {
        return Double.isNaN(v) ? "NA" : NumberFormats.g6(v);
    }

    static String tblLine(MetaResult r, boolean sampleSize, boolean random) {
        StringBuilder b = new StringBuilder(200);
        b.append(r.markerName()).append('\t').append(r.allele1()).append('\t').append(r.allele2());
        b.append('\t').append(num(r.freq1())).append('\t').append(num(r.freqSe()));
        b.append('\t').append(num(r.minFreq())).append('\t').append(num(r.maxFreq()));
        if (sampleSize) {
            b.append('\t').append(num(r.weight())).append('\t').append(num(r.z()));
        } else {
            b.append('\t').append(num(r.effect())).append('\t').append(num(r.stdErr()));
        }
        b.append('\t').append(NumberFormats.pFromLn(r.lnP())).append('\t').append(r.direction());
        b.append('\t').append(num(r.hetISq())).append('\t').append(num(r.hetChiSq()));
        b.append('\t').append(r.hetDf()).append('\t').append(NumberFormats.pFromLn(r.hetLnP()));
        if (random) {
            b.append('\t').append(num(r.tau2())).append('\t').append(num(r.effectRandom()));
            b.append('\t').append(num(r.stdErrRandom())).append('\t').append(NumberFormats.pFromLn(r.lnPRandom()));
        }
        return b.append('\n').toString();
    }

    static String ssfLine(MetaResult r, boolean sampleSize, boolean random, boolean ratio) {
        StringBuilder b = new StringBuilder(200);
        b.append(r.chrom())
                .append('\t')
                .append(r.pos())
                .append('\t')
                .append(r.allele1())
                .append('\t');
        b.append(r.allele2()).append('\t');
        if (sampleSize) {
            b.append(GwasSsf.num(r.z())).append('\t').append(GwasSsf.NA);
        } else {
            b.append(GwasSsf.num(ratio ? Math.exp(r.effect()) : r.effect()))
                    .append('\t')
                    .append(GwasSsf.num(r.stdErr()));
        }
        b.append('\t').append(GwasSsf.num(r.freq1())).append('\t').append(NumberFormats.pFromLn(r.lnP()));
        b.append('\t');
        if (r.refKnown()) {
            GwasSsf.variantId(b, r.chrom(), r.pos(), r.allele2(), r.allele1());
        } else {
            b.append(GwasSsf.NA);
        }
        b.append('\t').append(r.rsid() == null ? GwasSsf.NA : r.rsid());
        b.append('\t').append(GwasSsf.num(r.n()));
        b.append('\t').append(r.direction());
        b.append('\t').append(GwasSsf.num(r.hetISq())).append('\t').append(GwasSsf.num(r.hetChiSq()));
        b.append('\t').append(r.hetDf()).append('\t').append(NumberFormats.pFromLn(r.hetLnP()));
        if (random) {
            b.append('\t').append(GwasSsf.num(r.tau2()));
            b.append('\t').append(GwasSsf.num(ratio ? Math.exp(r.effectRandom()) : r.effectRandom()));
            b.append('\t')
                    .append(GwasSsf.num(r.stdErrRandom()))
                    .append('\t')
                    .append(NumberFormats.pFromLn(r.lnPRandom()));
        }
        return b.append('\n').toString();
    }

    private static Row toRow(MetaResult r) {
        return RowFactory.create(
                r.chrom(),
                r.pos(),
                r.markerName(),
                r.allele1(),
                r.allele2(),
                r.refKnown(),
                r.rsid(),
                r.studies(),
                r.direction(),
                nullIfNaN(r.freq1()),
                nullIfNaN(r.freqSe()),
                nullIfNaN(r.minFreq()),
                nullIfNaN(r.maxFreq()),
                nullIfNaN(r.effect()),
                nullIfNaN(r.stdErr()),
                nullIfNaN(r.weight()),
                r.z(),
                Distributions.lnPToNegLog10P(r.lnP()),
                r.hetISq(),
                r.hetChiSq(),
                r.hetDf(),
                Distributions.lnPToNegLog10P(r.hetLnP()),
                nullIfNaN(r.tau2()),
                nullIfNaN(r.effectRandom()),
                nullIfNaN(r.stdErrRandom()),
                nullIfNaN(Distributions.lnPToNegLog10P(r.lnPRandom())),
                nullIfNaN(r.n()));
    }

    private static Double nullIfNaN(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /** The GWAS-SSF metadata: assembly as the inputs' metadata agree on it (else NR), total sample size. */
    /** The input GWAS-SSF files' release statements ({@code -meta.yaml}), combined. */
    private static ReleaseStatement inputsStatement(List<String> inputs, Configuration conf) throws IOException {
        List<ReleaseStatement> in = new ArrayList<>();
        for (String f : inputs) {
            Path y = new Path(f + "-meta.yaml");
            FileSystem yfs = y.getFileSystem(conf);
            org.musubi.integrity.OutputDigests.verify(yfs, y);
            in.add(
                    yfs.exists(y)
                            ? ReleaseStatement.fromYaml(new String(readAll(yfs, y), StandardCharsets.UTF_8))
                            : null);
        }
        return ReleaseStatement.combined(in);
    }

    private static byte[] readAll(FileSystem fs, Path p) throws IOException {
        try (InputStream is = fs.open(p)) {
            return is.readAllBytes();
        }
    }

    private static void writeYaml(
            FileSystem fs, Path dir, MetaRequest req, String md5, String effectColumn, ReleaseStatement release)
            throws IOException {
        String assembly = null;
        boolean agree = true;
        for (String in : req.inputs()) {
            Path y = new Path(in + "-meta.yaml");
            Configuration conf = fs.getConf();
            FileSystem yfs = y.getFileSystem(conf);
            String a = null;
            if (yfs.exists(y)) {
                org.musubi.integrity.OutputDigests.verify(yfs, y);
                try (InputStream s = yfs.open(y)) {
                    for (String l : new String(s.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        if (l.startsWith("genome_assembly:")) {
                            a = l.substring("genome_assembly:".length()).strip();
                        }
                    }
                }
            }
            if (a == null || (assembly != null && !assembly.equals(a))) {
                agree = false;
            }
            assembly = a;
        }
        StringBuilder y = GwasSsf.metadata(agree ? assembly : null);
        GwasSsf.dataFile(y, SSF, md5);
        y.append("analysis_software: Musubi ")
                .append(Version.ENGINE)
                .append(" meta (")
                .append(
                        req.sampleSize()
                                ? "sample-size weighted Z, METAL SCHEME SAMPLESIZE"
                                : "fixed-effects inverse variance, METAL SCHEME STDERR")
                .append(")\n");
        y.append("author_notes: meta-analysis of ").append(req.inputs().size()).append(" studies (");
        for (int i = 0; i < req.inputs().size(); i++) {
            y.append(i == 0 ? "" : ", ").append(new Path(req.inputs().get(i)).getName());
        }
        y.append("); ").append(effectColumn).append(" of the effect allele; n is the sum over the studies combined\n");
        y.append(release.yamlLine());
        GwasSsf.writeMetadata(fs, dir, SSF, y);
    }
}
