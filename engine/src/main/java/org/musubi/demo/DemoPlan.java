package org.musubi.demo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.musubi.error.MusubiUserException;
import org.musubi.freq.FreqMergePlan;
import org.musubi.freq.FreqMergeRequest;
import org.musubi.freq.FreqPlan;
import org.musubi.freq.FreqRequest;
import org.musubi.gwas.GwasPlan;
import org.musubi.gwas.GwasRequest;
import org.musubi.gwas.RegenieOptions;
import org.musubi.ingest.IngestOptions;
import org.musubi.ingest.IngestPlan;
import org.musubi.ingest.IngestRequest;
import org.musubi.io.vcf.VcfRecordParser.DosageField;
import org.musubi.meta.MetaPlan;
import org.musubi.meta.MetaRequest;
import org.musubi.prs.PrsEvaluation;
import org.musubi.prs.PrsPlan;
import org.musubi.prs.PrsRequest;
import org.musubi.qc.PcaCovariates;
import org.musubi.qc.QcPlan;
import org.musubi.qc.QcRequest;
import org.musubi.qc.QcStep;
import org.musubi.report.ReportPlan;
import org.musubi.report.ReportRequest;
import org.musubi.simulate.CohortFiles;
import org.musubi.simulate.SimulatePlan;
import org.musubi.simulate.SimulateRequest;
import org.musubi.simulate.model.SimulationParams;
import org.musubi.spark.Progress;
import org.musubi.wgr.WgrPlan;
import org.musubi.wgr.WgrRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end-to-end demo in one Spark session: simulate a small multi-bank cohort, then per bank ingest its VCF, run
 * GWAS (quantitative and binary trait with covariates), score the truth PGS, and compute release-gated
 * frequencies; then across banks, on the banks' shareable outputs only: one frequency panel (freq-merge) and a
 * meta-analysis of the banks' GWAS summary statistics (meta); last, one HTML page over all of it (report). The demo
 * is a list of {@link Step}s; a new job joins it as one more step in {@link #steps}.
 *
 * <pre>
 * out/sim/               simulate output (VCFs, manifests, phenotypes, truth)
 * out/tables/bankX.mvt   ingest
 * out/gwas/bankX/        gwas (qt, cc; GWAS-SSF gated by the bank's release policy)
 * out/wgr/bankX-qt|cc/   wgr: REGENIE step 1 LOCO predictions of qt, of cc (from 500 samples per bank)
 * out/gwas-wgr/bankX-qt|cc/  gwas --pred with them (REGENIE step 2; .regenie files)
 * out/prs/bankX/         prs (SIM_PGS) with its evaluation against cc and qt
 * out/freq/bankX/        freq with the bank's release policy
 * out/panel/             freq-merge of the banks' freq outputs
 * out/meta/qt, meta/cc   meta-analysis of the banks' GWAS-SSF files
 * out/report.html        report over all of the above (one self-contained page)
 * </pre>
 */
public final class DemoPlan {
    private static final Logger LOG = LoggerFactory.getLogger(DemoPlan.class);

    /** The report page, in the demo's output root. */
    public static final String REPORT = "report.html";

    private DemoPlan() {}

    /** Demo parameters. */
    public record Request(
            String out, int banks, int samples, int variants, long seed, boolean overwrite, List<String> arguments) {}

    /** What the demo ran, in order, and where its main outputs are. */
    public record Summary(List<StepResult> steps, long seconds) {}

    public record StepResult(String step, String what, List<String> outputs, long seconds) {}

    /** One step of the demo: runs a job's plan and returns its main outputs. */
    public interface Step {
        String name();

        List<String> run(SparkSession spark, Context ctx) throws IOException;
    }

    /** Shared by the steps: the output root, bank names and the simulator's outputs. */
    public record Context(Request request, Path root, List<String> banks) {
        public String path(String... parts) {
            Path p = root;
            for (String s : parts) {
                p = new Path(p, s);
            }
            return p.toString();
        }

        public String sim(String bank, String file) {
            return path("sim", bank, file);
        }

        public String table(String bank) {
            return path("tables", bank + ".mvt");
        }
    }

    private static Step step(String name, StepBody body) {
        return new Step() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<String> run(SparkSession spark, Context ctx) throws IOException {
                return body.run(spark, ctx);
            }
        };
    }

    @FunctionalInterface
    private interface StepBody {
        List<String> run(SparkSession spark, Context ctx) throws IOException;
    }

    /** The steps, in order. */
    static List<Step> steps() {
        List<Step> s = new ArrayList<>();
        s.add(step("simulate", DemoPlan::simulate));
        s.add(step("ingest", forEachBank(DemoPlan::ingest)));
        s.add(step("qc", forEachBank(DemoPlan::qc)));
        s.add(step("gwas", forEachBank(DemoPlan::gwas)));
        s.add(step("wgr", DemoPlan::wgr));
        s.add(step("prs", forEachBank(DemoPlan::prs)));
        s.add(step("freq", forEachBank(DemoPlan::freq)));
        s.add(step("freq-merge", DemoPlan::freqMerge));
        s.add(step("meta", DemoPlan::meta));
        s.add(step("report", DemoPlan::report));
        return s;
    }

    @FunctionalInterface
    private interface BankStep {
        String run(SparkSession spark, Context ctx, String bank) throws IOException;
    }

    private static StepBody forEachBank(BankStep body) {
        return (spark, ctx) -> {
            List<String> out = new ArrayList<>();
            for (String b : ctx.banks()) {
                out.add(body.run(spark, ctx, b));
            }
            return out;
        };
    }

    public static Summary run(SparkSession spark, Request req) throws IOException {
        return run(spark, req, () -> false);
    }

    /**
     * Runs the demo, checking {@code cancelled} before each step: once it says true, the demo stops there with a
     * {@link CancellationException} (what it wrote so far stays in {@code req.out()}).
     */
    public static Summary run(SparkSession spark, Request req, BooleanSupplier cancelled) throws IOException {
        long t0 = System.nanoTime();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path root = new Path(req.out());
        FileSystem fs = root.getFileSystem(conf);
        if (fs.exists(root)) {
            if (!req.overwrite()) {
                throw new MusubiUserException("output " + req.out()
                        + " already exists; choose another path or pass --overwrite to replace" + " it");
            }
            fs.delete(root, true);
        }
        fs.mkdirs(root);
        List<String> banks = new ArrayList<>();
        for (int b = 0; b < req.banks(); b++) {
            banks.add(SimulationParams.bankName(b));
        }
        Context ctx = new Context(req, root, banks);
        List<StepResult> results = new ArrayList<>();
        for (Step st : steps()) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("demo cancelled before step " + st.name());
            }
            long s0 = System.nanoTime();
            LOG.info("demo: step {} …", st.name());
            List<String> outs = st.run(spark, ctx);
            long secs = (System.nanoTime() - s0) / 1_000_000_000L;
            LOG.info("demo: step {} done in {}", st.name(), Progress.duration(secs));
            String what = outs.isEmpty() ? skipped(st.name()) : describe(st.name());
            results.add(new StepResult(st.name(), what, outs, secs));
        }
        return new Summary(results, (System.nanoTime() - t0) / 1_000_000_000L);
    }

    /** Why a step wrote nothing. */
    private static String skipped(String step) {
        return step.equals("wgr")
                ? "skipped: under " + WGR_MIN_SAMPLES + " samples per bank (--samples) REGENIE's level 1 has too"
                        + " little to fit"
                : "skipped: it combines banks and --banks is 1";
    }

    private static String describe(String step) {
        return switch (step) {
            case "simulate" -> "synthetic cohort: VCFs, manifests, phenotypes, truth (causal.tsv, SIM_PGS)";
            case "ingest" -> "variant tables (inspect with: musubi inspect --table …)";
            case "qc" -> "samples.qc.tsv, keep.samples.txt, king.kin0, unrelated.txt, pca.eigenvec, covariates.tsv";
            case "gwas" -> "qt.glm.linear, cc.glm.logistic.hybrid, Manhattan/QQ plots, summary.json";
            case "wgr" -> "wgr/: REGENIE step 1 (wgr_pred.list, LOCO); gwas-wgr/: gwas --pred (qt.regenie, cc.regenie)";
            case "prs" -> "SIM_PGS.sscore, match_summary.csv, evaluation.tsv, prs_report.html (AUC, OR per SD, deciles)";
            case "freq" -> "frequencies.parquet, frequencies.sites.vcf.gz (release-gated)";
            case "freq-merge" -> "one panel: frequencies.sites.vcf.gz (+ .tbi), per-bank AF, heterogeneity, Fst";
            case "meta" -> "meta.tbl (METAL columns), meta.tsv.gz (GWAS-SSF), Manhattan/QQ plots";
            case "report" -> "one HTML page over every output above: open it first";
            default -> step;
        };
    }

    private static List<String> simulate(SparkSession spark, Context ctx) throws IOException {
        Request r = ctx.request();
        int[] perBank = new int[r.banks()];
        java.util.Arrays.fill(perBank, r.samples());
        SimulationParams p = new SimulationParams(
                perBank,
                r.variants(),
                r.seed(),
                SimulationParams.DEFAULT_CONTIGS,
                // tiny demos have few autosomal LD blocks: one causal variant per 100 variants, at most the default
                Math.max(1, Math.min(SimulationParams.DEFAULT_CAUSAL, r.variants() / 100)),
                SimulationParams.DEFAULT_H2,
                SimulationParams.DEFAULT_PREVALENCE,
                SimulationParams.DEFAULT_RELATED_FRACTION,
                SimulationParams.DEFAULT_MISSING_RATE);
        SimulatePlan.run(spark, new SimulateRequest(p, "vcf", ctx.path("sim"), false, r.arguments()));
        return List.of(ctx.path("sim"));
    }

    private static String ingest(SparkSession spark, Context ctx, String bank) throws IOException {
        IngestPlan.run(
                spark,
                IngestRequest.builder()
                        .inputs(List.of(ctx.sim(bank, SimulatePlan.VCF)))
                        .out(ctx.table(bank))
                        .bank(bank)
                        .samplesManifest(ctx.sim(bank, CohortFiles.SAMPLES))
                        .genomeBuild("GRCh38")
                        .options(new IngestOptions(false, 0, DosageField.NONE, List.of()))
                        .arguments(ctx.request().arguments())
                        .build());
        return ctx.table(bank);
    }

    /**
     * Sample/variant QC, KING, an unrelated set at first degree (the simulator's unrelated samples share founder
     * haplotypes, so their kinship reaches second degree) and 4 PCs fitted on it; then the GWAS covariates: the
     * simulation's age and sex with qc's PC1 and PC2 (instead of the simulation's).
     */
    private static String qc(SparkSession spark, Context ctx, String bank) throws IOException {
        String out = ctx.path("qc", bank);
        QcPlan.run(
                spark,
                QcRequest.builder()
                        .table(ctx.table(bank))
                        .steps(java.util.EnumSet.allOf(QcStep.class))
                        .kingCutoff(0.177)
                        .pcaK(4)
                        .out(out)
                        .arguments(ctx.request().arguments())
                        .build());
        PcaCovariates.join(
                spark.sparkContext().hadoopConfiguration(),
                out,
                List.of("PC1", "PC2"),
                ctx.sim(bank, CohortFiles.COVAR),
                List.of("age", "sex"),
                joined(ctx, bank));
        return out;
    }

    private static String joined(Context ctx, String bank) {
        return ctx.path("qc", bank + ".covar.tsv");
    }

    /**
     * The GWAS covariates: age and sex from the simulation with PC1 and PC2 from qc; the simulation's own PC1 and
     * PC2 when the qc step did not run (a demo run of chosen steps).
     */
    private static String covar(SparkSession spark, Context ctx, String bank) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(joined(ctx, bank));
        return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p)
                ? p.toString()
                : ctx.sim(bank, CohortFiles.COVAR);
    }

    private static String gwas(SparkSession spark, Context ctx, String bank) throws IOException {
        String out = ctx.path("gwas", bank);
        GwasPlan.run(
                spark,
                gwasRequest(spark, ctx, bank, List.of("qt", "cc"))
                        .maf(0.01)
                        .out(out)
                        .build());
        return out;
    }

    /** A gwas of {@code phenos} on the bank's table with the demo's covariates and the bank's release policy. */
    private static GwasRequest.Builder gwasRequest(SparkSession spark, Context ctx, String bank, List<String> phenos)
            throws IOException {
        return GwasRequest.builder()
                .table(ctx.table(bank))
                .phenoFile(ctx.sim(bank, CohortFiles.PHENO))
                .phenoNames(phenos)
                .covarFile(covar(spark, ctx, bank))
                .covarNames(List.of("age", "sex", "PC1", "PC2"))
                .arguments(ctx.request().arguments())
                .releasePolicy(ctx.sim(bank, CohortFiles.RELEASE));
    }

    /** The demo runs whole-genome regression from this many samples per bank. */
    static final int WGR_MIN_SAMPLES = 500;

    /**
     * Whole-genome regression next to plain gwas (the simulated banks hold relatives): REGENIE step 1 ({@code wgr},
     * blocks of about a twentieth of the variants, so that every simulated contig has whole blocks) with the gwas
     * covariates, then {@code gwas --pred} with its LOCO predictions. The report shows both λGC.
     */
    private static List<String> wgr(SparkSession spark, Context ctx) throws IOException {
        Request r = ctx.request();
        if (r.samples() < WGR_MIN_SAMPLES) {
            return List.of();
        }
        List<String> outs = new ArrayList<>();
        for (String bank : ctx.banks()) {
            for (String pheno : List.of("qt", "cc")) { // one kind of trait per run, as REGENIE's --bt
                String out = ctx.path("wgr", bank + "-" + pheno);
                WgrPlan.run(
                        spark,
                        WgrRequest.builder()
                                .table(ctx.table(bank))
                                .phenoFile(ctx.sim(bank, CohortFiles.PHENO))
                                .phenoNames(List.of(pheno))
                                .covarFile(covar(spark, ctx, bank))
                                .covarNames(List.of("age", "sex", "PC1", "PC2"))
                                .blockSize(Math.max(10, Math.min(1000, r.variants() / 20)))
                                .out(out)
                                .arguments(r.arguments())
                                .build());
                String gwas = ctx.path("gwas-wgr", bank + "-" + pheno);
                GwasPlan.run(
                        spark,
                        gwasRequest(spark, ctx, bank, List.of(pheno))
                                .pred(RegenieOptions.of(out + "/wgr_pred.list"))
                                .out(gwas)
                                .build());
                outs.add(out);
                outs.add(gwas);
            }
        }
        return outs;
    }

    private static String prs(SparkSession spark, Context ctx, String bank) throws IOException {
        String out = ctx.path("prs", bank);
        PrsPlan.run(
                spark,
                PrsRequest.builder()
                        .table(ctx.table(bank))
                        .scoreFiles(List.of(ctx.path("sim", CohortFiles.SCORE)))
                        .out(out)
                        .arguments(ctx.request().arguments())
                        .evaluation(new PrsRequest.Evaluation(
                                ctx.sim(bank, CohortFiles.PHENO),
                                List.of("cc", "qt"),
                                covar(spark, ctx, bank),
                                List.of("age", "sex", "PC1", "PC2"),
                                "-9",
                                PrsEvaluation.Basis.ALL,
                                SimulationParams.DEFAULT_PREVALENCE))
                        .build());
        return out;
    }

    private static String freq(SparkSession spark, Context ctx, String bank) throws IOException {
        String out = ctx.path("freq", bank);
        FreqPlan.run(
                spark,
                new FreqRequest(
                        ctx.table(bank),
                        List.of("population", "sex"),
                        ctx.sim(bank, CohortFiles.RELEASE),
                        out,
                        false,
                        ctx.request().arguments()));
        return out;
    }

    /** freq-merge and meta combine banks: with one bank there is nothing to combine (said once, not an error). */
    private static boolean oneBank(Context ctx, String step) {
        if (ctx.banks().size() > 1) {
            return false;
        }
        LOG.info("demo: step {} skipped: it combines banks and --banks is 1", step);
        return true;
    }

    private static List<String> freqMerge(SparkSession spark, Context ctx) throws IOException {
        if (oneBank(ctx, "freq-merge")) {
            return List.of();
        }
        List<String> inputs = new ArrayList<>();
        for (String b : ctx.banks()) {
            inputs.add(ctx.path("freq", b));
        }
        String out = ctx.path("panel");
        FreqMergePlan.run(
                spark,
                new FreqMergeRequest(
                        inputs, ctx.banks(), null, out, false, ctx.request().arguments()));
        return List.of(out);
    }

    private static List<String> meta(SparkSession spark, Context ctx) throws IOException {
        List<String> outs = new ArrayList<>();
        if (oneBank(ctx, "meta")) {
            return outs;
        }
        for (String pheno : List.of("qt", "cc")) {
            List<String> inputs = new ArrayList<>();
            for (String b : ctx.banks()) {
                inputs.add(ctx.path("gwas", b, pheno + ".tsv.gz"));
            }
            String out = ctx.path("meta", pheno);
            MetaPlan.run(
                    spark,
                    MetaRequest.builder()
                            .inputs(inputs)
                            .out(out)
                            .arguments(ctx.request().arguments())
                            .build());
            outs.add(out);
        }
        return outs;
    }

    /** The page over the whole demo root: every output above, found by walking it. */
    private static List<String> report(SparkSession spark, Context ctx) throws IOException {
        String out = ctx.path(REPORT);
        ReportPlan.run(
                spark.sparkContext().hadoopConfiguration(),
                new ReportRequest(
                        List.of(ctx.root().toString()),
                        out,
                        "Musubi demo: " + ctx.banks().size() + " simulated banks",
                        false,
                        ctx.request().arguments()));
        return List.of(out);
    }
}
