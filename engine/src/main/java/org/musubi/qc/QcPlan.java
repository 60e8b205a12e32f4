package org.musubi.qc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.musubi.error.MusubiUserException;
import org.musubi.genome.Contig;
import org.musubi.genome.GenomeBuild;
import org.musubi.output.OutputCommit;
import org.musubi.output.OutputRun;
import org.musubi.output.RunSummary;
import org.musubi.stats.qc.QcSamples;
import org.musubi.table.VariantTable;
import org.musubi.table.scan.ScanPlan;
import org.musubi.table.scan.Slice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code qc} job (SPECS §7): sample QC, variant QC, KING-robust kinship and the unrelated set, on a variant
 * table, with plink2's definitions, committed atomically into one directory with {@code summary.json}. The steps run
 * in order, each a named method: the counting pass ({@link CountPass}) feeds steps 1 and 2 ({@link
 * SampleQcOutput}, {@link VariantQcOutput}); KING ({@link KingPass}, {@link KingOutput}) runs on what they kept; the
 * unrelated set ({@link UnrelatedOutput}) on KING's pairs. LD pruning ({@link PruneStep}) runs after variant QC on
 * what it kept and leaves its set ({@link PrunedSet}) for PCA ({@link PcaStep}), which runs last, on the unrelated set, and writes
 * {@code covariates.tsv}.
 */
public final class QcPlan {
    private static final Logger LOG = LoggerFactory.getLogger(QcPlan.class);

    private QcPlan() {}

    public record Summary(String out, Map<String, Object> summary) {}

    public static Summary run(SparkSession spark, QcRequest req) throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration conf = jsc.hadoopConfiguration();
        VariantTable table = VariantTable.open(req.table(), conf);
        check(req);
        return OutputRun.run(
                req.out(), req.overwrite(), conf, commit -> new Run(jsc, conf, table, req, commit).steps());
    }

    private static void check(QcRequest req) {
        if (req.runs(QcStep.UNRELATED) && !req.runs(QcStep.KING)) {
            throw new MusubiUserException("--steps unrelated needs king (the unrelated set is cut from KING's pairs):"
                    + " use --steps king,unrelated");
        }
        if (req.pcaFrom() == null && req.runs(QcStep.PCA) && req.pcaK() < 1) {
            throw new MusubiUserException("--pca " + req.pcaK() + ": use a number of principal components >= 1");
        }
        if (!(req.kingTableFilter() <= 0.5)) {
            throw new MusubiUserException("--king-table-filter " + req.kingTableFilter() + ": kinship is at most 0.5;"
                    + " use e.g. 0.0442 (third degree)");
        }
    }

    /** One run's state: what each step keeps for the next. */
    private static final class Run {
        private final JavaSparkContext jsc;
        private final Configuration conf;
        private final VariantTable table;
        private final QcRequest req;
        private final OutputCommit commit;
        private final QcCohort cohort;
        private final Map<String, Object> summary = new LinkedHashMap<>();
        private final long t0 = System.nanoTime();
        private boolean[] samplePass;
        private Set<String> failingVariants = Set.of();
        /** The unrelated set (table indices) when that step ran. */
        private int[] unrelated;
        /** The LD-pruned variants (step 3), for PCA: null when prune did not run. */
        private PrunedSet pruned;

        Run(JavaSparkContext jsc, Configuration conf, VariantTable table, QcRequest req, OutputCommit commit)
                throws IOException {
            this.jsc = jsc;
            this.conf = conf;
            this.table = table;
            this.req = req;
            this.commit = commit;
            this.cohort = QcCohort.read(table, conf);
        }

        Summary steps() throws IOException {
            summary.put("table", req.table());
            summary.put("bank", table.metadata.bank);
            summary.put("genome_build", table.metadata.genomeBuild);
            List<String> steps = new ArrayList<>();
            for (QcStep s : QcStep.values()) {
                if (req.runs(s)) {
                    steps.add(s.option());
                }
            }
            summary.put("steps", steps);
            summary.put("pedigree", Pedigree.recorded(cohort) ? "from the manifest" : "none");
            summary.put("founders", founders());
            if (req.runs(QcStep.SAMPLE) || req.runs(QcStep.VARIANT)) {
                sampleAndVariantQc();
            }
            if (req.runs(QcStep.PRUNE)) {
                pruned = PruneStep.run(jsc, conf, table, req, cohort, keptSamples(), failingVariants, commit, summary);
            }
            if (req.runs(QcStep.KING)) {
                king();
            }
            if (req.runs(QcStep.PCA)) {
                pca();
            }
            summary.put("arguments", req.arguments());
            summary.put("seconds", (System.nanoTime() - t0) / 1e9);
            RunSummary.write(commit, "qc", summary);
            return new Summary(req.out(), summary);
        }

        private int founders() {
            int f = 0;
            for (boolean b : cohort.founder) {
                f += b ? 1 : 0;
            }
            return f;
        }

        private QcSamples qcSamples() {
            byte[] sex = new byte[cohort.size()];
            for (int i = 0; i < sex.length; i++) {
                sex[i] = QcSamples.sexCode(cohort.sex[i]);
            }
            return new QcSamples(sex, cohort.founder.clone());
        }

        /** Steps 1 and 2: one counting pass, then each step's outputs. */
        private void sampleAndVariantQc() throws IOException {
            int tasks = req.partitions() > 0 ? req.partitions() : 4 * jsc.defaultParallelism();
            List<List<Slice>> slices = ScanPlan.slices(table.files(conf), tasks);
            CountPass.Result counts = CountPass.run(
                    jsc,
                    conf,
                    slices,
                    qcSamples(),
                    GenomeBuild.parse(table.metadata.genomeBuild),
                    !req.runs(QcStep.SAMPLE)
                            ? CountPass.Counts.VARIANTS
                            : req.runs(QcStep.VARIANT) ? CountPass.Counts.BOTH : CountPass.Counts.SAMPLES);
            if (req.runs(QcStep.SAMPLE)) {
                if (counts.samples().hetVariants == 0) {
                    throw new MusubiUserException(req.table() + ": no polymorphic autosomal variant, so no"
                            + " heterozygosity F; sample QC needs autosomes (run --steps variant for a table of sex"
                            + " chromosomes only)");
                }
                samplePass = SampleQcOutput.write(commit, cohort, counts.samples(), req, summary);
                LOG.info("qc: sample QC: {} of {} samples pass", count(samplePass), cohort.size());
            }
            if (req.runs(QcStep.VARIANT)) {
                failingVariants = VariantQcOutput.write(commit, counts.variants(), req, summary);
                LOG.info(
                        "qc: variant QC: {} of {} variants pass",
                        counts.variants().size - failingVariants.size(),
                        counts.variants().size);
            }
        }

        /** Steps 4 and 5: KING on the kept samples and autosomal variants, then the unrelated set. */
        private void king() throws IOException {
            List<VariantTable.VariantFile> autosomal = autosomal("KING-robust kinship");
            int[] samples = keptSamples();
            if (samples.length < 2) {
                throw new MusubiUserException("qc king: " + samples.length + " sample(s) "
                        + (samplePass == null ? "in the table" : "passed sample QC") + "; kinship needs at least 2");
            }
            int tasks = req.partitions() > 0 ? req.partitions() : 4 * jsc.defaultParallelism();
            int side = KingPass.tileSide(samples.length, tasks, req.kingTile());
            double threshold = req.runs(QcStep.UNRELATED)
                    ? Math.min(req.kingTableFilter(), req.kingCutoff())
                    : req.kingTableFilter();
            String partsDir = new org.apache.hadoop.fs.Path(commit.staging(), "_king_parts").toString();
            KingPass.Result king = KingPass.run(
                    jsc,
                    conf,
                    ScanPlan.perFile(autosomal),
                    cohort.size(),
                    samples,
                    failingVariants,
                    side,
                    threshold,
                    partsDir);
            if (king.variants() == 0) {
                throw new MusubiUserException(req.table() + ": no autosomal variant passed variant QC; KING needs"
                        + " autosomal variants (relax --variant-min-call-rate/--hwe/--maf)");
            }
            double cutoff = req.runs(QcStep.UNRELATED) ? req.kingCutoff() : Double.NaN;
            KingOutput.Edges edges =
                    KingOutput.write(jsc, commit, cohort, samples, king, partsDir, cutoff, req, summary);
            LOG.info(
                    "qc: KING: {} pairs at or above {}",
                    ((Map<?, ?>) summary.get("king")).get("pairs_written"),
                    req.kingTableFilter());
            if (req.runs(QcStep.UNRELATED)) {
                int[] kept = UnrelatedOutput.write(commit, cohort, samples, edges, req, summary);
                unrelated = new int[kept.length];
                for (int i = 0; i < kept.length; i++) {
                    unrelated[i] = samples[kept[i]];
                }
            }
        }

        /** Step 6: PCA on the unrelated set (else the samples that passed QC) over {@link #pcaVariants()}. */
        private void pca() throws IOException {
            List<VariantTable.VariantFile> autosomal = autosomal("PCA");
            int[] samples = unrelated != null ? unrelated : keptSamples();
            String on = unrelated != null
                    ? "the unrelated set"
                    : samplePass != null ? "the samples passing sample QC" : "all samples";
            int tasks = req.partitions() > 0 ? req.partitions() : 4 * jsc.defaultParallelism();
            PcaStep.run(jsc, conf, table, autosomal, cohort, samples, on, pcaVariants(), req, tasks, commit, summary);
        }

        /**
         * The PCA's variant set: autosomal variants not failing variant QC (when it ran), limited to {@code
         * --pca-variants FILE} when given, else to this run's LD-pruned set when the prune step ran.
         */
        private PcaVariants pcaVariants() throws IOException {
            Set<String> only = req.pcaVariants() != null
                    ? QcText.ids(req.pcaVariants(), conf)
                    : pruned != null ? new java.util.HashSet<>(pruned.keys()) : null;
            return new PcaVariants(failingVariants, only, req.pcaMinMaf());
        }

        private List<VariantTable.VariantFile> autosomal(String what) throws IOException {
            List<VariantTable.VariantFile> autosomal = new ArrayList<>();
            for (VariantTable.VariantFile f : table.files(conf)) {
                if (Contig.kind(f.contig()) == Contig.Kind.AUTOSOME) {
                    autosomal.add(f);
                }
            }
            if (autosomal.isEmpty()) {
                throw new MusubiUserException(req.table() + ": the table has no autosomal variants (contigs: "
                        + contigs() + "); " + what + " is computed on autosomes only");
            }
            return autosomal;
        }

        private String contigs() throws IOException {
            List<String> out = new ArrayList<>();
            for (VariantTable.VariantFile f : table.files(conf)) {
                if (!out.contains(f.contig())) {
                    out.add(f.contig());
                }
            }
            return String.join(",", out);
        }

        private int[] keptSamples() {
            List<Integer> kept = new ArrayList<>();
            for (int i = 0; i < cohort.size(); i++) {
                if (samplePass == null || samplePass[i]) {
                    kept.add(i);
                }
            }
            return kept.stream().mapToInt(Integer::intValue).toArray();
        }

        private static int count(boolean[] b) {
            int c = 0;
            for (boolean x : b) {
                c += x ? 1 : 0;
            }
            return c;
        }
    }
}
