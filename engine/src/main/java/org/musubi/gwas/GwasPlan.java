package org.musubi.gwas;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.musubi.Version;
import org.musubi.error.MusubiUserException;
import org.musubi.io.ssf.GwasSsf;
import org.musubi.output.OutputCommit;
import org.musubi.output.OutputRun;
import org.musubi.output.RunSummary;
import org.musubi.release.ReleaseGate;
import org.musubi.release.ReleasePolicy;
import org.musubi.release.ReleaseStatement;
import org.musubi.samples.PhenotypeFile;
import org.musubi.samples.SampleList;
import org.musubi.spark.Progress;
import org.musubi.spark.SerializableConf;
import org.musubi.spark.SparkErrors;
import org.musubi.stats.FirthMode;
import org.musubi.stats.GlmOptions;
import org.musubi.stats.MissingDosagePolicy;
import org.musubi.table.SamplesFile;
import org.musubi.table.VariantTable;
import org.musubi.table.scan.RowFilter;
import org.musubi.table.scan.ScanPlan;
import org.musubi.table.scan.Slice;
import org.musubi.table.scan.TableScan;
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

    public record Summary(String out, Map<String, Object> summary) {}

    public static Summary run(SparkSession spark, GwasRequest req) throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration conf = jsc.hadoopConfiguration();
        VariantTable table = VariantTable.open(req.table(), conf).requireVariants("gwas");
        return OutputRun.run(req.out(), req.overwrite(), conf, commit -> runInto(spark, jsc, conf, table, req, commit));
    }

    private static Summary runInto(
            SparkSession spark,
            JavaSparkContext jsc,
            Configuration conf,
            VariantTable table,
            GwasRequest req,
            OutputCommit commit)
            throws IOException {
        long t0 = System.nanoTime();
        List<String> ids = new ArrayList<>();
        List<String> sexes = new ArrayList<>();
        for (SamplesFile.Sample s : table.samples(conf)) {
            ids.add(s.id());
            sexes.add(s.sex());
        }
        int n = ids.size();
        PhenotypeFile pheno = PhenotypeFile.read("--pheno", req.phenoFile(), req.missingCode(), conf);
        PhenotypeFile covar = req.covarFile() == null
                ? null
                : PhenotypeFile.read("--covar", req.covarFile(), req.missingCode(), conf);
        Set<String> keep = req.keep() == null ? null : readKeep(req.keep(), ids, conf);
        ReleasePolicy policy = req.releasePolicy() == null ? null : ReleasePolicy.read(req.releasePolicy(), conf);
        int withdrawnExcluded = 0;
        if (policy != null && !policy.withdrawn().isEmpty()) {
            // withdrawn-consent samples are left out of everything (SPECS §5.2), matched by the sample-ID rule
            Set<String> withdrawn = policy.withdrawnIn(ids, "gwas").ids();
            Set<String> kept = new HashSet<>();
            for (String id : ids) {
                if (withdrawn.contains(id)) {
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
        GwasDesign.SexChromosomes sexChromosomes =
                req.sexChromosomes() == null ? GwasDesign.SexChromosomes.PLINK2_DEFAULT : req.sexChromosomes();
        GwasDesign design = GwasDesign.build(
                ids,
                pheno,
                req.phenoNames(),
                covar,
                req.covarNames(),
                keep,
                req.model(),
                options,
                sexes,
                sexChromosomes);
        boolean hasX = table.metadata.contigs.stream().anyMatch(c -> GwasTask.contigKind(c) == GwasTask.CHR_X);
        boolean hasY = table.metadata.contigs.stream().anyMatch(c -> GwasTask.contigKind(c) == GwasTask.CHR_Y);
        refuseChrXOptionsWithoutChrX(hasX, sexChromosomes);
        design.addSexChromosomeNotes(hasX, hasY);

        // Per task a contiguous slice of the table in genome order: results, text parts and plot points come out
        // in genome order, so the outputs are the tasks' parts concatenated (ScanPlan, GwasPartWriter).
        int tasks = req.partitions() > 0 ? req.partitions() : 4 * jsc.defaultParallelism();
        List<List<Slice>> plan = ScanPlan.slices(table.files(conf), tasks);
        boolean[] kept = design.freqSamples;
        boolean[] founders = SamplesFile.founders(table.samplesPath(), conf);
        design.countFrequenciesOverFounders(founders);
        // the table's stored counts filter rows only when they are over the samples plink2 would count
        boolean storedCounts = kept == null && founders == null;
        RowFilter filters = storedCounts
                ? new RowFilter(req.maf(), req.minCallRate() > 0 ? (long) Math.ceil(req.minCallRate() * n) : 0)
                : RowFilter.NONE;
        if (req.pred() != null && (req.maf() > 0 || req.minCallRate() > 0)) {
            throw new MusubiUserException("gwas --pred tests variants by REGENIE's minor allele count rule (--min-mac),"
                    + " not by --maf/--min-call-rate: drop them, or filter the table's variants first (qc's"
                    + " keep.variants.txt)");
        }
        String filterNote = variantFilterNote(req, storedCounts, n);
        if (!storedCounts && (req.maf() > 0 || req.minCallRate() > 0)) {
            design.variantFilter =
                    new KeptSampleFilter(req.maf(), req.minCallRate(), kept, design.male, design.freqSampleCount);
            filterNote = design.variantFilter.describe();
        }
        List<String> contigs = table.metadata.contigs;
        if (req.pred() != null) {
            design.regenie = RegenieDesign.build(design, req.pred(), ids, contigs, conf);
            LOG.info(
                    "gwas: --pred {}: REGENIE step 2 with the LOCO predictions as offsets",
                    req.pred().predList());
        }
        List<String> phenotypes = new ArrayList<>(design.info.keySet());
        boolean[] logistic = new boolean[phenotypes.size()];
        boolean[] hybrid = new boolean[phenotypes.size()];
        for (int i = 0; i < phenotypes.size(); i++) {
            logistic[i] = design.info.get(phenotypes.get(i)).kind() == GwasDesign.Kind.LOGISTIC;
            hybrid[i] = logistic[i] && options.firthMode() == FirthMode.FIRTH_FALLBACK;
        }
        String partsDir = new Path(commit.staging(), "_parts").toString();
        Path resultsDir = new Path(commit.staging(), "results.parquet");
        GwasPartWriter.Settings settings = new GwasPartWriter.Settings(
                partsDir,
                resultsDir.toString(),
                phenotypes,
                logistic,
                hybrid,
                List.copyOf(contigs),
                policy == null ? 0 : policy.k());
        SerializableConf sconf = new SerializableConf(conf);
        long tTest = System.nanoTime();
        Broadcast<GwasDesign> bd = jsc.broadcast(design);
        // one slice list per partition (n elements in n slices: one each), so a task carries only its own slices
        JavaRDD<List<GwasPartWriter.Part>> partsRdd = jsc.parallelize(plan, plan.size())
                .mapPartitionsWithIndex(
                        (t, it) -> List.of(runTask(t, it.next(), bd.value(), n, filters, settings, sconf.get()))
                                .iterator(),
                        true);
        List<List<GwasPartWriter.Part>> partsByTask;
        try (Progress p = Progress.start(jsc, "gwas", plan.size())) {
            partsByTask = SparkErrors.userErrorsUnwrapped(partsRdd::collect);
        }
        bd.destroy();
        FileSystem fs = commit.fs();
        fs.mkdirs(resultsDir);
        fs.create(new Path(resultsDir, "_SUCCESS"), true).close();
        double testSeconds = (System.nanoTime() - tTest) / 1e9;
        LOG.info(
                "gwas: tested {} phenotype(s) in {} s ({} tasks), writing the text outputs",
                design.info.size(),
                String.format(java.util.Locale.ROOT, "%.1f", testSeconds),
                plan.size());
        long tText = System.nanoTime();

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("table", req.table());
        summary.put("samples_in_table", n);
        summary.put("notes", design.notes);
        if (filterNote != null) {
            summary.put("variant_filters", filterNote);
        }
        if (policy != null) {
            summary.put(
                    "release",
                    "GWAS-SSF files and their metadata: " + policy.describe()
                            + "; EAF floored at k/(2 OBS_CT); results.parquet, PLINK files and this summary are"
                            + " internal: not for release");
            summary.put("withdrawn_samples_excluded", withdrawnExcluded);
        }
        summary.put(
                ReleaseStatement.KEY,
                ReleaseStatement.gwas(policy, (String) summary.get("release"), withdrawnExcluded, design.info.keySet())
                        .toMap());
        // Per phenotype, the tasks' parts concatenated in task order; plots and λGC read the parts' points files.
        Map<String, Map<String, Object>> done = new LinkedHashMap<>();
        for (GwasDesign.PhenotypeInfo info : design.info.values()) {
            try (PhenotypeOutput out = new PhenotypeOutput(
                    fs, commit.staging(), info, options.firthMode(), table, req, contigs, policy, filterNote)) {
                for (List<GwasPartWriter.Part> taskParts : partsByTask) {
                    for (GwasPartWriter.Part part : taskParts) {
                        if (part.phenotype.equals(info.name())) {
                            out.add(part);
                        }
                    }
                }
                Map<String, Object> entry = new LinkedHashMap<>(out.finish());
                entry.put(
                        "chrX",
                        hasX
                                ? sexChromosomeSummary(design.xInfo.get(info.name()), design.xModels == null)
                                : notInTable());
                entry.put("chrY", hasY ? sexChromosomeSummary(design.yInfo.get(info.name()), false) : notInTable());
                done.put(info.name(), entry);
            }
        }
        fs.delete(new Path(partsDir), true);
        summary.put("sex_chromosomes", sexChromosomesSummary(design, sexes));
        summary.put("phenotypes", done);
        Map<String, String> noResult = noResult(done);
        if (!noResult.isEmpty()) {
            summary.put("no_result", noResult);
            LOG.warn("gwas: no usable result for {}", describe(noResult));
        }
        summary.put("seconds", (System.nanoTime() - t0) / 1e9);
        summary.put("seconds_testing", testSeconds);
        summary.put("seconds_text_outputs", (System.nanoTime() - tText) / 1e9);
        summary.put("engine_version", Version.ENGINE);
        summary.put("arguments", req.arguments());
        RunSummary.write(commit, "gwas", summary);
        return new Summary(req.out(), summary);
    }

    /** --xchr-model 0/1 and --no-x-sex only change chrX: on a table without chrX they would be silently ignored. */
    private static void refuseChrXOptionsWithoutChrX(boolean hasX, GwasDesign.SexChromosomes s) {
        if (hasX) {
            return;
        }
        if (s.xchrModel() != GwasDesign.SexChromosomes.PLINK2_DEFAULT.xchrModel()) {
            throw new MusubiUserException(
                    "--xchr-model " + s.xchrModel() + " has no effect: the table has no chrX variants; leave it out");
        }
        if (s.sexCovariate() == GwasDesign.SexCovariate.NONE) {
            throw new MusubiUserException("--no-x-sex has no effect: the table has no chrX variants; leave it out");
        }
    }

    /**
     * The phenotypes whose every result is a failure, each with the reason: no variant tested, every row failed
     * (ERRCODEs counted), or λGC undefined.
     */
    static Map<String, String> noResult(Map<String, Map<String, Object>> phenotypes) {
        Map<String, String> out = new LinkedHashMap<>();
        phenotypes.forEach((name, m) -> {
            long tested = ((Number) m.get("variants_tested")).longValue();
            long failed = ((Number) m.get("variants_failed")).longValue();
            if (tested == 0) {
                out.put(name, "0 variants tested");
            } else if (failed == tested) {
                out.put(name, "all " + tested + " variants failed (ERRCODE " + m.get("errcodes") + ")");
            } else if (m.get("lambda_gc") == null) {
                out.put(name, "λGC undefined");
            }
        });
        return out;
    }

    private static String describe(Map<String, String> noResult) {
        StringBuilder s = new StringBuilder();
        noResult.forEach((k, v) ->
                s.append(s.length() == 0 ? "" : "; ").append(k).append(": ").append(v));
        return s.toString();
    }

    /** What --maf/--min-call-rate applied when the table's stored counts do it; null when neither is given. */
    private static String variantFilterNote(GwasRequest req, boolean storedCounts, int n) {
        if (!storedCounts || (req.maf() <= 0 && req.minCallRate() <= 0)) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        if (req.maf() > 0) {
            parts.add("MAF >= " + req.maf());
        }
        if (req.minCallRate() > 0) {
            parts.add("call rate >= " + req.minCallRate());
        }
        return String.join("; ", parts) + " over all " + n + " table samples (every one a founder), from the table's"
                + " stored counts (plink2 --maf/--geno)";
    }

    /** The summary of chrX or chrY for a table that has none. */
    private static Map<String, Object> notInTable() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tested", false);
        m.put("reason", "the table has no variants on it");
        return m;
    }

    /** A phenotype's samples and covariates on chrX or chrY; null info: not tested there. */
    private static Map<String, Object> sexChromosomeSummary(GwasDesign.PhenotypeInfo info, boolean skipped) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (info == null) {
            m.put("tested", false);
            m.put("reason", skipped ? "--xchr-model 0" : "no sample of the required sex with the phenotype");
            return m;
        }
        m.put("tested", true);
        m.put("samples", info.samples());
        if (info.kind() == GwasDesign.Kind.LOGISTIC) {
            m.put("cases", info.cases());
            m.put("controls", info.controls());
        }
        m.put("covariates", info.covariates());
        m.put("covariates_dropped_constant", info.droppedCovariates());
        return m;
    }

    /** The run's chrX/chrY settings and the samples' sexes, for the summary. */
    private static Map<String, Object> sexChromosomesSummary(GwasDesign design, List<String> sexes) {
        GwasDesign.SexChromosomes s = design.sexChromosomes;
        Map<String, Object> m = new LinkedHashMap<>();
        int xy = 0;
        int xx = 0;
        for (String sx : sexes) {
            xy += "XY".equals(sx) ? 1 : 0;
            xx += "XX".equals(sx) ? 1 : 0;
        }
        m.put("samples_xy", xy);
        m.put("samples_xx", xx);
        m.put("samples_sex_unknown", sexes.size() - xy - xx);
        m.put("xchr_model", s.xchrModel());
        m.put(
                "chrX",
                switch (s.xchrModel()) {
                    case 0 -> "skipped";
                    case 1 -> "XY samples coded 0/1, XX 0/1/2";
                    default -> "XY samples coded 0/2, XX 0/1/2";
                });
        m.put(
                "sex_covariate",
                switch (s.sexCovariate()) {
                    case X_ONLY -> "chrX only";
                    case NONE -> "none (--no-x-sex)";
                    case ALL -> "every contig but chrY (--sex-covariate)";
                });
        m.put(
                "notes",
                "as PLINK 2 --glm: samples of unknown sex are left out wherever sex is a covariate; chrY tests XY"
                        + " samples only, coded 0/1; chrM is coded 0/1; chrX PAR variants stored under X are tested as"
                        + " chrX (as plink2 does without --split-par)");
        return m;
    }

    /** One task: its slices read, every variant tested, the results written (GwasPartWriter). */
    private static List<GwasPartWriter.Part> runTask(
            int task,
            List<Slice> slices,
            GwasDesign design,
            int n,
            RowFilter filters,
            GwasPartWriter.Settings settings,
            Configuration conf)
            throws IOException {
        GwasTask tester = new GwasTask(design, n);
        if (design.regenie != null) {
            tester.regenie = new RegenieTask(design.regenie, n, conf);
        }
        try (GwasPartWriter writer = new GwasPartWriter(settings, task, conf)) {
            TableScan.variants(
                    slices,
                    filters,
                    conf,
                    (contig, pos, id, ref, alt, calls, dosage) ->
                            tester.test(contig, pos, id, ref, alt, calls, dosage, writer::add));
            return writer.finish();
        }
    }

    private static Set<String> readKeep(String path, List<String> ids, Configuration conf) throws IOException {
        Set<String> inTable =
                SampleList.read("--keep", new Path(path), conf).match(ids).ids(ids);
        if (inTable.isEmpty()) {
            throw new MusubiUserException(path + ": no sample of the keep list is in the table");
        }
        LOG.info("gwas: --keep {}: {} of {} table samples kept", path, inTable.size(), ids.size());
        return inTable;
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

    /** The model as the summary and the GWAS-SSF metadata say it; {@code gwas --pred}: REGENIE's step 2. */
    static String modelDescription(GwasDesign.Kind kind, FirthMode mode, GwasRequest req) {
        return req.pred() == null ? modelDescription(kind, mode) : RegenieDesign.describe(kind, req.pred());
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
            ReleasePolicy policy,
            String filterNote)
            throws IOException {
        StringBuilder y = GwasSsf.metadata(table.metadata.genomeBuild);
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
        GwasSsf.dataFile(y, ssfName, md5);
        y.append("analysis_software: Musubi ")
                .append(Version.ENGINE)
                .append(" (")
                .append(modelDescription(info.kind(), firthMode, req))
                .append(req.pred() == null ? ", as PLINK 2 --glm)\n" : ", as REGENIE 1.0.6.7)\n");
        y.append("adjusted_covariates:\n");
        for (String c : info.covariates()) {
            y.append("  - ").append(c).append('\n');
        }
        double floor =
                policy == null || info.samples() == 0 ? 0 : ReleaseGate.frequencyFloor(policy.k(), info.samples());
        if (req.maf() > 0 || floor > 0) {
            y.append("minor_allele_freq_lower_limit: ")
                    .append(Math.max(req.maf(), floor))
                    .append('\n');
        }
        StringBuilder notes = new StringBuilder();
        if (table.metadata.bank != null) {
            notes.append("bank ").append(table.metadata.bank);
        }
        if (filterNote != null) {
            notes.append(notes.length() == 0 ? "" : "; ")
                    .append("variant filters: ")
                    .append(filterNote);
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
        y.append(ReleaseStatement.ssf(policy).yamlLine());
        GwasSsf.writeMetadata(fs, dir, ssfName, y);
    }
}
