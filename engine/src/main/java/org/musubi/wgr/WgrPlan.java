package org.musubi.wgr;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.musubi.error.MusubiUserException;
import org.musubi.output.OutputCommit;
import org.musubi.output.OutputRun;
import org.musubi.output.RunSummary;
import org.musubi.stats.wgr.Level0;
import org.musubi.stats.wgr.Level1;
import org.musubi.stats.wgr.Level1Logistic;
import org.musubi.stats.wgr.RidgeGrid;
import org.musubi.stats.wgr.WgrPhenotypes;
import org.musubi.table.VariantTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code wgr} job: REGENIE v1.0.6.7's step 1 (SPECS §8.1) on a variant table. The driver prepares the samples
 * ({@link WgrCohort}), the covariate basis and the residualised phenotypes ({@link WgrPhenotypes}); level 0 runs in
 * Spark tasks ({@link Level0Pass}, every phenotype in one pass over the genotypes); level 1 runs on the driver
 * ({@link Level1}, {@link Level1Logistic}): it needs every block's features of a phenotype together, n × 5·blocks
 * doubles per phenotype (at 100k samples and 500 blocks: 2 GB per phenotype, held one phenotype's fit at a time
 * on top of all phenotypes' features). Outputs: REGENIE's {@code <prefix>_pred.list} and {@code
 * <prefix>_<k>.loco[.gz]} ({@link LocoFiles}) and {@code summary.json}.
 */
public final class WgrPlan {
    private static final Logger LOG = LoggerFactory.getLogger(WgrPlan.class);

    /** Binary traits below this many samples use leave-one-out CV (REGENIE). */
    static final int LOOCV_BELOW = 5000;

    private WgrPlan() {}

    public record Summary(String out, Map<String, Object> summary) {}

    public static Summary run(SparkSession spark, WgrRequest req) throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration conf = jsc.hadoopConfiguration();
        VariantTable table = VariantTable.open(req.table(), conf).requireVariants("wgr");
        return OutputRun.run(req.out(), req.overwrite(), conf, commit -> runInto(jsc, conf, table, req, commit));
    }

    private static Summary runInto(
            JavaSparkContext jsc, Configuration conf, VariantTable table, WgrRequest req, OutputCommit commit)
            throws IOException {
        long t0 = System.nanoTime();
        Map<String, Object> summary = new LinkedHashMap<>();
        WgrCohort cohort = WgrCohort.read(table, conf, req);
        int n = cohort.size();
        double[] q = WgrPhenotypes.covariateBasis(cohort.covariates, n);
        if (q == null) {
            throw new MusubiUserException("the covariates " + cohort.covariateNames + " are constant or collinear"
                    + " over the " + n + " analysis samples; drop the redundant ones (--covar-name)");
        }
        int c = 1 + cohort.covariates.size();
        int phenos = cohort.names.size();
        double[][] y = new double[phenos][];
        boolean[][] masks = cohort.binary ? new boolean[phenos][] : null;
        List<String> notes = new ArrayList<>(cohort.notes);
        for (int p = 0; p < phenos; p++) {
            double[] v = cohort.values.get(p).clone();
            boolean[] mask = cohort.mask(p);
            int missing = cohort.missing(p);
            if (mask == null && missing > 0) {
                double sum = 0;
                for (double x : v) {
                    sum += Double.isNaN(x) ? 0 : x;
                }
                double mean = sum / (n - missing);
                for (int i = 0; i < n; i++) {
                    v[i] = Double.isNaN(v[i]) ? mean : v[i];
                }
                notes.add("phenotype " + cohort.names.get(p) + ": " + missing
                        + " missing value(s) mean-imputed for step 1 (as REGENIE)");
            } else if (mask != null) {
                for (int i = 0; i < n; i++) {
                    v[i] = mask[i] ? v[i] : 0;
                }
                masks[p] = mask;
            }
            if (WgrPhenotypes.residualize(v, mask, q, n, c) <= 0) {
                throw new MusubiUserException("phenotype " + cohort.names.get(p) + " is constant once the covariates"
                        + " are out (sd 0 over its samples); drop it (--pheno-name)");
            }
            y[p] = v;
        }
        for (String note : notes) {
            LOG.info("wgr: {}", note);
        }
        // blocks
        List<VariantTable.VariantFile> files = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (VariantTable.VariantFile f : table.files(conf)) {
            if (LocoFiles.chromosome(f.contig()) > 0) {
                files.add(f);
            } else if (!skipped.contains(f.contig())) {
                skipped.add(f.contig());
            }
        }
        files.sort(Comparator.comparingInt(VariantTable.VariantFile::contigOrder)
                .thenComparingInt(VariantTable.VariantFile::firstPos));
        if (!skipped.isEmpty()) {
            String note = "contig(s) " + String.join(", ", skipped) + " left out (REGENIE's step 1 reads 1-22 and X)";
            notes.add(note);
            LOG.warn("wgr: {}", note);
        }
        List<long[]> kept = req.variants().rows(jsc, conf, files, table.metadata.sampleCount, cohort.samples);
        List<Level0Pass.Block> blocks = Level0Pass.plan(files, kept, req.blockSize());
        long variants = 0;
        for (Level0Pass.Block b : blocks) {
            variants += b.variants();
        }
        if (blocks.isEmpty()) {
            throw new MusubiUserException(req.table() + ": no variants on chromosomes 1-22 or X"
                    + (req.variants().all() ? "" : " pass " + req.variants().describe()) + "; wgr needs them");
        }
        boolean loo = cohort.binary && "auto".equals(req.cv()) && n < LOOCV_BELOW;
        int[] folds = null;
        if (!loo) {
            if (n / req.folds() < 1) {
                throw new MusubiUserException(
                        n + " analysis samples are too few for --folds " + req.folds() + "; use fewer folds");
            }
            if (variants < req.folds()) {
                throw new MusubiUserException(req.table() + ": " + variants + " variant(s) are too few for --folds "
                        + req.folds() + "; use fewer folds or a table with more variants");
            }
            folds = RidgeGrid.folds(n, req.folds());
        } else {
            notes.add("binary traits with " + n + " < " + LOOCV_BELOW + " samples: leave-one-out CV (as REGENIE)");
        }
        double[] lambda = RidgeGrid.level0(variants);
        checkDriverMemory(
                phenos,
                n,
                (long) blocks.size() * lambda.length,
                Runtime.getRuntime().maxMemory());
        Level0 level0 = new Level0(n, q, c, y, masks, folds, lambda);
        long blockBytes = Level0Pass.blockBytes(n, lambda.length, phenos);
        int tasks = req.partitions() > 0 ? req.partitions() : Math.max(1, 2 * jsc.defaultParallelism());
        List<List<Level0Pass.Block>> dealt =
                Level0Pass.deal(blocks, Level0Pass.tasks(blocks.size(), tasks, blockBytes));
        LOG.info(
                "wgr: {} samples, {} phenotype(s), {} variants in {} blocks, {} task(s), {}",
                n,
                phenos,
                variants,
                blocks.size(),
                dealt.size(),
                loo ? "leave-one-out CV" : req.folds() + "-fold CV");
        long tl0 = System.nanoTime();
        List<Level0Pass.Part> parts = Level0Pass.run(
                jsc, conf, dealt, table.metadata.sampleCount, cohort.samples, level0, req.blockSize(), blockBytes);
        double level0Seconds = (System.nanoTime() - tl0) / 1e9;
        long dropped = 0;
        for (Level0Pass.Part part : parts) {
            dropped += part.dropped();
        }
        if (dropped > 0) {
            String note = dropped + " variant(s) constant over the analysis samples (once the covariates are out)"
                    + " dropped from their blocks (REGENIE stops at the first; λ keeps M = " + variants
                    + "); filter them out (a MAF filter) to match REGENIE exactly";
            notes.add(note);
            LOG.warn("wgr: {}", note);
        }
        // features per phenotype, blocks in order; groups = contigs
        int nl = lambda.length;
        int m = blocks.size() * nl;
        double[][] x = new double[phenos][n * m];
        for (Level0Pass.Part part : parts) {
            for (int p = 0; p < phenos; p++) {
                System.arraycopy(part.features()[p], 0, x[p], part.index() * nl * n, nl * n);
                part.features()[p] = null; // copied: the driver holds the features once, not twice
            }
        }
        parts = null;
        List<Integer> groupStart = new ArrayList<>();
        List<Integer> groupChr = new ArrayList<>();
        for (int k = 0; k < blocks.size(); k++) {
            if (k == 0 || !blocks.get(k).contig().equals(blocks.get(k - 1).contig())) {
                groupStart.add(k * nl);
                groupChr.add(LocoFiles.chromosome(blocks.get(k).contig()));
            }
        }
        groupStart.add(m);
        int[] groups = groupStart.stream().mapToInt(Integer::intValue).toArray();
        int[] groupChromosome = groupChr.stream().mapToInt(Integer::intValue).toArray();
        double[] tau = RidgeGrid.level1(m, cohort.binary);
        long tl1 = System.nanoTime();
        List<Object> perPheno = new ArrayList<>();
        List<String> listed = new ArrayList<>();
        List<String> listedFiles = new ArrayList<>();
        for (int p = 0; p < phenos; p++) {
            String name = cohort.names.get(p);
            Level1.Fit fit;
            try {
                if (!cohort.binary) {
                    fit = Level1.ridge(x[p], n, m, y[p], folds, tau, groups);
                } else {
                    double[] raw = cohort.values.get(p).clone();
                    for (int i = 0; i < n; i++) {
                        raw[i] = masks[p][i] ? raw[i] : 0;
                    }
                    double[] offset = WgrPhenotypes.nullLogisticOffset(raw, masks[p], q, n, c);
                    if (offset == null) {
                        throw new Level1Logistic.NotConverged("the covariates-only logistic fit did not converge");
                    }
                    fit = loo
                            ? Level1Logistic.leaveOneOut(x[p], n, m, raw, offset, masks[p], tau, groups)
                            : Level1Logistic.kFold(x[p], n, m, raw, offset, masks[p], folds, tau, groups);
                }
            } catch (Level1Logistic.NotConverged e) {
                String note = "phenotype " + name + ": " + e.getMessage() + "; no LOCO predictions (as REGENIE)";
                LOG.warn("wgr: {}", note);
                notes.add(note);
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("name", name);
                pm.put("converged", false);
                perPheno.add(pm);
                continue;
            }
            String file = LocoFiles.fileName(req.prefix(), p + 1, req.gzip());
            LocoFiles.write(
                    commit, file, req.gzip(), cohort.ids, fit, groupChromosome, masks == null ? null : masks[p]);
            listed.add(name);
            listedFiles.add(file);
            perPheno.add(phenotypeSummary(name, cohort, p, fit, cohort.binary));
            LOG.info("wgr: {}: level 1 h2 {} chosen by CV", name, RidgeGrid.H2[fit.best()]);
        }
        double level1Seconds = (System.nanoTime() - tl1) / 1e9;
        LocoFiles.writeList(commit, req.prefix() + "_pred.list", listed, listedFiles);
        summary.put("table", req.table());
        summary.put("samples", n);
        summary.put("model", cohort.binary ? "ridge-logistic (binary)" : "ridge (quantitative)");
        summary.put("cv", loo ? "leave-one-out" : req.folds() + "-fold");
        summary.put("covariates", cohort.covariateNames);
        summary.put("variants", variants);
        if (!req.variants().all()) {
            summary.put("variant_selection", req.variants().describe());
        }
        summary.put("constant_variants_dropped", dropped);
        summary.put("block_size", req.blockSize());
        summary.put("blocks", blocks.size());
        summary.put("level0_h2", RidgeGrid.H2);
        summary.put("level1_h2", RidgeGrid.H2);
        summary.put("tasks", dealt.size());
        summary.put("phenotypes", perPheno);
        summary.put("pred_list", req.prefix() + "_pred.list");
        summary.put("notes", notes);
        Map<String, Object> seconds = new LinkedHashMap<>();
        seconds.put("level0", level0Seconds);
        seconds.put("level1", level1Seconds);
        seconds.put("total", (System.nanoTime() - t0) / 1e9);
        summary.put("seconds", seconds);
        summary.put("arguments", req.arguments());
        RunSummary.write(commit, "wgr", summary);
        return new Summary(req.out(), summary);
    }

    private static Map<String, Object> phenotypeSummary(
            String name, WgrCohort cohort, int p, Level1.Fit fit, boolean binary) {
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("name", name);
        pm.put("kind", binary ? "binary" : "quantitative");
        pm.put("samples", binary ? cohort.size() - cohort.missing(p) : cohort.size());
        pm.put("missing", cohort.missing(p));
        pm.put("h2", RidgeGrid.H2[fit.best()]);
        List<Object> cv = new ArrayList<>();
        for (int t = 0; t < RidgeGrid.H2.length; t++) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("h2", RidgeGrid.H2[t]);
            e.put("rsq", fit.rsq()[t]);
            e.put("mse", fit.mse()[t]);
            if (fit.negLogLik() != null) {
                e.put("neg_log_lik_per_sample", fit.negLogLik()[t]);
            }
            cv.add(e);
        }
        pm.put("cv", cv);
        return pm;
    }

    /**
     * Level 1 runs on the driver over every phenotype's level-0 predictions: phenotypes × n × predictors doubles
     * (predictors = blocks × 5). Refuses, before level 0 starts, a run whose predictions would take more than 60% of
     * the driver's heap (the rest is for level 1's fits, the outputs and, in local mode, the tasks), with the figure and the fix, instead of an
     * OutOfMemoryError after level 0's work.
     */
    static void checkDriverMemory(long phenos, long n, long predictors, long maxHeap) {
        long need = phenos * n * predictors * Double.BYTES;
        if (need > maxHeap / 10 * 6) {
            throw new MusubiUserException(String.format(
                    java.util.Locale.ROOT,
                    "wgr: the level-0 predictions of %d phenotype(s) x %d samples x %d predictors need %.1f GiB on"
                            + " the driver, more than 60%% of its %.1f GiB heap: give the driver more memory"
                            + " (MUSUBI_JAVA_OPTS=-Xmx%dg locally, spark-submit --driver-memory on a cluster), or run"
                            + " fewer phenotypes at a time (--pheno-name), or larger blocks (--block-size)",
                    phenos,
                    n,
                    predictors,
                    need / 1073741824.0,
                    maxHeap / 1073741824.0,
                    (long) Math.ceil(need / 1073741824.0 / 0.6) + 1));
        }
    }
}
