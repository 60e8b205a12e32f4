package org.musubi.gwas;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.math3.distribution.NormalDistribution;
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
import org.musubi.spark.Progress;
import org.musubi.spark.SparkErrors;
import org.musubi.stats.GlmOptions;
import org.musubi.stats.MissingDosagePolicy;
import org.musubi.table.SamplesFile;
import org.musubi.table.TableCommit;
import org.musubi.table.VariantTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GWAS on a variant table: the design (samples, covariates, kernels) is made on the driver and broadcast; each
 * task decodes its variants once and runs every phenotype's kernel on them; results go to Parquet, then per
 * phenotype to PLINK 2 text ({@code .glm.linear} / {@code .glm.logistic.hybrid}), GWAS-SSF with its metadata,
 * Manhattan and QQ plots, and a run summary with λGC. The output directory is committed atomically.
 */
public final class GwasPlan {
    private static final Logger LOG = LoggerFactory.getLogger(GwasPlan.class);

    private GwasPlan() {}

    /** Median of the 1-df χ² distribution: λGC = median(χ²) / this. */
    static final double CHISQ1_MEDIAN = 0.45493642311957283;

    public record Summary(String out, Map<String, Object> summary) {}

    public static Summary run(SparkSession spark, GwasRequest req) throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration conf = jsc.hadoopConfiguration();
        VariantTable table = VariantTable.open(req.table(), conf);
        TableCommit commit = TableCommit.begin(req.out(), req.overwrite(), conf);
        try {
            Summary s = runInto(spark, jsc, conf, table, req, commit);
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
            GwasRequest req,
            TableCommit commit)
            throws IOException {
        long t0 = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (SamplesFile.Sample s : table.samples(conf)) {
            ids.add(s.id());
        }
        int n = ids.size();
        PhenotypeFile pheno = PhenotypeFile.read(req.phenoFile(), req.missingCode(), conf);
        PhenotypeFile covar =
                req.covarFile() == null ? null : PhenotypeFile.read(req.covarFile(), req.missingCode(), conf);
        Set<String> keep = req.keep() == null ? null : readKeep(req.keep(), ids, conf);
        GlmOptions options = GlmOptions.defaults();
        if (req.meanImpute()) {
            options = options.withMissingDosages(MissingDosagePolicy.MEAN_IMPUTE);
        }
        options = switch (req.model()) {
            case "logistic-no-firth" -> options.withFirthMode(org.musubi.stats.FirthMode.NO_FIRTH);
            case "firth" -> options.withFirthMode(org.musubi.stats.FirthMode.ALWAYS_FIRTH);
            default -> options;
        };
        GwasDesign design =
                GwasDesign.build(ids, pheno, req.phenoNames(), covar, req.covarNames(), keep, req.model(), options);

        Dataset<Row> variants = table.variants(spark);
        if (req.maf() > 0) {
            variants = variants.where(
                    functions.col("af").geq(req.maf()).and(functions.col("af").leq(1 - req.maf())));
        }
        if (req.minCallRate() > 0) {
            variants = variants.where(functions.col("n_called").geq(Math.ceil(req.minCallRate() * n)));
        }
        Column[] cols = {
            functions.col("contig"),
            functions.col("pos"),
            functions.col("id"),
            functions.col("ref"),
            functions.col("alt"),
            functions.col("af"),
            functions.col("calls"),
            functions.col("dosage")
        };
        JavaRDD<Row> input = variants.select(cols).javaRDD();
        Broadcast<GwasDesign> bd = jsc.broadcast(design);
        JavaRDD<Row> results = input.mapPartitions(it -> new GwasTask(bd.value(), n).run(it));
        Path parquet = new Path(commit.staging(), "results.parquet");
        try (Progress p = Progress.start(jsc, "gwas", input.getNumPartitions())) {
            SparkErrors.userErrorsUnwrapped(() -> {
                spark.createDataFrame(results, GwasResults.SCHEMA)
                        .write()
                        .partitionBy(GwasResults.PHENOTYPE)
                        .parquet(parquet.toString());
                return null;
            });
        }
        bd.destroy();

        // Per phenotype: text outputs, plots, λGC, from the results in genome order.
        Dataset<Row> res = spark.read().option("basePath", parquet.toString()).parquet(parquet.toString());
        List<String> contigs = table.metadata.contigs;
        Column order = functions.lit(contigs.size());
        for (int i = contigs.size() - 1; i >= 0; i--) {
            order = functions
                    .when(functions.col("contig").equalTo(contigs.get(i)), i)
                    .otherwise(order);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("table", req.table());
        summary.put("samples_in_table", n);
        summary.put("notes", design.notes);
        Map<String, Object> per = new LinkedHashMap<>();
        FileSystem fs = commit.fs();
        for (GwasDesign.PhenotypeInfo info : design.info.values()) {
            Dataset<Row> rows = res.where(functions.col(GwasResults.PHENOTYPE).equalTo(info.name()))
                    .withColumn("_order", order)
                    .orderBy(functions.col("_order"), functions.col(GwasResults.POS), functions.col(GwasResults.ALT));
            per.put(info.name(), writePhenotype(fs, commit.staging(), info, rows, table, req, contigs));
        }
        summary.put("phenotypes", per);
        summary.put("seconds", (System.nanoTime() - t0) / 1e9);
        summary.put("engine_version", Version.ENGINE);
        summary.put("arguments", req.arguments());
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        commit.writeFile("summary.json", json.writeValueAsBytes(summary));
        return new Summary(req.out(), summary);
    }

    private static Set<String> readKeep(String path, List<String> ids, Configuration conf) throws IOException {
        Path p = new Path(path);
        Set<String> keep = new HashSet<>();
        try (InputStream in = p.getFileSystem(conf).open(p)) {
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] f = l.strip().split("\\s+");
                if (f.length == 0
                        || f[0].isEmpty()
                        || f[0].startsWith("#")
                        || f[0].equals("IID")
                        || f[0].equals("FID")) {
                    continue;
                }
                String iid = f.length >= 2 ? f[1] : f[0];
                keep.add(iid);
                if (f.length >= 2) {
                    keep.add(f[0] + "_" + f[1]);
                }
            }
        }
        Set<String> inTable = new HashSet<>();
        for (String id : ids) {
            int u = id.indexOf('_');
            if (keep.contains(id) || (u > 0 && keep.contains(id.substring(u + 1)))) {
                inTable.add(id);
            }
        }
        if (inTable.isEmpty()) {
            throw new MusubiUserException(path + ": no sample of the keep list is in the table");
        }
        LOG.info("gwas: --keep {}: {} of {} table samples kept", path, inTable.size(), ids.size());
        return inTable;
    }

    private static Map<String, Object> writePhenotype(
            FileSystem fs,
            Path dir,
            GwasDesign.PhenotypeInfo info,
            Dataset<Row> rows,
            VariantTable table,
            GwasRequest req,
            List<String> contigs)
            throws IOException {
        boolean logistic = info.kind() == GwasDesign.Kind.LOGISTIC;
        String name = info.name();
        String glmName = name + (logistic ? ".glm.logistic.hybrid" : ".glm.linear");
        String ssfName = name + ".tsv.gz";
        long tested = 0;
        long failed = 0;
        long significant = 0;
        Map<String, Long> errcodes = new LinkedHashMap<>();
        double[] nlp = new double[1 << 16];
        double[] cum = new double[1 << 16];
        int[] contigOf = new int[1 << 16];
        int count = 0;
        double[] contigStart = new double[contigs.size()];
        double[] contigEnd = new double[contigs.size()];
        Arrays.fill(contigStart, Double.MAX_VALUE);
        Arrays.fill(contigEnd, -1);
        double offset = 0;
        String lastContig = null;
        double lastContigMax = 0;
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (Writer glm = new BufferedWriter(
                        new OutputStreamWriter(fs.create(new Path(dir, glmName)), StandardCharsets.UTF_8), 1 << 16);
                OutputStream ssfRaw = fs.create(new Path(dir, ssfName));
                Writer ssf = new BufferedWriter(new OutputStreamWriter(
                        new GZIPOutputStream(new java.security.DigestOutputStream(ssfRaw, md5), 1 << 16),
                        StandardCharsets.UTF_8))) {
            glm.write(
                    logistic
                            ? "#CHROM\tPOS\tID\tREF\tALT\tA1\tFIRTH?\tTEST\tOBS_CT\tOR\tLOG(OR)_SE\tZ_STAT\tP\tERRCODE\n"
                            : "#CHROM\tPOS\tID\tREF\tALT\tA1\tTEST\tOBS_CT\tBETA\tSE\tT_STAT\tP\tERRCODE\n");
            ssf.write("chromosome\tbase_pair_location\teffect_allele\tother_allele\t"
                    + (logistic ? "odds_ratio" : "beta")
                    + "\tstandard_error\teffect_allele_frequency\tp_value\tvariant_id\trsid\tci_upper\tci_lower\tn\n");
            Iterator<Row> it = rows.toLocalIterator();
            while (it.hasNext()) {
                Row r = it.next();
                String contig = r.getString(r.fieldIndex(GwasResults.CONTIG));
                int pos = r.getInt(r.fieldIndex(GwasResults.POS));
                String id = nullable(r, GwasResults.ID);
                String ref = r.getString(r.fieldIndex(GwasResults.REF));
                String alt = r.getString(r.fieldIndex(GwasResults.ALT));
                String a1 = r.getString(r.fieldIndex(GwasResults.A1));
                String err = r.getString(r.fieldIndex(GwasResults.ERRCODE));
                int obs = r.getInt(r.fieldIndex(GwasResults.OBS_CT));
                boolean ok = err.equals(".");
                double beta = ok ? r.getDouble(r.fieldIndex(GwasResults.BETA)) : Double.NaN;
                double se = ok ? r.getDouble(r.fieldIndex(GwasResults.SE)) : Double.NaN;
                double stat = ok ? r.getDouble(r.fieldIndex(GwasResults.STAT)) : Double.NaN;
                double negLog10 = ok ? r.getDouble(r.fieldIndex(GwasResults.NEG_LOG10_P)) : Double.NaN;
                double lnP = -negLog10 * Math.log(10);
                tested++;
                if (!ok) {
                    failed++;
                    errcodes.merge(err, 1L, Long::sum);
                } else if (negLog10 >= -Math.log10(5e-8)) {
                    significant++;
                }
                StringBuilder b = new StringBuilder(160);
                b.append(contig)
                        .append('\t')
                        .append(pos)
                        .append('\t')
                        .append(id == null ? "." : id)
                        .append('\t');
                b.append(ref).append('\t').append(alt).append('\t').append(a1).append('\t');
                if (logistic) {
                    Boolean firth = r.isNullAt(r.fieldIndex(GwasResults.FIRTH))
                            ? null
                            : r.getBoolean(r.fieldIndex(GwasResults.FIRTH));
                    b.append(Boolean.TRUE.equals(firth) ? "Y" : "N").append('\t');
                }
                b.append("ADD\t").append(obs).append('\t');
                b.append(ok ? NumberFormats.g6(logistic ? Math.exp(beta) : beta) : "NA")
                        .append('\t');
                b.append(ok ? NumberFormats.g6(se) : "NA").append('\t');
                b.append(ok ? NumberFormats.g6(stat) : "NA").append('\t');
                b.append(ok ? NumberFormats.pFromLn(lnP) : "NA").append('\t');
                b.append(err).append('\n');
                glm.write(b.toString());
                String chrom = ssfChromosome(contig);
                if (ok && chrom != null && a1.matches("[ACGT]+") && (a1.equals(alt) ? ref : alt).matches("[ACGT]+")) {
                    String other = a1.equals(alt) ? ref : alt;
                    double freq = r.isNullAt(r.fieldIndex(GwasResults.A1_FREQ))
                            ? Double.NaN
                            : r.getDouble(r.fieldIndex(GwasResults.A1_FREQ));
                    double lo = beta - 1.959963984540054 * se;
                    double hi = beta + 1.959963984540054 * se;
                    StringBuilder s = new StringBuilder(160);
                    s.append(chrom)
                            .append('\t')
                            .append(pos)
                            .append('\t')
                            .append(a1)
                            .append('\t')
                            .append(other);
                    s.append('\t').append(NumberFormats.g6(logistic ? Math.exp(beta) : beta));
                    s.append('\t').append(NumberFormats.g6(se));
                    s.append('\t').append(Double.isNaN(freq) ? "#NA" : NumberFormats.g6(freq));
                    s.append('\t').append(NumberFormats.pFromLn(lnP));
                    s.append('\t')
                            .append(chrom)
                            .append('_')
                            .append(pos)
                            .append('_')
                            .append(ref)
                            .append('_')
                            .append(alt);
                    s.append('\t').append(id != null && id.matches("rs[0-9]+") ? id : "#NA");
                    s.append('\t').append(NumberFormats.g6(logistic ? Math.exp(hi) : hi));
                    s.append('\t').append(NumberFormats.g6(logistic ? Math.exp(lo) : lo));
                    s.append('\t').append(obs).append('\n');
                    ssf.write(s.toString());
                }
                // Plot data.
                if (!contig.equals(lastContig)) {
                    if (lastContig != null) {
                        offset += lastContigMax;
                    }
                    lastContig = contig;
                    lastContigMax = 0;
                }
                lastContigMax = Math.max(lastContigMax, pos);
                if (count == nlp.length) {
                    nlp = Arrays.copyOf(nlp, count * 2);
                    cum = Arrays.copyOf(cum, count * 2);
                    contigOf = Arrays.copyOf(contigOf, count * 2);
                }
                int ci = Math.max(0, contigs.indexOf(contig));
                nlp[count] = negLog10;
                cum[count] = offset + pos;
                contigOf[count] = ci;
                contigStart[ci] = Math.min(contigStart[ci], offset + pos);
                contigEnd[ci] = Math.max(contigEnd[ci], offset + pos);
                count++;
            }
        }
        double lambda = lambdaGc(nlp, count);
        try (OutputStream o = fs.create(new Path(dir, name + ".manhattan.png"))) {
            GwasPlots.manhattan(
                    o,
                    name + " (" + (logistic ? "logistic" : "linear") + ")",
                    contigOf,
                    cum,
                    nlp,
                    count,
                    contigs,
                    contigStart,
                    contigEnd);
        }
        try (OutputStream o = fs.create(new Path(dir, name + ".qq.png"))) {
            GwasPlots.qq(o, String.format(Locale.ROOT, "%s  λGC = %.3f", name, lambda), nlp, count);
        }
        writeSsfMeta(fs, dir, ssfName, HexFormat.of().formatHex(md5.digest()), info, table, req);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", logistic ? "logistic (Firth fallback)" : "linear");
        m.put("coding", info.coding());
        m.put("samples", info.samples());
        if (logistic) {
            m.put("cases", info.cases());
            m.put("controls", info.controls());
        }
        m.put("covariates", info.covariates());
        m.put("covariates_dropped_constant", info.droppedCovariates());
        m.put("variants_tested", tested);
        m.put("variants_failed", failed);
        m.put("errcodes", errcodes);
        m.put("p_below_5e-8", significant);
        m.put("lambda_gc", Double.isNaN(lambda) ? null : lambda);
        m.put("files", List.of(glmName, ssfName, ssfName + "-meta.yaml", name + ".manhattan.png", name + ".qq.png"));
        LOG.info(
                "gwas: {}: {} variants, {} failed, {} with P < 5e-8, λGC = {}",
                name,
                tested,
                failed,
                significant,
                String.format(Locale.ROOT, "%.3f", lambda));
        return m;
    }

    /** λGC = median(χ²₁) / 0.4549 from the -log10 P values (NaN ignored). */
    static double lambdaGc(double[] negLog10P, int count) {
        double[] v = new double[count];
        int k = 0;
        for (int i = 0; i < count; i++) {
            if (!Double.isNaN(negLog10P[i])) {
                v[k++] = negLog10P[i];
            }
        }
        if (k == 0) {
            return Double.NaN;
        }
        Arrays.sort(v, 0, k);
        double medianNlp = k % 2 == 1 ? v[k / 2] : (v[k / 2 - 1] + v[k / 2]) / 2;
        double p = Math.pow(10, -medianNlp);
        double z = new NormalDistribution().inverseCumulativeProbability(p / 2);
        return z * z / CHISQ1_MEDIAN;
    }

    private static String nullable(Row r, String field) {
        int i = r.fieldIndex(field);
        return r.isNullAt(i) ? null : r.getString(i);
    }

    /** GWAS-SSF chromosome code: 1–22, X = 23, Y = 24, MT = 25; null for other contigs. */
    static String ssfChromosome(String contig) {
        String c = contig.startsWith("chr") ? contig.substring(3) : contig;
        return switch (c) {
            case "X", "XY", "PAR1", "PAR2" -> "23";
            case "Y" -> "24";
            case "M", "MT" -> "25";
            default -> c.matches("[0-9]+") && Integer.parseInt(c) >= 1 && Integer.parseInt(c) <= 22 ? c : null;
        };
    }

    private static void writeSsfMeta(
            FileSystem fs,
            Path dir,
            String ssfName,
            String md5,
            GwasDesign.PhenotypeInfo info,
            VariantTable table,
            GwasRequest req)
            throws IOException {
        StringBuilder y = new StringBuilder();
        y.append("# GWAS-SSF metadata written by Musubi ")
                .append(Version.ENGINE)
                .append('\n');
        y.append("date_metadata_last_modified: ")
                .append(Instant.now().toString(), 0, 10)
                .append('\n');
        y.append("genome_assembly: ")
                .append(table.metadata.genomeBuild == null ? "NR" : table.metadata.genomeBuild)
                .append('\n');
        y.append("coordinate_system: 1-based\n");
        y.append("trait_description:\n  - ").append(info.name()).append('\n');
        y.append("samples:\n  - sample_size: ").append(info.samples()).append('\n');
        if (info.kind() == GwasDesign.Kind.LOGISTIC) {
            y.append("    case_control_study: true\n");
            y.append("    case_count: ").append(info.cases()).append('\n');
            y.append("    control_count: ").append(info.controls()).append('\n');
        } else {
            y.append("    case_control_study: false\n");
        }
        y.append("data_file_name: ").append(ssfName).append('\n');
        y.append("file_type: GWAS-SSF v1.0\n");
        y.append("data_file_md5sum: ").append(md5).append('\n');
        y.append("is_harmonised: false\n");
        y.append("is_sorted: true\n");
        y.append("analysis_software: Musubi ")
                .append(Version.ENGINE)
                .append(" (")
                .append(
                        info.kind() == GwasDesign.Kind.LOGISTIC
                                ? "logistic regression, Wald test, Firth fallback as PLINK 2"
                                : "linear regression, t test as PLINK 2")
                .append(")\n");
        y.append("adjusted_covariates:\n");
        for (String c : info.covariates()) {
            y.append("  - ").append(c).append('\n');
        }
        if (req.maf() > 0) {
            y.append("minor_allele_freq_lower_limit: ").append(req.maf()).append('\n');
        }
        if (table.metadata.bank != null) {
            y.append("author_notes: bank ").append(table.metadata.bank).append('\n');
        }
        try (OutputStream o = fs.create(new Path(dir, ssfName + "-meta.yaml"))) {
            o.write(y.toString().getBytes(StandardCharsets.UTF_8));
        }
    }
}
