package org.musubi.simulate;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.musubi.simulate.model.BankCohort;
import org.musubi.simulate.model.BlockLayout;
import org.musubi.simulate.model.CausalVariant;
import org.musubi.simulate.model.CohortModel;
import org.musubi.simulate.model.Phenotypes;
import org.musubi.simulate.model.SimRandom;

/**
 * The simulator's text outputs: per bank the sample manifest, phenotypes, covariates, withdrawn-consent list and
 * release policy; for the whole cohort the truth (causal variants, a PGS Catalog scoring file).
 */
public final class CohortFiles {
    private CohortFiles() {}

    public static final String SAMPLES = "samples.tsv";
    public static final String PHENO = "pheno.tsv";
    public static final String COVAR = "covar.tsv";
    public static final String WITHDRAWN = "withdrawn.txt";
    public static final String RELEASE = "release.yaml";
    public static final String CAUSAL = "truth/causal.tsv";
    public static final String SCORE = "truth/SIM_PGS.txt.gz";
    /** Release threshold k per bank (cycled): the banks' policies differ, as real ones do. */
    static final int[] RELEASE_K = {20, 5, 10};
    /** Non-causal variants added to the scoring file per causal variant, with small weights (a realistic PGS). */
    static final int NOISE_VARIANTS_PER_CAUSAL = 4;

    static void writeBank(FileSystem fs, Path dir, CohortModel model, int b, Phenotypes ph) throws IOException {
        BankCohort c = model.bank(b);
        int n = c.sampleCount;
        StringBuilder s = new StringBuilder("sample_id\tsex\tpopulation\tbank\tfid\tpat\tmat\n");
        StringBuilder p = new StringBuilder("FID\tIID\tqt\tcc\n");
        StringBuilder v = new StringBuilder("FID\tIID\tage\tsex\tPC1\tPC2\n");
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int ind = c.individualOf[i];
            String id = c.sampleId(i);
            String fid = c.familyId[ind];
            s.append(id)
                    .append('\t')
                    .append(c.sex[ind] == 1 ? "XY" : "XX")
                    .append('\t')
                    .append(CohortModel.POPULATIONS[c.population[ind]])
                    .append('\t')
                    .append(c.name)
                    .append('\t')
                    .append(fid)
                    .append('\t')
                    .append(c.parentId(c.father[ind]))
                    .append('\t')
                    .append(c.parentId(c.mother[ind]))
                    .append('\n');
            p.append(fid)
                    .append('\t')
                    .append(id)
                    .append('\t')
                    .append(fmt(ph.quantitative[i]))
                    .append('\t')
                    .append(ph.binary[i])
                    .append('\n');
            v.append(fid)
                    .append('\t')
                    .append(id)
                    .append('\t')
                    .append(ph.age[i])
                    .append('\t')
                    .append(ph.sex[i])
                    .append('\t')
                    .append(fmt(ph.pc1[i]))
                    .append('\t')
                    .append(fmt(ph.pc2[i]))
                    .append('\n');
            if (ph.withdrawn[i]) {
                w.append(id).append('\n');
            }
        }
        write(fs, new Path(dir, SAMPLES), s);
        write(fs, new Path(dir, PHENO), p);
        write(fs, new Path(dir, COVAR), v);
        write(fs, new Path(dir, WITHDRAWN), w);
        int k = RELEASE_K[b % RELEASE_K.length];
        write(
                fs,
                new Path(dir, RELEASE),
                new StringBuilder("# Release policy of simulated " + c.name + " (see conf/release.yaml)\n"
                        + "name: " + c.name + "-simulated-policy\n"
                        + "k: " + k + "\n"
                        + "withdrawn_samples: " + WITHDRAWN + "\n"));
    }

    /** {@code truth/causal.tsv} and {@code truth/SIM_PGS.txt.gz}. */
    static void writeTruth(FileSystem fs, Path dir, CohortModel model) throws IOException {
        StringBuilder t = new StringBuilder(
                "variant_id\tchrom\tpos\tref\talt\teffect_allele\tbeta\tmean_alt_frequency\tvariance_explained\n");
        for (CausalVariant v : model.causal()) {
            t.append(v.id())
                    .append('\t')
                    .append(v.contig())
                    .append('\t')
                    .append(v.pos())
                    .append('\t')
                    .append(v.ref())
                    .append('\t')
                    .append(v.alt())
                    .append('\t')
                    .append(v.alt())
                    .append('\t')
                    .append(fmt(v.beta()))
                    .append('\t')
                    .append(fmt(v.meanFrequency()))
                    .append('\t')
                    .append(fmt(v.varianceExplained()))
                    .append('\n');
        }
        write(fs, new Path(dir, CAUSAL), t);

        // Scoring file: the causal variants with their true weights plus noise variants (common, not
        // strand-ambiguous, in other blocks) with weights N(0, (0.1 · smallest |β|)²): a score a method could have
        // estimated, in genome order.
        List<String[]> rows = new ArrayList<>();
        SplittableRandom r = SimRandom.stream(model.params.seed(), CohortModel.S_SCORE);
        double minBeta = Double.POSITIVE_INFINITY;
        java.util.Set<Integer> used = new java.util.HashSet<>();
        for (CausalVariant v : model.causal()) {
            minBeta = Math.min(minBeta, Math.abs(v.beta()));
            used.add(v.block());
        }
        int wantNoise = NOISE_VARIANTS_PER_CAUSAL * model.causal().size();
        List<double[]> noise = new ArrayList<>(); // block, index, weight
        for (int tries = 0; noise.size() < wantNoise && tries < 20 * wantNoise; tries++) {
            int b = r.nextInt(model.blockCount);
            if (used.contains(b) || org.musubi.simulate.model.Genome.isX(model.contigOf(b))) {
                continue;
            }
            BlockLayout lay = model.layout(b);
            int j = r.nextInt(lay.length());
            double p = lay.populationFrequency[0][j];
            if (p < 0.05 || p > 0.95 || lay.strandAmbiguous(j)) {
                continue;
            }
            used.add(b);
            noise.add(new double[] {b, j, 0.1 * minBeta * SimRandom.gaussian(r)});
        }
        java.util.TreeMap<Integer, String[]> byVariant = new java.util.TreeMap<>();
        for (CausalVariant v : model.causal()) {
            byVariant.put(v.variant(), new String[] {v.contig(), "" + v.pos(), v.alt(), v.ref(), fmt(v.beta())});
        }
        for (double[] x : noise) {
            BlockLayout lay = model.layout((int) x[0]);
            int j = (int) x[1];
            byVariant.put(
                    lay.firstVariant + j,
                    new String[] {lay.contig, "" + lay.pos[j], lay.alt[j], lay.ref[j], fmt(x[2])});
        }
        rows.addAll(byVariant.values());
        StringBuilder h = new StringBuilder();
        h.append("#format_version=2.0\n")
                .append("##POLYGENIC SCORE (PGS) INFORMATION\n")
                .append("#pgs_id=SIM_PGS\n")
                .append("#pgs_name=musubi_simulate_truth\n")
                .append("#trait_reported=simulated quantitative trait qt (liability of cc)\n")
                .append("#trait_mapped=simulated trait\n")
                .append("#trait_efo=NR\n")
                .append("#genome_build=GRCh38\n")
                .append("#variants_number=")
                .append(rows.size())
                .append('\n')
                .append("#weight_type=beta\n")
                .append("##SOURCE INFORMATION\n")
                .append("#pgp_id=NR\n")
                .append("#citation=musubi simulate, seed ")
                .append(model.params.seed())
                .append('\n')
                .append("chr_name\tchr_position\teffect_allele\tother_allele\teffect_weight\n");
        for (String[] row : rows) {
            h.append(String.join("\t", row)).append('\n');
        }
        try (OutputStream o = fs.create(new Path(dir, SCORE), true);
                GZIPOutputStream gz = new GZIPOutputStream(o)) {
            gz.write(h.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    static String fmt(double x) {
        return String.format(Locale.ROOT, "%.6g", x);
    }

    static void write(FileSystem fs, Path path, CharSequence text) throws IOException {
        try (Writer o = new OutputStreamWriter(fs.create(path, true), StandardCharsets.UTF_8)) {
            o.append(text);
        }
    }
}
