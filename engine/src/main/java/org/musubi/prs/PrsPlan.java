package org.musubi.prs;

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
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.musubi.Version;
import org.musubi.error.MusubiUserException;
import org.musubi.genome.Contig;
import org.musubi.genome.GenomeBuild;
import org.musubi.output.OutputCommit;
import org.musubi.output.OutputRun;
import org.musubi.output.RunSummary;
import org.musubi.release.ReleasePolicy;
import org.musubi.release.ReleaseStatement;
import org.musubi.samples.PhenotypeFile;
import org.musubi.spark.ParquetSchemas;
import org.musubi.spark.SerializableConf;
import org.musubi.spark.SparkErrors;
import org.musubi.table.SamplesFile;
import org.musubi.table.VariantTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PRS scoring on a variant table: scoring files are read and matched on the driver against the table's candidate
 * variants (a Spark job over the variant files that reads only their position and allele columns, and opens only
 * the files of the scoring files' contigs), then a second job reads only the {@code calls}/{@code dosage} columns
 * and decodes them for the matched rows alone (by row number; row groups without one are skipped), each task
 * accumulating per-sample sums for every score over its files; the partial sums are merged in genome order (see
 * {@link PrsTableScan}). Outputs (committed atomically): per score {@code <score>.sscore} (PLINK 2 columns),
 * {@code scores.parquet} and {@code scores.tsv.gz} (long format, pgsc_calc-like; written on the driver),
 * {@code match_summary.csv}, {@code match_log.csv.gz} and {@code summary.json}.
 */
public final class PrsPlan {
    private static final Logger LOG = LoggerFactory.getLogger(PrsPlan.class);

    /** pgsc_calc: below this many samples, no mean imputation. */
    public static final int MIN_SAMPLES_FOR_MEAN_IMPUTATION = 50;

    /**
     * Up to this many (task × score × sample) partial sums are collected to the driver and merged there in genome
     * order (deterministic to the last bit); beyond it they are merged with {@code treeAggregate}.
     */
    static final long MAX_COLLECTED_SUMS = 1L << 25;

    private PrsPlan() {}

    /**
     * Refuses a scoring file whose positions are on another build than the table's, when both record theirs
     * ({@code #HmPOS_build} of a harmonised file, else {@code #genome_build}; the table's from ingest), before
     * matching: positions of different builds cannot match.
     */
    static void checkBuild(ScoringFile sf, VariantTable table) {
        String key = sf.header().containsKey("HmPOS_build") ? "HmPOS_build" : "genome_build";
        GenomeBuild score = GenomeBuild.parse(sf.header().get(key));
        GenomeBuild tableBuild = GenomeBuild.parse(table.metadata.genomeBuild);
        boolean positions = sf.variants().stream().anyMatch(v -> v.pos() > 0);
        if (score != null && tableBuild != null && score != tableBuild && positions) {
            throw new MusubiUserException("--score " + sf.path() + ": its positions are " + score + " (#" + key + "="
                    + sf.header().get(key) + ") but the table " + table.dir + " is " + tableBuild
                    + " (recorded at ingest): positions of different builds cannot match. Use the score harmonised"
                    + " to " + tableBuild + " (the PGS Catalog's <PGS id>_hmPOS_" + tableBuild + ".txt.gz)");
        }
    }

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
        VariantTable table = VariantTable.open(req.table(), conf).requireVariants("prs");
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
        for (ScoringFile sf : files) {
            checkBuild(sf, table);
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
        PhenotypeFile outcomes = outcomeFile;
        PhenotypeFile covariates = covarFile;
        return OutputRun.run(
                req.out(),
                req.overwrite(),
                conf,
                commit -> runInto(spark, jsc, table, files, req, commit, conf, policy, outcomes, covariates));
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
            OutputCommit commit,
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
        // with a policy, the withdrawn samples are left out of every count (checked even without an evaluation)
        Set<String> withdrawn =
                policy == null ? Set.of() : policy.withdrawnIn(ids, "prs").ids();
        boolean meanImpute = req.meanImputation();
        if (meanImpute && n < MIN_SAMPLES_FOR_MEAN_IMPUTATION) {
            LOG.warn(
                    "prs: {} samples (< {}): no mean imputation of missing genotypes, as pgsc_calc",
                    n,
                    MIN_SAMPLES_FOR_MEAN_IMPUTATION);
            meanImpute = false;
        }

        // Candidate targets: the table rows at the scoring files' positions or IDs, from the position and allele
        // columns only (no genotypes read); files without a scoring position on their contig are not opened.
        Map<String, Set<Integer>> posByChr = new HashMap<>();
        Set<String> idKeys = new HashSet<>();
        for (ScoringFile sf : files) {
            for (ScoringFile.Variant v : sf.variants()) {
                if (v.chr() != null) {
                    posByChr.computeIfAbsent(v.chr(), k -> new HashSet<>()).add(v.pos());
                } else if (v.rsId() != null) {
                    idKeys.add(v.rsId());
                }
            }
        }
        Map<String, int[]> sortedPos = new HashMap<>();
        posByChr.forEach((c, ps) -> sortedPos.put(
                c, ps.stream().mapToInt(Integer::intValue).sorted().toArray()));
        List<VariantTable.VariantFile> vfiles = table.files(conf);
        List<PrsTableScan.CandidateWork> scanWork = new ArrayList<>();
        for (int f = 0; f < vfiles.size(); f++) {
            VariantTable.VariantFile vf = vfiles.get(f);
            int[] ps = sortedPos.getOrDefault(Contig.canonical(vf.contig()), new int[0]);
            if (ps.length > 0 || !idKeys.isEmpty()) {
                scanWork.add(new PrsTableScan.CandidateWork(f, vf, ps));
            }
        }
        SerializableConf sconf = new SerializableConf(conf);
        List<PrsTableScan.Located> located = new ArrayList<>();
        if (!scanWork.isEmpty()) {
            Broadcast<Set<String>> bIds = jsc.broadcast(idKeys);
            List<PrsTableScan.FileCandidates> found =
                    SparkErrors.userErrorsUnwrapped(() -> jsc.parallelize(scanWork, slices(scanWork.size(), jsc))
                            .map(w -> PrsTableScan.candidates(w, bIds.value(), sconf.get()))
                            .collect());
            bIds.destroy();
            for (PrsTableScan.FileCandidates c : found) {
                located.addAll(c.located());
            }
        }
        List<VariantMatcher.Target> targets = new ArrayList<>(located.size());
        // Table rows by key (contig:pos:ref:alt): a matched key's weights apply to every row with that key.
        Map<String, List<PrsTableScan.Located>> rowsByKey = new HashMap<>();
        for (PrsTableScan.Located l : located) {
            targets.add(l.target());
            rowsByKey.computeIfAbsent(l.target().key(), k -> new ArrayList<>(1)).add(l);
        }
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
        // Per variant file: the matched rows (by row number) and their weights.
        List<List<long[]>> fileRows = new ArrayList<>();
        List<List<ScoreAccumulator.Weight>> fileWeights = new ArrayList<>();
        for (int f = 0; f < vfiles.size(); f++) {
            fileRows.add(new ArrayList<>());
            fileWeights.add(new ArrayList<>());
        }
        weights.forEach((k, v) -> {
            for (PrsTableScan.Located l : rowsByKey.getOrDefault(k, List.of())) {
                for (ScoreAccumulator.Weight w : v) {
                    fileRows.get(l.file()).add(new long[] {l.row()});
                    fileWeights.get(l.file()).add(w);
                }
            }
        });
        List<PrsTableScan.ScoreWork> scoreWork = new ArrayList<>();
        for (int f = 0; f < vfiles.size(); f++) {
            if (!fileRows.get(f).isEmpty()) {
                scoreWork.add(PrsTableScan.scoreWork(vfiles.get(f), fileRows.get(f), fileWeights.get(f)));
            }
        }
        int nScores = scores.size();
        boolean mi = meanImpute;
        ScoreAccumulator total = new ScoreAccumulator(nScores, n, mi);
        if (!scoreWork.isEmpty()) {
            JavaRDD<ScoreAccumulator> parts = jsc.parallelize(scoreWork, slices(scoreWork.size(), jsc))
                    .mapPartitions((Iterator<PrsTableScan.ScoreWork> it) -> {
                        ScoreAccumulator acc = new ScoreAccumulator(nScores, n, mi);
                        while (it.hasNext()) {
                            PrsTableScan.score(it.next(), acc, sconf.get());
                        }
                        return List.of(acc).iterator();
                    });
            if ((long) parts.getNumPartitions() * nScores * n <= MAX_COLLECTED_SUMS) {
                // The partial sums in genome order: the same totals, to the last bit, from run to run.
                for (ScoreAccumulator a : SparkErrors.userErrorsUnwrapped(parts::collect)) {
                    total.merge(a);
                }
            } else {
                total = SparkErrors.userErrorsUnwrapped(() -> parts.treeAggregate(
                        new ScoreAccumulator(nScores, n, mi), ScoreAccumulator::merge, ScoreAccumulator::merge));
            }
        }
        mark(phases, "scoring_pass", tPhase);

        FileSystem fs = commit.fs();
        Map<String, Object> perScore = new LinkedHashMap<>();
        MessageType pq = scoresParquetSchema();
        SimpleGroupFactory groups = new SimpleGroupFactory(pq);
        try (ParquetWriter<Group> parquet = perSample ? scoresParquetWriter(commit, conf, pq) : null;
                Writer tsv = perSample
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
                        Group g = groups.newGroup()
                                .append("sample_index", i)
                                .append("sample_id", ids.get(i))
                                .append("score", s.name())
                                .append("sum", r.sum()[i])
                                .append("denom", r.denom()[i]);
                        if (!Double.isNaN(a)) {
                            g.append("avg", a);
                        }
                        g.append("allele_ct", r.alleleCt()[i])
                                .append("named_allele_dosage_sum", r.namedDosage()[i])
                                .append("variants", r.variants());
                        parquet.write(g);
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
            fs.create(new Path(commit.staging(), "scores.parquet/_SUCCESS")).close();
        }
        mark(phases, "per_sample_outputs", tPhase);
        Map<String, Object> evaluation = null;
        if (outcomeFile != null) {
            double[][] sums = new double[nScores][];
            for (int si = 0; si < nScores; si++) {
                sums[si] = total.result(si).sum();
            }
            evaluation = PrsEvaluationOutput.write(
                    commit, dataset, ids, scores, sums, outcomeFile, covarFile, req.evaluation(), policy, withdrawn);
        }

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("table", req.table());
        summary.put(
                "samples", perSample || policy.releasable(n - withdrawn.size()) ? n - withdrawn.size() : "suppressed");
        summary.put(
                "release",
                perSample
                        ? "internal: not for release (per-sample outputs: <score>.sscore, scores.parquet,"
                                + " scores.tsv.gz)"
                        : policy.describe() + "; for sharing: no per-sample output written");
        summary.put(
                ReleaseStatement.KEY,
                ReleaseStatement.counts(
                                policy,
                                policy == null ? 0 : policy.k(),
                                (String) summary.get("release"),
                                withdrawn.size())
                        .toMap());
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
        RunSummary.write(commit, "prs", summary);
        return new Summary(req.out(), scores, matches, meanImpute);
    }

    /** Spark tasks for {@code items} variant files: a few per core, for balance. */
    private static int slices(int items, JavaSparkContext jsc) {
        return Math.max(1, Math.min(items, 4 * jsc.defaultParallelism()));
    }

    /** {@link #SCORES_SCHEMA} as Parquet (what Spark writes for it). */
    static MessageType scoresParquetSchema() {
        return ParquetSchemas.of(SCORES_SCHEMA, "spark_schema");
    }

    /**
     * {@code scores.parquet/part-00000.zstd.parquet}, written on the driver (a few rows per sample; no Spark job),
     * with Spark's schema metadata so that Spark reads it with {@link #SCORES_SCHEMA}.
     */
    private static ParquetWriter<Group> scoresParquetWriter(OutputCommit commit, Configuration conf, MessageType pq)
            throws IOException {
        return ExampleParquetWriter.builder(new Path(commit.staging(), "scores.parquet/part-00000.zstd.parquet"))
                .withConf(conf)
                .withType(pq)
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withExtraMetaData(Map.of("org.apache.spark.sql.parquet.row.metadata", SCORES_SCHEMA.json()))
                .build();
    }

    /** Records the seconds since the previous mark under {@code name}. */
    private static void mark(Map<String, Double> phases, String name, long[] last) {
        long now = System.nanoTime();
        phases.put(name, (now - last[0]) / 1e9);
        last[0] = now;
    }

    /**
     * {@code match_summary.csv} and {@code match_log.csv.gz}, with pgsc_calc's columns; the log adds
     * {@code unmatched_reason} (why an unmatched row is unmatched; pgsc_calc has no such column).
     */
    private static void writeMatchOutputs(
            OutputCommit commit,
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
                    + "dataset,unmatched_reason\n");
            StringBuilder line = new StringBuilder(256);
            String ds = csv(dataset);
            String[] effectTypes = new String[ScoringFile.EffectType.values().length];
            for (ScoringFile.EffectType e : ScoringFile.EffectType.values()) {
                effectTypes[e.ordinal()] = e.name().toLowerCase(Locale.ROOT);
            }
            for (Score s : scores) {
                VariantMatcher.FileMatch m = matches.get(s.file());
                boolean pass = m.matchRate() >= opt.minOverlap();
                Map<String, Long> counts = new LinkedHashMap<>();
                String name = csv(s.name());
                for (VariantMatcher.Candidate c : m.log()) {
                    ScoringFile.Variant v = c.variant();
                    VariantMatcher.Target t = c.target();
                    line.setLength(0);
                    line.append(v.line()).append(',').append(name).append(',');
                    csv(line, v.chr()).append(',');
                    if (v.pos() != 0) {
                        line.append(v.pos());
                    }
                    line.append(',');
                    csv(line, v.rsId()).append(',');
                    csv(line, v.effectAllele()).append(',');
                    csv(line, v.otherAllele()).append(',');
                    line.append(num(v.weights()[s.column()]))
                            .append(',')
                            .append(effectTypes[v.effectType().ordinal()])
                            .append(',');
                    if (t == null) {
                        line.append(",,,,");
                    } else {
                        csv(line, t.key()).append(',');
                        csv(line, t.ref()).append(',');
                        csv(line, t.alt()).append(',');
                        csv(line, c.effectIsAlt() ? t.alt() : t.ref())
                                .append(',')
                                .append(c.matchType());
                    }
                    line.append(',')
                            .append(t != null && t.multiallelic())
                            .append(',')
                            .append(c.ambiguous())
                            .append(',')
                            .append(c.flipped())
                            .append(',')
                            .append(c.duplicateBestMatch())
                            .append(',')
                            .append(c.duplicateId())
                            .append(",false,")
                            .append(c.bestMatch())
                            .append(',')
                            .append(c.exclude())
                            .append(',')
                            .append(c.status())
                            .append(',')
                            .append(ds)
                            .append(',');
                    csv(line, c.reason()).append('\n');
                    log.append(line);
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

    /** Appends {@link #csv(String)} of {@code s}. */
    static StringBuilder csv(StringBuilder b, String s) {
        if (s == null) {
            return b;
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0) {
            return b.append('"').append(s.replace("\"", "\"\"")).append('"');
        }
        return b.append(s);
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
        String s = Double.toString(d);
        // A plain decimal reads back unchanged through BigDecimal; only the exponent form needs it.
        return s.indexOf('E') < 0 ? s : new java.math.BigDecimal(s).toPlainString();
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
