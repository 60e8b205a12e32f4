package org.musubi.freq;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import htsjdk.samtools.util.BlockCompressedOutputStream;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
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
import org.musubi.format.GenomeBuild;
import org.musubi.spark.Progress;
import org.musubi.spark.SparkErrors;
import org.musubi.table.SamplesFile;
import org.musubi.table.TableCommit;
import org.musubi.table.VariantTable;
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
        VariantTable table = VariantTable.open(req.table(), conf);
        ReleasePolicy policy = req.releasePolicy() == null ? null : ReleasePolicy.read(req.releasePolicy(), conf);
        for (String s : req.strata()) {
            if (!s.equals("population") && !s.equals("sex")) {
                throw new MusubiUserException("--strata " + s + ": use population, sex or both");
            }
        }
        TableCommit commit = TableCommit.begin(req.out(), req.overwrite(), conf);
        try {
            Summary s = runInto(spark, jsc, conf, table, req, policy, commit);
            commit.commit();
            return s;
        } finally {
            commit.abort();
        }
    }

    private static Summary runInto(
            SparkSession spark,
            JavaSparkContext jsc,
            Configuration conf,
            VariantTable table,
            FreqRequest req,
            ReleasePolicy policy,
            TableCommit commit)
            throws IOException {
        long t0 = System.nanoTime();
        List<SamplesFile.Sample> samples = table.samples(conf);
        int n = samples.size();
        String[] sex = new String[n];
        String[] pop = new String[n];
        boolean[] excluded = new boolean[n];
        int withdrawn = 0;
        for (SamplesFile.Sample s : samples) {
            sex[s.index()] = s.sex();
            pop[s.index()] = s.population();
            if (policy != null && policy.withdrawn().contains(s.id())) {
                excluded[s.index()] = true;
                withdrawn++;
            }
        }
        if (policy != null) {
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

        Column[] cols = {
            functions.col("contig"),
            functions.col("pos"),
            functions.col("id"),
            functions.col("ref"),
            functions.col("alt"),
            functions.col("alt_index"),
            functions.col("calls"),
            functions.col("ploidy")
        };
        JavaRDD<Row> input = table.variants(spark).select(cols).javaRDD();
        Broadcast<FreqDesign> bd = jsc.broadcast(design);
        JavaRDD<Row> results = input.mapPartitions(it -> new FreqTask(bd.value()).run(it));
        Path parquet = new Path(commit.staging(), PARQUET);
        try (Progress p = Progress.start(jsc, "freq", input.getNumPartitions())) {
            SparkErrors.userErrorsUnwrapped(() -> {
                spark.createDataFrame(results, FreqTask.SCHEMA).write().parquet(parquet.toString());
                return null;
            });
        }
        bd.destroy();

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
        long variants;
        OutputStream raw = commit.fs().create(new Path(commit.staging(), VCF));
        try (Writer w = new BufferedWriter(
                new OutputStreamWriter(new BlockCompressedOutputStream(raw, (File) null), StandardCharsets.UTF_8))) {
            w.write(header(design, table, release));
            variants = writeSites(w, design, rows.toLocalIterator());
        }

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("table", req.table());
        summary.put("bank", table.metadata.bank);
        summary.put("genome_build", table.metadata.genomeBuild);
        summary.put("release", release);
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
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        commit.writeFile("summary.json", json.writeValueAsBytes(summary));
        LOG.info("freq: {} variants x {} strata, {} samples", variants, design.strata.size(), n);
        return new Summary(req.out(), summary);
    }

    static String header(FreqDesign d, VariantTable table, String release) {
        StringBuilder h = new StringBuilder();
        h.append("##fileformat=VCFv4.2\n");
        h.append("##source=Musubi freq ").append(Version.ENGINE).append('\n');
        String build = table.metadata.genomeBuild;
        h.append("##reference=").append(build == null ? "unknown" : build).append('\n');
        h.append("##musubi_genome_build=")
                .append(build == null ? "unknown" : build)
                .append('\n');
        h.append("##musubi_bank=")
                .append(table.metadata.bank == null ? "unknown" : table.metadata.bank)
                .append('\n');
        h.append("##musubi_release=").append(release).append('\n');
        if (d.k > 0) {
            h.append("##musubi_release_k=").append(d.k).append('\n');
        }
        for (String c : table.metadata.contigs) {
            Long len = table.metadata.contigLengths.get(c);
            h.append("##contig=<ID=").append(c);
            if (len != null) {
                h.append(",length=").append(len);
            }
            h.append(">\n");
        }
        for (FreqDesign.Stratum s : d.strata) {
            boolean showN = d.k == 0 || s.samples() == 0 || s.samples() >= d.k;
            String who = s.name().equals("all")
                    ? "all samples"
                    : "samples in " + s.name() + (showN ? " (" + s.samples() + ")" : "");
            String x = s.suffix();
            info(h, "AC" + x, "A", "Integer", "Alternate allele count, " + who);
            info(h, "AN" + x, "1", "Integer", "Total number of called alleles, " + who);
            info(h, "AF" + x, "A", "Float", "Alternate allele frequency, " + who);
            info(h, "nhomalt" + x, "A", "Integer", "Homozygous (and hemizygous) alternate individuals, " + who);
            info(h, "faf95" + x, "A", "Float", "Filtering allele frequency (95% Poisson CI), " + who);
            info(h, "faf99" + x, "A", "Float", "Filtering allele frequency (99% Poisson CI), " + who);
        }
        info(h, "nhemialt", "A", "Integer", "Hemizygous alternate individuals (part of nhomalt)");
        info(h, "grpmax", "A", "String", "Population with the highest AF");
        info(h, "AC_grpmax", "A", "Integer", "AC in the grpmax population");
        info(h, "AN_grpmax", "A", "Integer", "AN in the grpmax population");
        info(h, "AF_grpmax", "A", "Float", "AF in the grpmax population");
        info(h, "nhomalt_grpmax", "A", "Integer", "nhomalt in the grpmax population");
        info(h, "fafmax_faf95_max", "A", "Float", "Highest population faf95");
        info(h, "fafmax_faf95_max_gen_anc", "A", "String", "Population with the highest faf95");
        info(h, "hwe_p", "A", "Float", "Hardy-Weinberg exact test P (all samples, diploid calls; PLINK 2)");
        info(h, "hwe_midp", "A", "Float", "Hardy-Weinberg exact test mid-P (all samples, diploid calls)");
        h.append("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n");
        return h.toString();
    }

    static void info(StringBuilder h, String id, String number, String type, String desc) {
        h.append("##INFO=<ID=")
                .append(id)
                .append(",Number=")
                .append(number)
                .append(",Type=")
                .append(type)
                .append(",Description=\"")
                .append(desc)
                .append("\">\n");
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

    private static String siteLine(FreqDesign d, List<Row> g) {
        Row all = g.get(0);
        StringBuilder b = new StringBuilder(256 + 64 * g.size());
        b.append(all.getString(all.fieldIndex("contig")))
                .append('\t')
                .append(all.getInt(all.fieldIndex("pos")))
                .append('\t');
        String id = all.isNullAt(all.fieldIndex("id")) ? "." : all.getString(all.fieldIndex("id"));
        b.append(id).append('\t').append(all.getString(all.fieldIndex("ref"))).append('\t');
        b.append(all.getString(all.fieldIndex("alt"))).append("\t.\t.\t");
        StringBuilder info = new StringBuilder();
        Map<String, Row> byName = new LinkedHashMap<>();
        for (int k = 0; k < g.size(); k++) {
            Row r = g.get(k);
            if (r.getInt(r.fieldIndex("stratum_index")) != k) {
                throw new IllegalStateException("strata out of order at " + r);
            }
            FreqDesign.Stratum s = d.strata.get(k);
            byName.put(s.name(), r);
            String x = s.suffix();
            putLong(info, "AC" + x, r, "ac");
            putLong(info, "AN" + x, r, "an");
            putDouble(info, "AF" + x, r, "af");
            putLong(info, "nhomalt" + x, r, "nhomalt");
            putDouble(info, "faf95" + x, r, "faf95");
            putDouble(info, "faf99" + x, r, "faf99");
        }
        putLong(info, "nhemialt", all, "nhemialt");
        int gi = all.fieldIndex("grpmax");
        if (!all.isNullAt(gi)) {
            Row gm = byName.get(all.getString(gi));
            put(info, "grpmax", FreqDesign.key(all.getString(gi)));
            putLong(info, "AC_grpmax", gm, "ac");
            putLong(info, "AN_grpmax", gm, "an");
            putDouble(info, "AF_grpmax", gm, "af");
            putLong(info, "nhomalt_grpmax", gm, "nhomalt");
        }
        int fi = all.fieldIndex("fafmax_faf95_max");
        if (!all.isNullAt(fi)) {
            put(info, "fafmax_faf95_max", g6(all.getDouble(fi)));
            put(
                    info,
                    "fafmax_faf95_max_gen_anc",
                    FreqDesign.key(all.getString(all.fieldIndex("fafmax_faf95_max_gen_anc"))));
        }
        int hi = all.fieldIndex("hwe_p");
        if (!all.isNullAt(hi)) {
            put(info, "hwe_p", g6(all.getDouble(hi)));
            put(info, "hwe_midp", g6(all.getDouble(all.fieldIndex("hwe_midp"))));
        }
        b.append(info.length() == 0 ? "." : info).append('\n');
        return b.toString();
    }

    private static void putLong(StringBuilder info, String key, Row r, String field) {
        int i = r.fieldIndex(field);
        if (!r.isNullAt(i)) {
            put(info, key, Long.toString(r.getLong(i)));
        }
    }

    private static void putDouble(StringBuilder info, String key, Row r, String field) {
        int i = r.fieldIndex(field);
        if (!r.isNullAt(i)) {
            put(info, key, g6(r.getDouble(i)));
        }
    }

    private static void put(StringBuilder info, String key, String value) {
        if (info.length() > 0) {
            info.append(';');
        }
        info.append(key).append('=').append(value);
    }

    /** %g with 6 significant digits, trailing zeros removed (as bcftools prints floats). */
    static String g6(double v) {
        if (v == 0) {
            return "0";
        }
        String s = String.format(Locale.ROOT, "%.6g", v);
        int e = s.indexOf('e');
        String mant = e < 0 ? s : s.substring(0, e);
        String exp = e < 0 ? "" : s.substring(e);
        if (mant.contains(".")) {
            mant = mant.replaceAll("0+$", "");
            if (mant.endsWith(".")) {
                mant = mant.substring(0, mant.length() - 1);
            }
        }
        return mant + exp;
    }
}
