package org.musubi.gwas;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.apache.spark.storage.StorageLevel;
import org.musubi.Version;
import org.musubi.error.MusubiUserException;
import org.musubi.freq.ReleasePolicy;
import org.musubi.spark.Progress;
import org.musubi.spark.SerializableConf;
import org.musubi.spark.SparkErrors;
import org.musubi.stats.FirthMode;
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
 * phenotype to PLINK 2 text ({@code .glm.linear}; logistic as PLINK names it per mode: {@code
 * .glm.logistic.hybrid} with the {@code FIRTH?} column under firth-fallback, {@code .glm.logistic} under no-firth,
 * {@code .glm.firth} under firth), GWAS-SSF with its metadata, Manhattan and QQ plots, and a run summary with
 * λGC. The output directory is committed atomically.
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
        ReleasePolicy policy = req.releasePolicy() == null ? null : ReleasePolicy.read(req.releasePolicy(), conf);
        int withdrawnExcluded = 0;
        if (policy != null && !policy.withdrawn().isEmpty()) {
            // withdrawn-consent samples are left out of everything (SPECS §5.2), matched by table ID or its IID part
            Set<String> kept = new HashSet<>();
            for (String id : ids) {
                int u = id.indexOf('_');
                if (policy.withdrawn().contains(id)
                        || (u > 0 && policy.withdrawn().contains(id.substring(u + 1)))) {
                    withdrawnExcluded++;
                } else if (keep == null || keep.contains(id)) {
                    kept.add(id);
                }
            }
            keep = kept;
            LOG.info("gwas: {} withdrawn sample(s) of the release policy excluded", withdrawnExcluded);
        }
        GlmOptions options = GlmOptions.defaults();
        if (req.meanImpute()) {
            options = options.withMissingDosages(MissingDosagePolicy.MEAN_IMPUTE);
        }
        options = switch (req.model()) {
            case "logistic-no-firth" -> options.withFirthMode(FirthMode.NO_FIRTH);
            case "firth" -> options.withFirthMode(FirthMode.ALWAYS_FIRTH);
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
            functions.col("calls"),
            functions.col("dosage")
        };
        Dataset<Row> selected = variants.select(cols);
        int tasks = req.partitions();
        if (tasks == 0) {
            // Spark packs a table's files into about one partition per core; a core that draws the slower
            // variants (Firth) then runs alone at the end. Four tasks per core balance that.
            int target = 4 * jsc.defaultParallelism();
            int read = selected.rdd().getNumPartitions();
            tasks = read < target ? target : 0;
        }
        if (tasks > 0) {
            selected = selected.repartition(tasks);
        }
        JavaRDD<Row> input = selected.javaRDD();
        long tTest = System.nanoTime();
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
        double testSeconds = (System.nanoTime() - tTest) / 1e9;
        LOG.info(
                "gwas: tested {} phenotype(s) in {} s ({} tasks), writing the text outputs",
                design.info.size(),
                String.format(java.util.Locale.ROOT, "%.1f", testSeconds),
                input.getNumPartitions());
        long tText = System.nanoTime();

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
        if (policy != null) {
            summary.put(
                    "release",
                    "GWAS-SSF files and their metadata: " + policy.describe()
                            + "; EAF floored at k/(2 OBS_CT); results.parquet, PLINK files and this summary are"
                            + " internal: not for release");
            summary.put("withdrawn_samples_excluded", withdrawnExcluded);
        }
        // Text outputs in parallel: the results in (phenotype, genome) order are range-partitioned; each task
        // formats its range into per-phenotype parts (GwasTextPart); the driver streams the part summaries in
        // partition order, so one phenotype's plot data is held at a time, and concatenates the parts.
        Map<String, Map<String, Object>> done = new LinkedHashMap<>();
        FileSystem fs = commit.fs();
        String partsDir = new Path(commit.staging(), "_parts").toString();
        Map<String, Boolean> logisticBy = new LinkedHashMap<>();
        Map<String, Boolean> hybridBy = new LinkedHashMap<>();
        for (GwasDesign.PhenotypeInfo info : design.info.values()) {
            boolean logistic = info.kind() == GwasDesign.Kind.LOGISTIC;
            logisticBy.put(info.name(), logistic);
            hybridBy.put(info.name(), logistic && options.firthMode() == FirthMode.FIRTH_FALLBACK);
        }
        Column[] sortKey = {
            functions.col(GwasResults.PHENOTYPE),
            functions.col("_order"),
            functions.col(GwasResults.POS),
            functions.col(GwasResults.ALT)
        };
        int textTasks = Math.max(1, 2 * jsc.defaultParallelism());
        Dataset<Row> sorted = res.withColumn("_order", order)
                .repartitionByRange(textTasks, sortKey)
                .sortWithinPartitions(sortKey);
        GwasTextPart writer = new GwasTextPart(
                new SerializableConf(conf),
                partsDir,
                logisticBy,
                hybridBy,
                List.copyOf(contigs),
                policy == null ? 0 : policy.k());
        JavaRDD<GwasTextPart.Part> parts =
                sorted.javaRDD().mapPartitionsWithIndex((idx, it) -> writer.write(idx, it), true);
        parts.persist(StorageLevel.MEMORY_AND_DISK());
        PhenotypeOutput current = null;
        try {
            parts.count();
            Iterator<GwasTextPart.Part> it = parts.toLocalIterator();
            while (it.hasNext()) {
                GwasTextPart.Part part = it.next();
                if (current == null || !current.name().equals(part.phenotype)) {
                    if (current != null) {
                        done.put(current.name(), current.finish());
                    }
                    GwasDesign.PhenotypeInfo info = design.info.get(part.phenotype);
                    current = new PhenotypeOutput(
                            fs, commit.staging(), partsDir, info, options.firthMode(), table, req, contigs, policy);
                }
                current.add(part);
            }
            if (current != null) {
                done.put(current.name(), current.finish());
                current = null;
            }
        } finally {
            parts.unpersist(false);
            if (current != null) {
                current.close();
            }
        }
        fs.delete(new Path(partsDir), true);
        Map<String, Object> per = new LinkedHashMap<>();
        for (GwasDesign.PhenotypeInfo info : design.info.values()) {
            Map<String, Object> m = done.get(info.name());
            if (m == null) {
                // no variant (an empty table or filters that keep nothing): empty outputs
                m = new PhenotypeOutput(
                                fs, commit.staging(), partsDir, info, options.firthMode(), table, req, contigs, policy)
                        .finish();
            }
            per.put(info.name(), m);
        }
        summary.put("phenotypes", per);
        summary.put("seconds", (System.nanoTime() - t0) / 1e9);
        summary.put("seconds_testing", testSeconds);
        summary.put("seconds_text_outputs", (System.nanoTime() - tText) / 1e9);
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

    /**
     * λGC = median(χ²₁) / 0.4549 (the median of the χ²₁ distribution), χ²₁ from each -log10 P (NaN ignored); with
     * an even count the median is the mean of the two middle χ² values.
     */
    public static double lambdaGc(double[] negLog10P, int count) {
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
        double median = k % 2 == 1 ? chiSquare1(v[k / 2]) : (chiSquare1(v[k / 2 - 1]) + chiSquare1(v[k / 2])) / 2;
        return median / CHISQ1_MEDIAN;
    }

    /** The 1-df χ² statistic of a two-sided P given as -log10 P. */
    private static double chiSquare1(double negLog10P) {
        double p = Math.pow(10, -negLog10P);
        double z = new NormalDistribution().inverseCumulativeProbability(p / 2);
        return z * z;
    }

    /** The PLINK 2 file name suffix of a phenotype's results. */
    static String glmSuffix(GwasDesign.Kind kind, FirthMode mode) {
        if (kind == GwasDesign.Kind.LINEAR) {
            return ".glm.linear";
        }
        return switch (mode) {
            case FIRTH_FALLBACK -> ".glm.logistic.hybrid";
            case NO_FIRTH -> ".glm.logistic";
            case ALWAYS_FIRTH -> ".glm.firth";
        };
    }

    static String modelDescription(GwasDesign.Kind kind, FirthMode mode) {
        if (kind == GwasDesign.Kind.LINEAR) {
            return "linear regression, t test";
        }
        return switch (mode) {
            case FIRTH_FALLBACK -> "logistic regression, Wald test, Firth fallback";
            case NO_FIRTH -> "logistic regression, Wald test, no Firth";
            case ALWAYS_FIRTH -> "Firth logistic regression, Wald test";
        };
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

    /** A count line of the metadata, or a comment saying it was suppressed by the release gate. */
    private static void gatedCount(StringBuilder y, String key, long count, ReleasePolicy policy) {
        if (policy == null || policy.releasable(count)) {
            y.append("    ").append(key).append(": ").append(count).append('\n');
        } else {
            y.append("    # ")
                    .append(key)
                    .append(" suppressed by the release gate (0 < c < ")
                    .append(policy.k())
                    .append(")\n");
        }
    }

    static void writeSsfMeta(
            FileSystem fs,
            Path dir,
            String ssfName,
            String md5,
            GwasDesign.PhenotypeInfo info,
            FirthMode firthMode,
            VariantTable table,
            GwasRequest req,
            ReleasePolicy policy)
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
        y.append("samples:\n");
        boolean caseControl = info.kind() == GwasDesign.Kind.LOGISTIC;
        if (policy == null || policy.releasable(info.samples())) {
            y.append("  - sample_size: ").append(info.samples()).append('\n');
            y.append("    case_control_study: ").append(caseControl).append('\n');
        } else {
            // the list item starts with a key that is always shown
            y.append("  - case_control_study: ").append(caseControl).append('\n');
            gatedCount(y, "sample_size", info.samples(), policy);
        }
        if (caseControl) {
            gatedCount(y, "case_count", info.cases(), policy);
            gatedCount(y, "control_count", info.controls(), policy);
        }
        y.append("data_file_name: ").append(ssfName).append('\n');
        y.append("file_type: GWAS-SSF v1.0\n");
        y.append("data_file_md5sum: ").append(md5).append('\n');
        y.append("is_harmonised: false\n");
        y.append("is_sorted: true\n");
        y.append("analysis_software: Musubi ")
                .append(Version.ENGINE)
                .append(" (")
                .append(modelDescription(info.kind(), firthMode))
                .append(", as PLINK 2 --glm)\n");
        y.append("adjusted_covariates:\n");
        for (String c : info.covariates()) {
            y.append("  - ").append(c).append('\n');
        }
        double floor = policy == null || info.samples() == 0 ? 0 : policy.k() / (2.0 * info.samples());
        if (req.maf() > 0 || floor > 0) {
            y.append("minor_allele_freq_lower_limit: ")
                    .append(Math.max(req.maf(), floor))
                    .append('\n');
        }
        StringBuilder notes = new StringBuilder();
        if (table.metadata.bank != null) {
            notes.append("bank ").append(table.metadata.bank);
        }
        if (policy != null) {
            notes.append(notes.length() == 0 ? "" : "; ")
                    .append(policy.describe())
                    .append("; effect_allele_frequency floored at k/(2n) per variant (n = OBS_CT), n and counts"
                            + " 0 < c < k suppressed");
        }
        if (notes.length() > 0) {
            y.append("author_notes: ").append(notes).append('\n');
        }
        try (OutputStream o = fs.create(new Path(dir, ssfName + "-meta.yaml"))) {
            o.write(y.toString().getBytes(StandardCharsets.UTF_8));
        }
    }
}
