package org.musubi.prs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.musubi.Version;
import org.musubi.error.MusubiUserException;
import org.musubi.freq.ReleasePolicy;
import org.musubi.gwas.PhenotypeFile;
import org.musubi.spark.SparkErrors;
import org.musubi.table.SamplesFile;
import org.musubi.table.TableCommit;
import org.musubi.table.VariantTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PRS scoring on a variant table: scoring files are read and matched on the driver against the table's candidate
 * variants (a scan of positions and alleles only), the matched weights are broadcast, each task accumulates
 * per-sample sums for every score over its variants, and the partial sums are merged with {@code treeAggregate}.
 * Outputs (committed atomically): per score {@code <score>.sscore} (PLINK 2 columns), {@code scores.parquet} and
 * {@code scores.tsv.gz} (long format, pgsc_calc-like), {@code match_summary.csv}, {@code match_log.csv.gz} and
 * {@code summary.json}.
 */
public final class PrsPlan {
    private static final Logger LOG = LoggerFactory.getLogger(PrsPlan.class);

    /** pgsc_calc: below this many samples, no mean imputation. */
    public static final int MIN_SAMPLES_FOR_MEAN_IMPUTATION = 50;

    private PrsPlan() {}

    /** One score: a weight column of a scoring file. */
    public record Score(String name, int file, int column) {}

    public record Summary(
            String out, List<Score> scores, List<VariantMatcher.FileMatch> matches, boolean meanImputed) {}

    public static final StructType SCORES_SCHEMA = new StructType()
            .add("sample_index", DataTypes.IntegerType, false)
            .add("sample_id", DataTypes.StringType, false)
            .add("score", DataTypes.StringType, false)
            .add("sum", DataTypes.DoubleType, false)
            .add("denom", DataTypes.IntegerType, false)
            .add("avg", DataTypes.DoubleType, true)
            .add("allele_ct", DataTypes.IntegerType, false)
            .add("named_allele_dosage_sum", DataTypes.DoubleType, false)
            .add("variants", DataTypes.LongType, false);

    public static Summary run(SparkSession spark, PrsRequest req) throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration conf = jsc.hadoopConfiguration();
        VariantTable table = VariantTable.open(req.table(), conf);
        List<ScoringFile> files = new ArrayList<>();
        for (String f : req.scoreFiles()) {
            Path p = new Path(f);
            FileSystem fs = p.getFileSystem(conf);
            if (!fs.exists(p)) {
                throw new MusubiUserException("--score " + f + ": no such file");
            }
            try (InputStream in = fs.open(p)) {
                ScoringFile sf = ScoringFile.read(f, in);
                sf.warnings().forEach(w -> LOG.warn("prs: {}", w));
                files.add(sf);
            }
        }
        ReleasePolicy policy = req.releasePolicy() == null ? null : ReleasePolicy.read(req.releasePolicy(), conf);
        PhenotypeFile outcomeFile = null;
        PhenotypeFile covarFile = null;
        PrsRequest.Evaluation ev = req.evaluation();
        if (ev != null) {
            outcomeFile = readTable("--outcome", ev.outcomeFile(), ev.missingCode(), conf);
            for (String name : ev.outcomeNames()) {
                outcomeFile.columnIndex(name);
            }
            if (ev.covarFile() != null) {
                covarFile = readTable("--covar", ev.covarFile(), ev.missingCode(), conf);
                for (String name : ev.covarNames()) {
                    covarFile.columnIndex(name);
                }
            }
        }
        TableCommit commit = TableCommit.begin(req.out(), req.overwrite(), conf);
        try {
            Summary s = runInto(spark, jsc, table, files, req, commit, conf, policy, outcomeFile, covarFile);
            commit.commit();
            return s;
        } finally {
            commit.abort();
        }
    }

    private static PhenotypeFile readTable(String option, String path, String missingCode, Configuration conf)
            throws IOException {
        Path p = new Path(path);
        if (!p.getFileSystem(conf).exists(p)) {
            throw new MusubiUserException(option + " " + path + ": no such file");
        }
        return PhenotypeFile.read(path, missingCode, conf);
    }

    private static Summary runInto(
            SparkSession spark,
            JavaSparkContext jsc,
            VariantTable table,
            List<ScoringFile> files,
            PrsRequest req,
            TableCommit commit,
            Configuration conf,
            ReleasePolicy policy,
            PhenotypeFile outcomeFile,
            PhenotypeFile covarFile)
            throws IOException {
        boolean perSample = policy == null;
        long t0 = System.nanoTime();
        Map<String, Double> phases = new LinkedHashMap<>();
        long[] tPhase = {t0};
        List<Score> scores = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int f = 0; f < files.size(); f++) {
            List<String> cols = files.get(f).scoreNames();
            for (int c = 0; c < cols.size(); c++) {
                String name = cols.get(c);
                if (!names.add(name)) {
                    throw new MusubiUserException("--score " + files.get(f).path() + ": score name " + name
                            + " is used by another --score file; give each score a distinct #pgs_id or column name");
                }
                scores.add(new Score(name, f, c));
            }
        }
        List<String> ids = new ArrayList<>();
        for (SamplesFile.Sample s : table.samples(conf)) {
            ids.add(s.id());
        }
        int n = ids.size();
        boolean meanImpute = req.meanImputation();
        if (meanImpute && n < MIN_SAMPLES_FOR_MEAN_IMPUTATION) {
            LOG.warn(
                    "prs: {} samples (< {}): no mean imputation of missing genotypes, as pgsc_calc",
                    n,
                    MIN_SAMPLES_FOR_MEAN_IMPUTATION);
            meanImpute = false;
        }

        // Candidate targets: the table rows at the scoring files' positions or IDs (no genotypes read).
        Set<String> posKeys = new HashSet<>();
        Set<String> idKeys = new HashSet<>();
        for (ScoringFile sf : files) {
            for (ScoringFile.Variant v : sf.variants()) {
                if (v.chr() != null) {
                    posKeys.add(v.chr() + ":" + v.pos());
                } else if (v.rsId() != null) {
                    idKeys.add(v.rsId());
                }
            }
        }
        Broadcast<Set<String>> bPos = jsc.broadcast(posKeys);
        Broadcast<Set<String>> bIds = jsc.broadcast(idKeys);
        JavaRDD<Row> slim = table.variants(spark)
                .select("contig", "pos", "ref", "alt", "id", "orig_alleles")
                .javaRDD();
        List<VariantMatcher.Target> targets =
                SparkErrors.userErrorsUnwrapped(() -> slim.mapPartitions((Iterator<Row> it) -> {
                            Set<String> pk = bPos.value();
                            Set<String> ik = bIds.value();
                            List<VariantMatcher.Target> out = new ArrayList<>();
                            while (it.hasNext()) {
                                Row r = it.next();
                                String contig = r.getString(0);
                                int pos = r.getInt(1);
                                String id = r.isNullAt(4) ? null : r.getString(4);
                                if (pk.contains(ScoringFile.normaliseChr(contig) + ":" + pos)
                                        || (id != null && ik.contains(id))) {
                                    out.add(new VariantMatcher.Target(
                                            contig, pos, r.getString(2), r.getString(3), id, !r.isNullAt(5)));
                                }
                            }
                            return out.iterator();
                        })
                        .collect());
        bPos.destroy();
        bIds.destroy();
        mark(phases, "candidate_scan", tPhase);
        VariantMatcher.TargetIndex index = new VariantMatcher.TargetIndex(targets);
        VariantMatcher.Options opt =
                new VariantMatcher.Options(req.keepAmbiguous(), req.keepMultiallelic(), req.minOverlap());
        List<VariantMatcher.FileMatch> matches = new ArrayList<>();
        for (ScoringFile sf : files) {
            matches.add(VariantMatcher.match(sf, index, opt));
        }
        String dataset = datasetName(req.table());
        writeMatchOutputs(commit, dataset, scores, matches, opt);
        mark(phases, "match_and_match_outputs", tPhase);
        List<String> failing = new ArrayList<>();
        for (Score s : scores) {
            VariantMatcher.FileMatch m = matches.get(s.file());
            LOG.info(
                    "prs: {}: {} scoring rows, {} matched, {} excluded, {} unmatched ({}%)",
                    s.name(),
                    m.rows(),
                    m.matched(),
                    m.excluded(),
                    m.unmatched(),
                    VariantMatcher.percent(m.matched(), m.rows()));
            if (m.matchRate() < req.minOverlap()) {
                failing.add(s.name() + " (" + m.file().path() + "): " + m.matched() + " of " + m.rows()
                        + " scoring rows matched = " + VariantMatcher.percent(m.matched(), m.rows()) + "% ("
                        + m.excluded() + " excluded, " + m.unmatched() + " unmatched)");
            }
        }
        if (!failing.isEmpty()) {
            throw new MusubiUserException("match rate below --min-overlap " + req.minOverlap() + ": "
                    + String.join("; ", failing)
                    + ". Check the genome build and chromosome names of the table against the scoring file, or lower"
                    + " --min-overlap (--keep-ambiguous / --keep-multiallelic keep excluded matches)");
        }

        // Matched weights per table variant.
        Map<String, List<ScoreAccumulator.Weight>> weights = new HashMap<>();
        for (int si = 0; si < scores.size(); si++) {
            Score s = scores.get(si);
            for (VariantMatcher.Candidate c : matches.get(s.file()).log()) {
                if ("matched".equals(c.status())) {
                    weights.computeIfAbsent(c.target().key(), k -> new ArrayList<>(1))
                            .add(new ScoreAccumulator.Weight(
                                    si,
                                    c.effectIsAlt(),
                                    c.variant().weights()[s.column()],
                                    c.variant().effectType()));
                }
            }
        }
        Map<String, ScoreAccumulator.Weight[]> wmap = new HashMap<>();
        weights.forEach((k, v) -> wmap.put(k, v.toArray(new ScoreAccumulator.Weight[0])));
        Broadcast<Map<String, ScoreAccumulator.Weight[]>> bw = jsc.broadcast(wmap);
        int nScores = scores.size();
        boolean mi = meanImpute;
        JavaRDD<Row> rows = table.variants(spark)
                .select("contig", "pos", "ref", "alt", "calls", "dosage")
                .javaRDD();
        JavaRDD<ScoreAccumulator> parts = rows.mapPartitions((Iterator<Row> it) -> {
            Map<String, ScoreAccumulator.Weight[]> w = bw.value();
            ScoreAccumulator acc = new ScoreAccumulator(nScores, n, mi);
            while (it.hasNext()) {
                Row r = it.next();
                ScoreAccumulator.Weight[] ws =
                        w.get(r.getString(0) + ":" + r.getInt(1) + ":" + r.getString(2) + ":" + r.getString(3));
                if (ws != null) {
                    acc.add((byte[]) r.get(4), r.isNullAt(5) ? null : (byte[]) r.get(5), ws);
                }
            }
            return List.of(acc).iterator();
        });
        ScoreAccumulator total = SparkErrors.userErrorsUnwrapped(() -> parts.treeAggregate(
                new ScoreAccumulator(nScores, n, mi), ScoreAccumulator::merge, ScoreAccumulator::merge));
        bw.destroy();
        mark(phases, "scoring_pass", tPhase);

        List<Row> out = new ArrayList<>();
        FileSystem fs = commit.fs();
        Map<String, Object> perScore = new LinkedHashMap<>();
        try (Writer tsv = perSample
                ? new BufferedWriter(new OutputStreamWriter(
                        new GZIPOutputStream(fs.create(new Path(commit.staging(), "scores.tsv.gz")), 1 << 16),
                        StandardCharsets.UTF_8))
                : Writer.nullWriter()) {
            tsv.write("sampleset\tIID\tPGS\tSUM\tDENOM\tAVG\tALLELE_CT\n");
            for (int si = 0; si < nScores; si++) {
                Score s = scores.get(si);
                ScoreAccumulator.ScoreResult r = total.result(si);
                try (Writer w = perSample
                        ? new BufferedWriter(new OutputStreamWriter(
                                fs.create(new Path(commit.staging(), safeName(s.name()) + ".sscore")),
                                StandardCharsets.UTF_8))
                        : Writer.nullWriter()) {
                    w.write("#IID\tALLELE_CT\tDENOM\tNAMED_ALLELE_DOSAGE_SUM\t" + s.name() + "_AVG\t" + s.name()
                            + "_SUM\n");
                    for (int i = 0; i < n && perSample; i++) {
                        String avg = num(r.avg(i));
                        w.write(ids.get(i) + "\t" + r.alleleCt()[i] + "\t" + r.denom()[i] + "\t"
                                + num(r.namedDosage()[i]) + "\t" + avg + "\t" + num(r.sum()[i]) + "\n");
                        tsv.write(dataset + "\t" + ids.get(i) + "\t" + s.name() + "\t" + num(r.sum()[i]) + "\t"
                                + r.denom()[i] + "\t" + avg + "\t" + r.alleleCt()[i] + "\n");
                        double a = r.avg(i);
                        out.add(RowFactory.create(
                                i,
                                ids.get(i),
                                s.name(),
                                r.sum()[i],
                                r.denom()[i],
                                Double.isNaN(a) ? null : a,
                                r.alleleCt()[i],
                                r.namedDosage()[i],
                                r.variants()));
                    }
                }
                VariantMatcher.FileMatch m = matches.get(s.file());
                Map<String, Object> info = new LinkedHashMap<>();
                info.put("file", m.file().path());
                info.put("scoring_rows", m.rows());
                info.put("matched", m.matched());
                info.put("excluded", m.excluded());
                info.put("unmatched", m.unmatched());
                info.put("match_rate", m.matchRate());
                info.put("variants_scored", r.variants());
                info.put("header", m.file().header());
                info.put("warnings", m.file().warnings());
                perScore.put(s.name(), info);
            }
        }
        if (perSample) {
            int slices = Math.max(1, Math.min(jsc.defaultParallelism(), out.size() / 50_000));
            spark.createDataFrame(jsc.parallelize(out, slices), SCORES_SCHEMA)
                    .coalesce(1)
                    .write()
                    .parquet(new Path(commit.staging(), "scores.parquet").toString());
        }
        mark(phases, "per_sample_outputs", tPhase);
        Map<String, Object> evaluation = null;
        if (outcomeFile != null) {
            double[][] sums = new double[nScores][];
            for (int si = 0; si < nScores; si++) {
                sums[si] = total.result(si).sum();
            }
            evaluation = PrsEvaluationOutput.write(
                    commit, dataset, ids, scores, sums, outcomeFile, covarFile, req.evaluation(), policy);
        }

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("table", req.table());
        summary.put("samples", perSample || policy.releasable(n) ? n : "suppressed");
        summary.put(
                "release",
                perSample
                        ? "internal: not for release (per-sample outputs: <score>.sscore, scores.parquet,"
                                + " scores.tsv.gz)"
                        : policy.describe() + "; for sharing: no per-sample output written");
        summary.put("mean_imputation", meanImpute);
        summary.put("min_overlap", req.minOverlap());
        summary.put("keep_ambiguous", req.keepAmbiguous());
        summary.put("keep_multiallelic", req.keepMultiallelic());
        summary.put("scores", perScore);
        if (evaluation != null) {
            summary.put("evaluation", evaluation);
        }
        mark(phases, "evaluation", tPhase);
        summary.put("seconds", (System.nanoTime() - t0) / 1e9);
        summary.put("phase_seconds", phases);
        summary.put("engine_version", Version.ENGINE);
        summary.put("arguments", req.arguments());
        commit.writeFile(
                "summary.json",
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(summary));
        return new Summary(req.out(), scores, matches, meanImpute);
    }

    /** Records the seconds since the previous mark under {@code name}. */
    private static void mark(Map<String, Double> phases, String name, long[] last) {
        long now = System.nanoTime();
        phases.put(name, (now - last[0]) / 1e9);
        last[0] = now;
    }

    /** {@code match_summary.csv} and {@code match_log.csv.gz}, with pgsc_calc's columns. */
    private static void writeMatchOutputs(
            TableCommit commit,
            String dataset,
            List<Score> scores,
            List<VariantMatcher.FileMatch> matches,
            VariantMatcher.Options opt)
            throws IOException {
        FileSystem fs = commit.fs();
        StringBuilder sum = new StringBuilder(
                "dataset,accession,score_pass,match_status,ambiguous,is_multiallelic,duplicate_best_match,"
                        + "duplicate_ID,match_flipped,match_IDs,count,percent\n");
        try (OutputStream raw = fs.create(new Path(commit.staging(), "match_log.csv.gz"));
                Writer log = new BufferedWriter(
                        new OutputStreamWriter(new GZIPOutputStream(raw, 1 << 16), StandardCharsets.UTF_8))) {
            log.write("row_nr,accession,chr_name,chr_position,rsID,effect_allele,other_allele,effect_weight,"
                    + "effect_type,ID,REF,ALT,matched_effect_allele,match_type,is_multiallelic,ambiguous,"
                    + "match_flipped,duplicate_best_match,duplicate_ID,match_IDs,best_match,exclude,match_status,"
                    + "dataset\n");
            for (Score s : scores) {
                VariantMatcher.FileMatch m = matches.get(s.file());
                boolean pass = m.matchRate() >= opt.minOverlap();
                Map<String, Long> counts = new LinkedHashMap<>();
                for (VariantMatcher.Candidate c : m.log()) {
                    ScoringFile.Variant v = c.variant();
                    VariantMatcher.Target t = c.target();
                    log.write((v.line()) + "," + csv(s.name()) + "," + csv(v.chr()) + ","
                            + (v.pos() == 0 ? "" : v.pos()) + "," + csv(v.rsId()) + "," + csv(v.effectAllele()) + ","
                            + csv(v.otherAllele()) + "," + num(v.weights()[s.column()]) + ","
                            + v.effectType().name().toLowerCase(Locale.ROOT) + ","
                            + (t == null
                                    ? ",,,,"
                                    : csv(t.key()) + "," + csv(t.ref()) + "," + csv(t.alt()) + ","
                                            + csv(c.effectIsAlt() ? t.alt() : t.ref()) + "," + c.matchType())
                            + "," + (t != null && t.multiallelic()) + "," + c.ambiguous() + "," + c.flipped() + ","
                            + c.duplicateBestMatch() + "," + c.duplicateId() + ",false," + c.bestMatch() + ","
                            + c.exclude() + "," + c.status() + "," + csv(dataset) + "\n");
                    if (c.bestMatch() || c.target() == null) {
                        String k = c.status() + "," + c.ambiguous() + "," + (t != null && t.multiallelic()) + ","
                                + c.duplicateBestMatch() + "," + c.duplicateId() + "," + c.flipped() + ",false";
                        counts.merge(k, 1L, Long::sum);
                    }
                }
                for (Map.Entry<String, Long> e : counts.entrySet()) {
                    sum.append(csv(dataset))
                            .append(',')
                            .append(csv(s.name()))
                            .append(',')
                            .append(pass)
                            .append(',')
                            .append(e.getKey())
                            .append(',')
                            .append(e.getValue())
                            .append(',')
                            .append(VariantMatcher.percent(e.getValue(), m.rows()))
                            .append('\n');
                }
            }
        }
        commit.writeFile("match_summary.csv", sum.toString().getBytes(StandardCharsets.UTF_8));
    }

    static String csv(String s) {
        if (s == null) {
            return "";
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    /** Shortest decimal that reads back as the same double, without exponent (plink2 prints 6 digits). */
    static String num(double d) {
        if (Double.isNaN(d)) {
            return "NA";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return new java.math.BigDecimal(Double.toString(d)).toPlainString();
    }

    static String safeName(String s) {
        return s.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    static String datasetName(String table) {
        String t = table;
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        t = t.substring(t.lastIndexOf('/') + 1);
        return t.endsWith(".mvt") ? t.substring(0, t.length() - 4) : t;
    }
}
