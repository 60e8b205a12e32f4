package org.musubi.freq;

import htsjdk.samtools.util.BlockCompressedOutputStream;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
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
import org.musubi.spark.SerializableConf;
import org.musubi.spark.SparkErrors;
import org.musubi.table.SamplesFile;
import org.musubi.table.VariantTable;
import org.musubi.table.scan.Slice;
import org.musubi.table.scan.TableScan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
        // part of the sites VCF and hand the rows to the Parquet writer, all in one Spark job. The driver then
        // concatenates the parts in file order (BGZF members concatenate into a valid file).
        List<VariantTable.VariantFile> files = table.files(conf);
        Path parquet = new Path(commit.staging(), PARQUET);
        Path partsDir = new Path(commit.staging(), "_sites_parts");
        String partsPath = partsDir.toString();
        SerializableConf sconf = new SerializableConf(conf);
        Broadcast<FreqDesign> bd = jsc.broadcast(design);
        PartFiles.Written sitesParts = new PartFiles.Written(jsc, "freq sites parts");
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            idx.add(i);
        }
        JavaRDD<Row> results = jsc.parallelize(idx, Math.max(1, files.size()))
                .flatMap(i -> sitesPart(files.get(i), i, bd.value(), partsPath, sitesParts, sconf)
                        .iterator());
        try (Progress p = Progress.start(jsc, "freq", Math.max(1, files.size()))) {
            SparkErrors.userErrorsUnwrapped(() -> {
                spark.createDataFrame(results, FreqTask.SCHEMA).write().parquet(parquet.toString());
                return null;
            });
        }
        bd.destroy();

        long variants;
        FileSystem fs = commit.fs();
        List<PartFiles.Part> written = sitesParts.inOrder(files.size());
        PartStats[] parts = new PartStats[files.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = PartStats.read(fs, new Path(written.get(i).path() + ".stats"));
        }
        Path vcf = new Path(commit.staging(), VCF);
        if (inOrder(files, parts)) {
            variants = 0;
            try (PartConcat o = PartConcat.open(fs.create(vcf), PartConcat.Codec.BGZF)) {
                o.header(header(design, table, release).getBytes(StandardCharsets.UTF_8));
                for (int i = 0; i < parts.length; i++) {
                    variants += parts[i].sites();
                    o.append(fs, new Path(written.get(i).path()));
                }
            }
        } else {
            // Variant files whose positions overlap: sort all rows back into genome order (not seen from ingest).
            LOG.info("freq: variant files overlap in position; sorting the sites for the VCF");
            variants = writeSorted(spark, table, design, release, parquet, fs.create(vcf));
        }
        fs.delete(partsDir, true);

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
        summary.put("engine_version", Version.ENGINE);
        summary.put("arguments", req.arguments());
        RunSummary.write(commit, "freq", summary);
        LOG.info("freq: {} variants x {} strata, {} samples", variants, design.strata.size(), n);
        return new Summary(req.out(), summary);
    }

    /** The sites of one part of the VCF: how many, and the first and last position (0 when none). */
    record PartStats(long sites, int firstPos, int lastPos) {
        static PartStats read(FileSystem fs, Path p) throws IOException {
            try (InputStream in = fs.open(p)) {
                String[] f = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        .trim()
                        .split("\t");
                return new PartStats(Long.parseLong(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]));
            }
        }
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
     * a stats file next to it (reported to {@code written}), and returns the rows for the Parquet table (same order).
     */
    static List<Row> sitesPart(
            VariantTable.VariantFile f,
            int index,
            FreqDesign d,
            String partsDir,
            PartFiles.Written written,
            SerializableConf sconf)
            throws IOException {
        Configuration conf = sconf.get();
        FreqTask task = new FreqTask(d);
        int m = d.strata.size();
        List<Row> rows = new ArrayList<>();
        try (TableScan scan = TableScan.over(Slice.of(f))
                .columns(TableScan.VARIANT)
                .columns(VariantTableSchema.ALT_INDEX, VariantTableSchema.CALLS, VariantTableSchema.PLOIDY)
                .open(conf)) {
            TableScan.Column altIndex = scan.column(VariantTableSchema.ALT_INDEX);
            TableScan.Column calls = scan.column(VariantTableSchema.CALLS);
            TableScan.Column ploidy = scan.column(VariantTableSchema.PLOIDY);
            while (scan.next()) {
                task.count(
                        f.contig(),
                        scan.pos(),
                        scan.id(),
                        scan.ref(),
                        scan.alt(),
                        altIndex.int32(),
                        calls.bytes(),
                        ploidy.bytes(),
                        rows);
            }
        }
        List<List<Row>> sites = new ArrayList<>(rows.size() / Math.max(1, m));
        for (int i = 0; i < rows.size(); i += m) {
            sites.add(rows.subList(i, i + m));
        }
        boolean sorted = true;
        for (int i = 1; i < sites.size() && sorted; i++) {
            sorted = SITE_ORDER.compare(sites.get(i - 1), sites.get(i)) <= 0;
        }
        if (!sorted) {
            sites.sort(SITE_ORDER);
        }
        Path part = PartFiles.attemptPath(partsDir, index, "");
        FileSystem fs = part.getFileSystem(conf);
        List<Row> out = new ArrayList<>(rows.size());
        try (OutputStream raw = fs.create(part, true)) {
            BlockCompressedOutputStream b = new BlockCompressedOutputStream(raw, (File) null);
            for (List<Row> s : sites) {
                b.write(siteLine(d, s).getBytes(StandardCharsets.UTF_8));
                out.addAll(s);
            }
            b.close(false);
        }
        int first = sites.isEmpty() ? 0 : sites.get(0).get(0).getInt(FreqTask.I_POS);
        int last = sites.isEmpty() ? 0 : sites.get(sites.size() - 1).get(0).getInt(FreqTask.I_POS);
        try (OutputStream o = fs.create(part.suffix(".stats"), true)) {
            o.write((sites.size() + "\t" + first + "\t" + last + "\n").getBytes(StandardCharsets.UTF_8));
        }
        written.add(new PartFiles.Part(index, part.toString(), sites.size()));
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
                w.write(siteLine(d, group));
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

    private static String siteLine(FreqDesign d, List<Row> g) {
        Row all = g.get(0);
        SitesVcf.Line l = SITES.line(d, g);
        int hi = FreqTask.I_HWE_P;
        if (!all.isNullAt(hi)) {
            l.putFloat("hwe_p", all.getDouble(hi));
            l.putFloat("hwe_midp", all.getDouble(FreqTask.I_HWE_MIDP));
        }
        return l.end();
    }
}
