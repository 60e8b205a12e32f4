package org.musubi.freq;

import htsjdk.samtools.util.BlockCompressedOutputStream;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Serializable;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.musubi.Version;
import org.musubi.error.MusubiUserException;
import org.musubi.format.VariantTableSchema;
import org.musubi.genome.GenomeBuild;
import org.musubi.io.vcf.SitesVcf;
import org.musubi.output.OutputCommit;
import org.musubi.output.OutputRun;
import org.musubi.output.PartConcat;
import org.musubi.output.PartFiles;
import org.musubi.output.RunSummary;
import org.musubi.release.ReleasePolicy;
import org.musubi.release.ReleaseStatement;
import org.musubi.spark.Progress;
import org.musubi.spark.RowParquetWriter;
import org.musubi.spark.SerializableConf;
import org.musubi.spark.SparkErrors;
import org.musubi.spark.SparkSessions;
import org.musubi.table.SamplesFile;
import org.musubi.table.VariantTable;
import org.musubi.table.scan.Slice;
import org.musubi.table.scan.TableScan;
import org.musubi.util.ByteText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.immutable.Range;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Per-bank allele frequencies on a variant table: for every variant and stratum (all, each population, XX/XY,
 * population × sex) AC, AN, AF, nhomalt, n_called, FAF95/99; HWE P (all samples), grpmax and fafmax per variant.
 * Outputs {@code frequencies.parquet} (one row per variant and stratum), {@code frequencies.sites.vcf.gz}
 * (bgzipped sites-only VCF with gnomAD-style INFO keys) and {@code summary.json}, committed atomically.
 */
public final class FreqPlan {
    private static final Logger LOG = LoggerFactory.getLogger(FreqPlan.class);

    public static final String PARQUET = "frequencies.parquet";
    public static final String VCF = "frequencies.sites.vcf.gz";
    public static final String INTERNAL = "internal: not for release";

    private FreqPlan() {}

    public record Summary(String out, Map<String, Object> summary) {}

    public static Summary run(SparkSession spark, FreqRequest req) throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration conf = jsc.hadoopConfiguration();
        VariantTable table = VariantTable.open(req.table(), conf).requireVariants("freq");
        ReleasePolicy policy = req.releasePolicy() == null ? null : ReleasePolicy.read(req.releasePolicy(), conf);
        for (String s : req.strata()) {
            if (!s.equals("population") && !s.equals("sex")) {
                throw new MusubiUserException("--strata " + s + ": use population, sex or both");
            }
        }
        return OutputRun.run(
                req.out(), req.overwrite(), conf, commit -> runInto(spark, jsc, conf, table, req, policy, commit));
    }

    private static Summary runInto(
            SparkSession spark,
            JavaSparkContext jsc,
            Configuration conf,
            VariantTable table,
            FreqRequest req,
            ReleasePolicy policy,
            OutputCommit commit)
            throws IOException {
        long t0 = System.nanoTime();
        List<SamplesFile.Sample> samples = table.samples(conf);
        int n = samples.size();
        String[] sex = new String[n];
        String[] pop = new String[n];
        String[] ids = new String[n];
        for (SamplesFile.Sample s : samples) {
            sex[s.index()] = s.sex();
            pop[s.index()] = s.population();
            ids[s.index()] = s.id();
        }
        boolean[] excluded = new boolean[n];
        int withdrawn = 0;
        if (policy != null) {
            ReleasePolicy.Withdrawn w = policy.withdrawnIn(Arrays.asList(ids), "freq");
            excluded = w.excluded();
            withdrawn = w.count();
            LOG.info(
                    "freq: {}; {} of the {} withdrawn samples listed are in the table",
                    policy.describe(),
                    withdrawn,
                    policy.withdrawn().size());
        }
        GenomeBuild build = GenomeBuild.parse(table.metadata.genomeBuild);
        FreqDesign design = FreqDesign.build(
                sex,
                pop,
                req.strata().contains("population"),
                req.strata().contains("sex"),
                build,
                excluded,
                policy == null ? 0 : policy.k());
        String release = policy == null ? INTERNAL : policy.describe();

        // One task per variant file (genome order): count, sort the file's sites, write them as a headerless BGZF
        // part of the sites VCF and as a Parquet part file, all in one Spark job (no DataFrame write). The driver then
        // concatenates the VCF parts in file order (BGZF members concatenate into a valid file) and moves the Parquet
        // parts into frequencies.parquet as Spark names them.
        List<VariantTable.VariantFile> files = table.files(conf);
        Path parquet = new Path(commit.staging(), PARQUET);
        Path partsDir = new Path(commit.staging(), "_sites_parts");
        String partsPath = partsDir.toString();
        // the configuration as a broadcast: deserialised once per executor, not once per task
        Broadcast<SerializableConf> sconf = jsc.broadcast(new SerializableConf(conf));
        Broadcast<FreqDesign> bd = jsc.broadcast(design);
        String codec = SparkSessions.parquetCodec(spark.sparkContext().getConf());
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            idx.add(i);
        }
        long tTasks = System.nanoTime();
        List<TaskPart> written = new ArrayList<>();
        try (Progress p = Progress.start(jsc, "freq", Math.max(1, files.size()))) {
            // One partition per file (one index each), run through SparkContext.runJob with a named function: a
            // map and a collect would hand Spark two lambdas to clean, and its ClosureCleaner reads the bytes of
            // their capturing classes (JavaRDDLike's, RDD's) with ASM at every job.
            int parts = Math.max(1, files.size());
            JavaRDD<Integer> rdd = jsc.parallelize(idx, parts);
            SitesTask fn = new SitesTask(files, bd, partsPath, sconf, codec);
            TaskPart[] out = new TaskPart[parts];
            scala.Function2<Object, TaskPart, BoxedUnit> keep = (part, t) -> {
                out[(Integer) part] = t;
                return BoxedUnit.UNIT;
            };
            ClassTag<TaskPart> tag = ClassTag$.MODULE$.apply(TaskPart.class);
            SparkErrors.userErrorsUnwrapped(() -> {
                jsc.sc().<Integer, TaskPart>runJob(rdd.rdd(), fn, new Range(0, parts, 1), keep, tag);
                return null;
            });
            for (TaskPart t : out) {
                if (t != null) {
                    written.add(t);
                }
            }
        }
        bd.destroy();
        sconf.destroy();
        long tasksNanos = System.nanoTime() - tTasks;
        written = new ArrayList<>(written);
        written.sort(Comparator.comparingInt(TaskPart::index));

        long variants;
        FileSystem fs = commit.fs();
        PartStats[] parts = new PartStats[files.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = written.get(i).stats();
        }
        promoteParquet(fs, written, parquet, codec, conf);
        Path vcf = new Path(commit.staging(), VCF);
        if (inOrder(files, parts)) {
            variants = 0;
            try (PartConcat o = PartConcat.create(fs, vcf, PartConcat.Codec.BGZF)) {
                o.header(header(design, table, release).getBytes(StandardCharsets.UTF_8));
                for (int i = 0; i < parts.length; i++) {
                    variants += parts[i].sites();
                    o.append(fs, new Path(written.get(i).sites()));
                }
            }
        } else {
            // Variant files whose positions overlap: sort all rows back into genome order (not seen from ingest).
            LOG.info("freq: variant files overlap in position; sorting the sites for the VCF");
            variants = writeSorted(spark, table, design, release, parquet, fs.create(vcf));
        }
        fs.delete(partsDir, true);
        // where the time went: the Spark job's wall, the tasks' own phases summed over tasks, the driver's assembly
        Map<String, Object> phases = new LinkedHashMap<>();
        phases.put("tasks_wall", tasksNanos / 1e9);
        for (int ph = 0; ph < TASK_PHASES.size(); ph++) {
            long sum = 0;
            for (TaskPart t : written) {
                sum += t.nanos()[ph];
            }
            phases.put(TASK_PHASES.get(ph) + "_in_tasks", sum / 1e9);
        }
        for (int ph = 0; ph < TASK_PHASES.size(); ph++) {
            long sum = 0;
            for (TaskPart t : written) {
                sum += t.nanos()[TASK_PHASES.size() + ph];
            }
            // CPU time of the task threads: what the phase costs, whatever else the machine runs
            phases.put(TASK_PHASES.get(ph) + "_cpu_in_tasks", sum / 1e9);
        }
        phases.put("assemble_outputs", (System.nanoTime() - tTasks - tasksNanos) / 1e9);
        LOG.info("freq: phases (s) {}", phases);

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("table", req.table());
        summary.put("bank", table.metadata.bank);
        summary.put("genome_build", table.metadata.genomeBuild);
        summary.put("release", release);
        summary.put(
                ReleaseStatement.KEY,
                ReleaseStatement.counts(policy, policy == null ? 0 : policy.k(), release, withdrawn)
                        .toMap());
        summary.put("samples", policy == null || policy.releasable(n - withdrawn) ? n - withdrawn : null);
        summary.put("variants", variants);
        Map<String, Object> strata = new LinkedHashMap<>();
        for (FreqDesign.Stratum s : design.strata) {
            strata.put(s.name(), policy == null || policy.releasable(s.samples()) ? s.samples() : null);
        }
        summary.put("strata", strata);
        // what freq-merge checks before it combines banks: the stratification, the gate and the contigs
        List<String> strataBy = new ArrayList<>();
        for (String by : List.of("population", "sex")) {
            if (req.strata().contains(by)) {
                strataBy.add(by);
            }
        }
        summary.put("strata_by", strataBy);
        summary.put("release_k", policy == null ? null : policy.k());
        List<Map<String, Object>> contigList = new ArrayList<>();
        for (String c : table.metadata.contigs) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("name", c);
            cm.put("length", table.metadata.contigLengths.get(c));
            contigList.add(cm);
        }
        summary.put("contigs", contigList);
        summary.put("files", List.of(PARQUET, VCF));
        summary.put("seconds", (System.nanoTime() - t0) / 1e9);
        summary.put("phase_seconds", phases);
        summary.put("engine_version", Version.ENGINE);
        summary.put("arguments", req.arguments());
        RunSummary.write(commit, "freq", summary);
        LOG.info("freq: {} variants x {} strata, {} samples", variants, design.strata.size(), n);
        return new Summary(req.out(), summary);
    }

    /**
     * The job's function: the task of a partition runs {@link #sitesPart} on its one file (null for an empty
     * partition). A named class, which Spark's ClosureCleaner leaves alone (it analyses lambdas only).
     */
    static final class SitesTask extends AbstractFunction2<TaskContext, scala.collection.Iterator<Integer>, TaskPart>
            implements Serializable {
        private static final long serialVersionUID = 1L;
        private final List<VariantTable.VariantFile> files;
        private final Broadcast<FreqDesign> design;
        private final String partsPath;
        private final Broadcast<SerializableConf> conf;
        private final String codec;

        SitesTask(
                List<VariantTable.VariantFile> files,
                Broadcast<FreqDesign> design,
                String partsPath,
                Broadcast<SerializableConf> conf,
                String codec) {
            this.files = files;
            this.design = design;
            this.partsPath = partsPath;
            this.conf = conf;
            this.codec = codec;
        }

        @Override
        public TaskPart apply(TaskContext context, scala.collection.Iterator<Integer> indices) {
            if (!indices.hasNext()) {
                return null;
            }
            int i = indices.next();
            try {
                return sitesPart(files.get(i), i, design.value(), partsPath, conf.value(), codec);
            } catch (IOException e) {
                throw sneaky(e); // as the map's function threw it
            }
        }

        @SuppressWarnings("unchecked")
        private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
            throw (E) e;
        }
    }

    /** The sites of one part of the VCF: how many, and the first and last position (0 when none). */
    record PartStats(long sites, int firstPos, int lastPos) implements Serializable {}

    /**
     * What one task wrote: its VCF part, its Parquet part (null when it had no rows) and the part's sites; nanos: the
     * wall then the CPU time of each of {@link #TASK_PHASES}.
     */
    record TaskPart(int index, String sites, String parquet, long rows, PartStats stats, long[] nanos)
            implements Serializable {}

    /** The phases a task times ({@link TaskPart#nanos}), as named in {@code summary.json}'s {@code phase_seconds}. */
    static final List<String> TASK_PHASES = List.of("read_and_count", "sites_vcf", "parquet");

    /**
     * Moves the tasks' Parquet parts to {@code frequencies.parquet/part-<task>-<uuid>-c000.<codec>.parquet} as a
     * DataFrame write names them (one per task with rows; one empty file when no task had any) and adds
     * {@code _SUCCESS}.
     */
    private static void promoteParquet(
            FileSystem fs, List<TaskPart> written, Path dir, String codec, Configuration conf) throws IOException {
        String uuid = UUID.randomUUID().toString();
        fs.mkdirs(dir);
        boolean any = false;
        for (TaskPart t : written) {
            if (t.parquet() != null) {
                PartFiles.promote(fs, new Path(t.parquet()), new Path(dir, partName(t.index(), uuid, codec)));
                any = true;
            }
        }
        if (!any) {
            RowParquetWriter.open(new Path(dir, partName(0, uuid, codec)), FreqTask.SCHEMA, codec, conf)
                    .close();
        }
        fs.create(new Path(dir, "_SUCCESS"), true).close();
    }

    private static String partName(int index, String uuid, String codec) {
        return String.format(Locale.ROOT, "part-%05d-%s-c000.%s.parquet", index, uuid, codec);
    }

    /** Whether the parts, in file order, are in genome order: a contig's files do not overlap in position. */
    static boolean inOrder(List<VariantTable.VariantFile> files, PartStats[] parts) {
        String contig = null;
        int last = 0;
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].sites() == 0) {
                continue;
            }
            String c = files.get(i).contig();
            if (c.equals(contig) && parts[i].firstPos() <= last) {
                return false;
            }
            contig = c;
            last = parts[i].lastPos();
        }
        return true;
    }

    /** A file's sites ordered as the VCF wants them: position, ALT index, REF, ALT (UTF-8 bytes, as Spark sorts). */
    private static final Comparator<List<Row>> SITE_ORDER = Comparator.<List<Row>>comparingInt(
                    g -> g.get(0).getInt(FreqTask.I_POS))
            .thenComparingInt(g -> g.get(0).getInt(FreqTask.I_ALT_INDEX))
            .thenComparing(g -> utf8(g.get(0).getString(FreqTask.I_REF)), Arrays::compareUnsigned)
            .thenComparing(g -> utf8(g.get(0).getString(FreqTask.I_ALT)), Arrays::compareUnsigned);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * One task: counts the variants of one file, writes their sites (in genome order) as a headerless BGZF part and
     * the same rows as a Parquet part, and says what it wrote. Where the "all" stratum alone is wanted and the stored
     * counts answer it ({@link FreqTask#needsCalls}), the calls are read only for the rows with ploidy codes.
     */
    static TaskPart sitesPart(
            VariantTable.VariantFile f, int index, FreqDesign d, String partsDir, SerializableConf sconf, String codec)
            throws IOException {
        Configuration conf = sconf.get();
        long t0 = System.nanoTime();
        long c0 = cpuNanos();
        FreqTask task = new FreqTask(d);
        int m = d.strata.size();
        boolean needsCalls = task.needsCalls(f.contig());
        // Stored counts: one scan, the ploidy codes read along (all null in a diploid file: nothing decoded); a file
        // with a row that has them is counted again, with those rows' calls.
        List<Row> rows = count(f, conf, task, needsCalls, needsCalls ? Map.of() : null);
        if (rows == null) {
            rows = count(f, conf, task, false, callsOfRowsWithPloidy(f, conf));
        }
        List<List<Row>> sites = sites(rows, m);
        if (!inSiteOrder(sites)) {
            sites.sort(SITE_ORDER);
        }
        long t1 = System.nanoTime();
        long c1 = cpuNanos();
        Path part = PartFiles.attemptPath(partsDir, index, "");
        FileSystem fs = part.getFileSystem(conf);
        try (OutputStream raw = fs.create(part, true)) {
            BlockCompressedOutputStream b = new BlockCompressedOutputStream(raw, (File) null);
            writeLines(d, sites, b);
            b.close(false);
        }
        long t2 = System.nanoTime();
        long c2 = cpuNanos();
        Path pq = null;
        if (!sites.isEmpty()) {
            pq = PartFiles.attemptPath(partsDir, index, ".parquet");
            // one stratum: one row per variant, every column plain, pages encoded whole (no per-value writer path)
            try (RowParquetWriter w = m == 1
                    ? RowParquetWriter.openPlain(pq, FreqTask.SCHEMA, codec, conf)
                    : RowParquetWriter.open(pq, FreqTask.SCHEMA, codec, plainColumns(m), conf)) {
                writeRows(w, sites);
            }
        }
        int first = sites.isEmpty() ? 0 : sites.get(0).get(0).getInt(FreqTask.I_POS);
        int last = sites.isEmpty() ? 0 : sites.get(sites.size() - 1).get(0).getInt(FreqTask.I_POS);
        PartFiles.written(index);
        return new TaskPart(
                index,
                part.toString(),
                pq == null ? null : pq.toString(),
                rows.size(),
                new PartStats(sites.size(), first, last),
                new long[] {t1 - t0, t2 - t1, System.nanoTime() - t2, c1 - c0, c2 - c1, cpuNanos() - c2});
    }

    // sitesPart's loops, each in a method of its own: the JIT compiles a hot loop on its own (on-stack replacement)
    // instead of compiling sitesPart whole once per loop (each such compilation inlines the rest of the task: the
    // other loops, the VCF lines, the Parquet writer), which warm jobs paid for again and again.

    /** A file's stratum rows ({@code m} per variant, in order) as one list per site. */
    static List<List<Row>> sites(List<Row> rows, int m) {
        List<List<Row>> sites = new ArrayList<>(rows.size() / Math.max(1, m));
        for (int i = 0; i < rows.size(); i += m) {
            sites.add(rows.subList(i, i + m));
        }
        return sites;
    }

    /** Whether the sites are in {@link #SITE_ORDER} already. */
    static boolean inSiteOrder(List<List<Row>> sites) {
        for (int i = 1; i < sites.size(); i++) {
            Row a = sites.get(i - 1).get(0);
            Row b = sites.get(i).get(0);
            int pa = a.getInt(FreqTask.I_POS);
            int pb = b.getInt(FreqTask.I_POS);
            // SITE_ORDER's first keys as ints; its REF and ALT bytes only where position and ALT index tie
            boolean ordered = pa < pb
                    || (pa == pb
                            && (a.getInt(FreqTask.I_ALT_INDEX) < b.getInt(FreqTask.I_ALT_INDEX)
                                    || SITE_ORDER.compare(sites.get(i - 1), sites.get(i)) <= 0));
            if (!ordered) {
                return false;
            }
        }
        return true;
    }

    /** The sites' VCF lines to {@code out}, through one line buffer. */
    private static void writeLines(FreqDesign d, List<List<Row>> sites, OutputStream out) throws IOException {
        ByteText line = new ByteText(2048); // one buffer for the task's lines
        for (List<Row> s : sites) {
            siteLine(d, s, line).endTo(out);
        }
    }

    /** The sites' rows to the Parquet part. */
    private static void writeRows(RowParquetWriter w, List<List<Row>> sites) throws IOException {
        for (List<Row> s : sites) {
            for (Row r : s) {
                w.write(r);
            }
        }
    }

    /**
     * Counts the rows of one file ({@link FreqTask#count}) and returns their stratum rows. With {@code needsCalls} the
     * calls are read; otherwise the stored counts answer and {@code withPloidy} holds the calls of the rows with
     * ploidy codes, or is null when not yet read: then null is returned as soon as a row has ploidy codes.
     */
    private static List<Row> count(
            VariantTable.VariantFile f,
            Configuration conf,
            FreqTask task,
            boolean needsCalls,
            Map<Long, byte[][]> withPloidy)
            throws IOException {
        List<Row> rows = new ArrayList<>();
        List<String> cols = new ArrayList<>(TableScan.VARIANT);
        cols.addAll(List.of(
                VariantTableSchema.ALT_INDEX,
                VariantTableSchema.N_CALLED,
                VariantTableSchema.N_HET,
                VariantTableSchema.N_HOM_ALT));
        if (needsCalls) {
            cols.add(VariantTableSchema.CALLS);
        }
        if (needsCalls || withPloidy == null) {
            cols.add(VariantTableSchema.PLOIDY);
        }
        long[] stored = new long[3];
        try (TableScan scan = TableScan.over(Slice.of(f)).columns(cols).open(conf)) {
            TableScan.Column altIndex = scan.column(VariantTableSchema.ALT_INDEX);
            TableScan.Column nCalled = scan.column(VariantTableSchema.N_CALLED);
            TableScan.Column nHet = scan.column(VariantTableSchema.N_HET);
            TableScan.Column nHomAlt = scan.column(VariantTableSchema.N_HOM_ALT);
            TableScan.Column calls = needsCalls ? scan.column(VariantTableSchema.CALLS) : null;
            TableScan.Column ploidy =
                    cols.contains(VariantTableSchema.PLOIDY) ? scan.column(VariantTableSchema.PLOIDY) : null;
            while (scan.next()) {
                byte[][] cp;
                if (needsCalls) {
                    cp = new byte[][] {calls.bytes(), ploidy.bytes()};
                } else if (withPloidy == null) {
                    if (ploidy.present()) {
                        return null;
                    }
                    cp = NO_CALLS;
                } else {
                    cp = withPloidy.getOrDefault(scan.row(), NO_CALLS);
                }
                stored[0] = nCalled.int32();
                stored[1] = nHet.int32();
                stored[2] = nHomAlt.int32();
                task.count(
                        f.contig(),
                        scan.pos(),
                        scan.id(),
                        scan.ref(),
                        scan.alt(),
                        altIndex.int32(),
                        cp[0],
                        cp[1],
                        stored,
                        rows);
            }
        }
        return rows;
    }

    private static final byte[][] NO_CALLS = {null, null};

    /**
     * The Parquet columns written without a dictionary when each variant has one row (one stratum): {@code pos} (all
     * but distinct: parquet-mr builds a dictionary for the first page, finds it no smaller than the plain values and
     * encodes the page again as plain) and the counts and floats, whose dictionaries parquet-mr keeps but which cost
     * more than they save (one value per variant, thousands of distinct values per file: measured on the 20k × 250k
     * bench's output, plain pages came out 12% smaller after zstd and 27% cheaper to write). With strata a variant's
     * rows repeat {@code pos} and the strata share counts, and every dictionary stays.
     */
    static java.util.Set<String> plainColumns(int strata) {
        return strata == 1 ? PLAIN_AT_ONE_STRATUM : java.util.Set.of();
    }

    private static final java.util.Set<String> PLAIN_AT_ONE_STRATUM = java.util.Set.of(
            "pos", "ac", "an", "af", "nhomalt", "n_called", "n_het", "n_homref", "faf95", "faf99", "hwe_p", "hwe_midp");

    /** The task threads' CPU clock (for {@code phase_seconds}' {@code *_cpu_in_tasks}). */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /** This thread's CPU time in ns, 0 where the JVM cannot tell. */
    private static long cpuNanos() {
        return CPU.isCurrentThreadCpuTimeSupported() ? CPU.getCurrentThreadCpuTime() : 0;
    }

    /** The calls and ploidy codes of the file's rows that have ploidy codes (haploid or half calls), by row. */
    private static Map<Long, byte[][]> callsOfRowsWithPloidy(VariantTable.VariantFile f, Configuration conf)
            throws IOException {
        List<Long> rows = new ArrayList<>();
        try (TableScan scan =
                TableScan.over(Slice.of(f)).columns(VariantTableSchema.PLOIDY).open(conf)) {
            TableScan.Column ploidy = scan.column(VariantTableSchema.PLOIDY);
            while (scan.next()) {
                if (ploidy.present()) {
                    rows.add(scan.row());
                }
            }
        }
        if (rows.isEmpty()) {
            return Map.of();
        }
        Map<Long, byte[][]> out = new HashMap<>();
        try (TableScan scan = TableScan.over(Slice.of(f))
                .columns(VariantTableSchema.CALLS, VariantTableSchema.PLOIDY)
                .rows(rows.stream().mapToLong(Long::longValue).toArray())
                .open(conf)) {
            TableScan.Column calls = scan.column(VariantTableSchema.CALLS);
            TableScan.Column ploidy = scan.column(VariantTableSchema.PLOIDY);
            while (scan.next()) {
                out.put(scan.row(), new byte[][] {calls.bytes(), ploidy.bytes()});
            }
        }
        return out;
    }

    /** The old way, for files that overlap: read the Parquet table back, sort it, write the VCF on the driver. */
    private static long writeSorted(
            SparkSession spark, VariantTable table, FreqDesign design, String release, Path parquet, OutputStream raw)
            throws IOException {
        List<String> contigs = table.metadata.contigs;
        Column order = functions.lit(contigs.size());
        for (int i = contigs.size() - 1; i >= 0; i--) {
            order = functions
                    .when(functions.col("contig").equalTo(contigs.get(i)), i)
                    .otherwise(order);
        }
        Dataset<Row> rows = spark.read()
                .parquet(parquet.toString())
                .withColumn("_order", order)
                .orderBy(
                        functions.col("_order"),
                        functions.col("contig"),
                        functions.col("pos"),
                        functions.col("alt_index"),
                        functions.col("ref"),
                        functions.col("alt"),
                        functions.col("stratum_index"));
        try (Writer w = new BufferedWriter(
                new OutputStreamWriter(new BlockCompressedOutputStream(raw, (File) null), StandardCharsets.UTF_8))) {
            w.write(header(design, table, release));
            return writeSites(w, design, rows.toLocalIterator());
        }
    }

    static String header(FreqDesign d, VariantTable table, String release) {
        String build = table.metadata.genomeBuild;
        SitesVcf.Header h = new SitesVcf.Header()
                .meta("source", "Musubi freq " + Version.ENGINE)
                .meta("reference", build == null ? "unknown" : build)
                .meta("musubi_genome_build", build == null ? "unknown" : build)
                .meta("musubi_bank", table.metadata.bank == null ? "unknown" : table.metadata.bank)
                .meta("musubi_release", release);
        if (d.k > 0) {
            h.meta("musubi_release_k", d.k);
        }
        for (String c : table.metadata.contigs) {
            h.contig(c, table.metadata.contigLengths.get(c));
        }
        FreqSitesVcf.strataInfo(h, d, s -> {
            boolean showN = d.k == 0 || s.samples() == 0 || s.samples() >= d.k;
            return s.name().equals("all")
                    ? "all samples"
                    : "samples in " + s.name() + (showN ? " (" + s.samples() + ")" : "");
        });
        h.info("hwe_p", "A", "Float", "Hardy-Weinberg exact test P (all samples, diploid calls; PLINK 2)");
        h.info("hwe_midp", "A", "Float", "Hardy-Weinberg exact test mid-P (all samples, diploid calls)");
        return h.end();
    }

    /** Writes one line per variant from its stratum rows (in stratum order); returns the number of variants. */
    static long writeSites(Writer w, FreqDesign d, Iterator<Row> it) throws IOException {
        int k = d.strata.size();
        List<Row> group = new ArrayList<>(k);
        long variants = 0;
        while (it.hasNext()) {
            group.add(it.next());
            if (group.size() == k) {
                w.write(siteLine(d, group).end());
                group.clear();
                variants++;
            }
        }
        if (!group.isEmpty()) {
            throw new IllegalStateException("incomplete strata for a variant: " + group.get(0));
        }
        return variants;
    }

    private static final FreqSitesVcf SITES = new FreqSitesVcf(FreqTask.SCHEMA);

    private static SitesVcf.Line siteLine(FreqDesign d, List<Row> g) {
        return siteLine(d, g, new ByteText(2048));
    }

    private static SitesVcf.Line siteLine(FreqDesign d, List<Row> g, ByteText buffer) {
        Row all = g.get(0);
        SitesVcf.Line l = SITES.line(d, g, buffer);
        int hi = FreqTask.I_HWE_P;
        if (!all.isNullAt(hi)) {
            l.putFloat("hwe_p", all.getDouble(hi));
            l.putFloat("hwe_midp", all.getDouble(FreqTask.I_HWE_MIDP));
        }
        return l;
    }
}
