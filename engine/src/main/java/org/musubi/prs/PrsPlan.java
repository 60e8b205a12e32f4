package org.musubi.prs;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.FutureTask;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
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
        Map<String, Positions> posByChr = new HashMap<>();
        Set<String> idKeys = new HashSet<>();
        Positions lastPositions = null;
        String lastChr = null;
        for (ScoringFile sf : files) {
            for (ScoringFile.Variant v : sf.variants()) {
                if (v.chr() != null) {
                    if (!v.chr().equals(lastChr)) {
                        lastChr = v.chr();
                        lastPositions = posByChr.computeIfAbsent(lastChr, k -> new Positions());
                    }
                    lastPositions.add(v.pos());
                } else if (v.rsId() != null) {
                    idKeys.add(v.rsId());
                }
            }
        }
        Map<String, int[]> sortedPos = new HashMap<>();
        posByChr.forEach((c, ps) -> sortedPos.put(c, ps.sortedDistinct()));
        List<VariantTable.VariantFile> vfiles = table.files(conf);
        List<PrsTableScan.CandidateWork> scanWork = new ArrayList<>();
        for (int f = 0; f < vfiles.size(); f++) {
            VariantTable.VariantFile vf = vfiles.get(f);
            int[] ps = sortedPos.getOrDefault(Contig.canonical(vf.contig()), new int[0]);
            if (ps.length > 0 || !idKeys.isEmpty()) {
                scanWork.add(new PrsTableScan.CandidateWork(f, vf, ps));
            }
        }
        // the Hadoop configuration reaches the tasks as a broadcast: deserialized once per executor (in local mode
        // not at all), not once per task of each job
        Broadcast<SerializableConf> sconf = jsc.broadcast(new SerializableConf(conf));
        List<PrsTableScan.FileCandidates> found = List.of();
        if (!scanWork.isEmpty()) {
            Broadcast<Set<String>> bIds = jsc.broadcast(idKeys);
            found = SparkErrors.userErrorsUnwrapped(() -> jsc.parallelize(scanWork, slices(scanWork.size(), jsc))
                    .map(w -> PrsTableScan.candidates(
                            w, bIds.value(), sconf.value().get()))
                    .collect());
            bIds.destroy();
        }
        // The candidate rows as target columns, with each one's variant file and row number at the same index.
        int nTargets = 0;
        for (PrsTableScan.FileCandidates c : found) {
            nTargets += c.size();
        }
        MatchTargets.Builder tb = new MatchTargets.Builder().reserve(nTargets);
        int[] fileOf = new int[nTargets];
        long[] rowOf = new long[nTargets];
        for (PrsTableScan.FileCandidates c : found) {
            c.appendTo(tb, fileOf, rowOf);
        }
        mark(phases, "candidate_scan", tPhase);
        VariantMatcher.TargetIndex index = new VariantMatcher.TargetIndex(tb.build());
        VariantMatcher.Options opt =
                new VariantMatcher.Options(req.keepAmbiguous(), req.keepMultiallelic(), req.minOverlap());
        List<VariantMatcher.FileMatch> matches = new ArrayList<>();
        for (ScoringFile sf : files) {
            matches.add(VariantMatcher.match(sf, index, opt));
        }
        String dataset = PrsOutputs.datasetName(req.table());
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
        mark(phases, "match", tPhase);
        // match_log.csv.gz and match_summary.csv are written by a driver thread while the scoring job runs
        FutureTask<Void> matchOutputs = PrsOutputs.startThread("prs-match-outputs", () -> {
            PrsOutputs.writeMatchOutputs(commit, dataset, scores, matches, opt);
            return null;
        });
        int nScores = scores.size();
        ScoreAccumulator total;
        try {
            total = PrsScoringPass.run(jsc, sconf, vfiles, scores, matches, fileOf, rowOf, n, meanImpute);
        } catch (RuntimeException | Error e) {
            PrsOutputs.awaitQuietly(matchOutputs);
            throw e;
        }
        PrsOutputs.await(matchOutputs);
        sconf.destroy();
        mark(phases, "scoring_pass_and_match_outputs", tPhase);

        Map<String, Object> perScore =
                PrsSampleOutputs.write(commit, conf, perSample, dataset, ids, scores, matches, total);
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

    /** Positions of one contig, as a growing int array. */
    private static final class Positions {
        private int[] a = new int[64];
        private int n;

        void add(int p) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, 2 * n);
            }
            a[n++] = p;
        }

        int[] sortedDistinct() {
            int[] s = java.util.Arrays.copyOf(a, n);
            java.util.Arrays.sort(s);
            int m = 0;
            for (int i = 0; i < s.length; i++) {
                if (m == 0 || s[i] != s[m - 1]) {
                    s[m++] = s[i];
                }
            }
            return java.util.Arrays.copyOf(s, m);
        }
    }

    /** Spark tasks for {@code items} variant files: a few per core, for balance. */
    static int slices(int items, JavaSparkContext jsc) {
        return Math.max(1, Math.min(items, 4 * jsc.defaultParallelism()));
    }

    /** Records the seconds since the previous mark under {@code name}. */
    private static void mark(Map<String, Double> phases, String name, long[] last) {
        long now = System.nanoTime();
        phases.put(name, (now - last[0]) / 1e9);
        last[0] = now;
    }
}
