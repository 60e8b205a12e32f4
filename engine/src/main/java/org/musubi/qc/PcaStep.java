package org.musubi.qc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.musubi.error.MusubiUserException;
import org.musubi.output.OutputCommit;
import org.musubi.stats.pca.BlockKrylov;
import org.musubi.stats.pca.BlockProducts;
import org.musubi.stats.pca.ExactSums;
import org.musubi.table.VariantTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 6, PCA (plink2 {@code --pca [approx] k}, SPECS §7.5), run by {@link QcPlan}: fitted on the PCA samples (the
 * unrelated set when that step ran, else the samples that passed sample QC, else all) over the {@link PcaVariants},
 * then every table sample projected onto the axes by {@link PcaPass#project}; or, with {@code --pca-from DIR}, every
 * sample projected onto another bank's published weights. Exact mode forms the GRM (n × n, n ≤ {@value
 * #MAX_EXACT}) and takes its top eigenpairs to double precision; approx mode runs plink2's randomized block Krylov
 * with n × L panels ({@link BlockKrylov}). Outputs: {@link PcaOutput}.
 *
 * <p><b>Scale rule.</b> A sample's projected PC k is {@code Σ_v x_v·w_vk / (m·λ_k)} with x standardised by the PCA
 * samples' frequencies, w = Xᵀu the weights over the PCA samples and m the PCA variants: for a PCA sample it is
 * exactly its {@code .eigenvec} value (u is an eigenvector of XXᵀ/m with eigenvalue λ). plink2 {@code --score
 * pca.eigenvec.allele 2 5 header-read variance-standardize --read-freq pca.afreq} gives per sample SCORE_SUM =
 * m·√λ_k·PC_k (its allele weights are ±w/(2√λ) on both alleles), so PC_k = SCORE_SUM / (m·√λ_k); a missing call
 * counts 0 and m is not rescaled by the sample's called count (as {@code --score}'s SUM). With missing calls a PCA
 * sample's projection is not exactly its {@code .eigenvec} value: exact mode's GRM divides each pair by the variants
 * both samples have called (plink2's GRM), which no per-variant weights reproduce; {@link PcaOutput} reports the gap.
 */
final class PcaStep {
    static final int MAX_EXACT = 10_000;
    static final long SEED = 0x5EED_9CA1L;
    /** {@code --pca-from}: the least share of the reference's variants the table must have. */
    static final double MIN_OVERLAP = 0.5;

    private static final Logger LOG = LoggerFactory.getLogger(PcaStep.class);

    private PcaStep() {}

    /** The fitted PCs, or null with {@code --pca-from}. */
    record Fit(
            int[] samples,
            String fittedOn,
            String mode,
            long variants,
            double[] eigenvalues,
            double[] vectors,
            int products,
            double residual) {}

    static void run(
            JavaSparkContext jsc,
            Configuration conf,
            VariantTable table,
            List<VariantTable.VariantFile> autosomal,
            QcCohort cohort,
            int[] samples,
            String fittedOn,
            PcaVariants variants,
            QcRequest req,
            int tasks,
            OutputCommit commit,
            Map<String, Object> summary)
            throws IOException {
        int n = samples.length;
        int[] freqAt = founders(cohort, samples);
        PcaPass.Setup setup = new PcaPass.Setup(cohort.size(), samples, freqAt, variants);
        List<org.musubi.table.scan.Slice> chunks = PcaPass.chunks(autosomal);
        Map<String, Object> m = new LinkedHashMap<>();
        if (req.pcaFrom() != null) {
            PcaReference ref = PcaReference.read(req.pcaFrom(), conf);
            PcaPass.Projection pr =
                    PcaPass.project(jsc, conf, chunks, setup, tasks, null, null, ref.k(), ref.variants());
            double overlap = (double) pr.used() / ref.variants().size();
            if (overlap < MIN_OVERLAP) {
                throw new MusubiUserException("--pca-from " + req.pcaFrom() + ": " + pr.used() + " of its "
                        + ref.variants().size() + " variants ("
                        + String.format(java.util.Locale.ROOT, "%.1f%%", 100 * overlap) + ") are in " + req.table()
                        + " (matched by ID and alleles); projection"
                        + " needs at least " + (int) (100 * MIN_OVERLAP) + "%: use a reference made on the same"
                        + " variant IDs");
            }
            double[] proj = scale(pr.sums(), ref.variants().size(), ref.eigenvalues());
            m.put("mode", "projected onto " + req.pcaFrom());
            m.put("k", ref.k());
            m.put("reference_variants", ref.variants().size());
            m.put("overlap_variants", pr.used());
            m.put("overlap", overlap);
            PcaOutput.write(commit, table, conf, cohort, null, proj, ref.k(), null, m, summary);
            return;
        }
        int k = req.pcaK();
        if (k > n) {
            throw new MusubiUserException("--pca " + k + ": the PCA set (" + fittedOn + ") has " + n + " samples, fewer"
                    + " than the " + k + " PCs asked for; lower --pca or fit on more samples");
        }
        boolean exact = "exact".equals(req.pcaMode()) || (req.pcaMode() == null && n <= 5000);
        if (exact && n > MAX_EXACT) {
            throw new MusubiUserException("--pca-mode exact: " + n + " PCA samples; exact mode forms the " + n + " x "
                    + n + " GRM and takes at most " + MAX_EXACT + " samples: use --pca-mode approx");
        }
        Passes ps = new Passes(jsc, conf, chunks, setup, tasks);
        Fit fit;
        PcaPass.Projection pr;
        try (PcaCache cache = exact ? null : PcaCache.of(jsc, conf, chunks, setup, tasks)) {
            fit = exact ? exact(ps, k, fittedOn) : approx(cache, k, fittedOn);
            double[] inv = new double[k];
            for (int c = 0; c < k; c++) {
                inv[c] = 1 / Math.sqrt(fit.eigenvalues()[c]);
            }
            pr = cache != null && cache.coversTable()
                    ? cache.project(fit.vectors(), inv, k)
                    : PcaPass.project(jsc, conf, chunks, setup, tasks, fit.vectors(), inv, k, null);
        }
        double[] proj = scale(pr.sums(), fit.variants(), fit.eigenvalues());
        m.put("mode", fit.mode());
        m.put("k", k);
        m.put("fitted_on", fittedOn);
        m.put("samples", n);
        m.put("frequency_samples", freqAt.length);
        m.put("variants", fit.variants());
        m.put("min_maf", variants.minMaf());
        m.put(
                "variant_set",
                variants.only() == null
                        ? "autosomal, passing variant QC"
                        : req.pcaVariants() != null ? "--pca-variants " + req.pcaVariants() : "LD-pruned (prune step)");
        m.put("eigenvalues", fit.eigenvalues());
        m.put("grm_products", fit.products());
        m.put("max_residual", fit.residual());
        m.put("projected", cohort.size() - n);
        LOG.info("qc: PCA ({}): {} PCs of {} samples over {} variants", fit.mode(), k, n, fit.variants());
        PcaOutput.write(commit, table, conf, cohort, fit, proj, k, pr.variants(), m, summary);
    }

    /** Positions among the PCA samples of their founders (all of them when none is a founder). */
    private static int[] founders(QcCohort cohort, int[] samples) {
        List<Integer> f = new ArrayList<>();
        for (int i = 0; i < samples.length; i++) {
            if (cohort.founder[samples[i]]) {
                f.add(i);
            }
        }
        if (f.isEmpty()) {
            for (int i = 0; i < samples.length; i++) {
                f.add(i);
            }
        }
        return f.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void enough(long m, long needed, int k, String mode) {
        if (m < needed) {
            throw new MusubiUserException("qc pca: " + m + " variants passed the PCA filters (autosomal, variant QC,"
                    + " MAF >= min, --pca-variants); " + mode + " needs at least " + needed + " for " + k + " PCs"
                    + ("approx".equals(mode) ? " ((k+1)*2k, as plink2)" : "") + ": lower --pca or use more variants");
        }
    }

    /** What each pass over the PCA variants takes. */
    private record Passes(
            JavaSparkContext jsc,
            Configuration conf,
            List<org.musubi.table.scan.Slice> chunks,
            PcaPass.Setup setup,
            int tasks) {}

    private static Fit exact(Passes ps, int k, String fittedOn) {
        PcaPass.Setup setup = ps.setup();
        int n = setup.pca().length;
        PcaPass.Sums g = PcaPass.gram(ps.jsc(), ps.conf(), ps.chunks(), setup, ps.tasks());
        long m = g.variants();
        enough(m, k, k, "exact");
        double[] grm = new double[n * n];
        int[] miss = g.missing();
        for (int i = 0; i < n; i++) {
            for (int l = i; l < n; l++) {
                int at = (int) BlockProducts.packed(n, i, l);
                long obs = miss == null
                        ? m
                        : m
                                - miss[(int) BlockProducts.packed(n, i, i)]
                                - (i == l ? 0 : miss[(int) BlockProducts.packed(n, l, l)] - miss[at]);
                double v = g.sums().value(at) / obs;
                grm[i * n + l] = v;
                grm[l * n + i] = v;
            }
        }
        BlockKrylov.Pcs p = BlockKrylov.exact((panel, cols) -> multiply(grm, n, panel, cols), n, k, SEED);
        return new Fit(setup.pca(), fittedOn, "exact", m, p.eigenvalues(), p.vectors(), p.products(), p.residual());
    }

    private static double[] multiply(double[] a, int n, double[] p, int cols) {
        double[] out = new double[n * cols];
        for (int i = 0; i < n; i++) {
            int to = i * cols;
            for (int l = 0; l < n; l++) {
                double v = a[i * n + l];
                if (v != 0) {
                    int from = l * cols;
                    for (int c = 0; c < cols; c++) {
                        out[to + c] += v * p[from + c];
                    }
                }
            }
        }
        return out;
    }

    /** Approx mode: each Krylov product a pass over the cached PCA variants. */
    private static Fit approx(PcaCache cache, int k, String fittedOn) {
        PcaPass.Setup setup = cache.setup();
        int n = setup.pca().length;
        long[] m = {-1};
        BlockKrylov.Pcs p = BlockKrylov.approx(
                (panel, cols) -> {
                    PcaPass.Sums s = cache.multiply(panel, cols);
                    m[0] = s.variants();
                    enough(m[0], (long) (k + 1) * 2 * k, k, "approx");
                    return s.sums().values(m[0]);
                },
                n,
                k,
                SEED);
        return new Fit(setup.pca(), fittedOn, "approx", m[0], p.eigenvalues(), p.vectors(), p.products(), p.residual());
    }

    /** Projections on the {@code .eigenvec} scale: Σ x·c / (m·√λ) per sample and PC (N × k sample-major). */
    private static double[] scale(ExactSums sums, long m, double[] eigenvalues) {
        int k = eigenvalues.length;
        double[] out = new double[sums.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = sums.value(i) / (m * Math.sqrt(eigenvalues[i % k]));
        }
        return out;
    }
}
