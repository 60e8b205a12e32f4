package org.musubi.qc;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.musubi.output.OutputCommit;
import org.musubi.table.SamplesFile;
import org.musubi.table.VariantTable;

/**
 * Step 6's outputs, as plink2 writes them where plink2 has the file: {@code pca.eigenvec} ({@code #FID IID PC1…},
 * the PCA samples' unit eigenvectors), {@code pca.eigenval}, {@code pca.eigenvec.allele} ({@code --pca allele-wts}:
 * {@code #CHROM ID REF ALT A1 PC1…}, two rows per variant, REF +w/(2√λ), ALT −w/(2√λ) as plink2), {@code pca.afreq} (the ALT frequencies of the
 * standardisation, for {@code --read-freq} and {@code --pca-from}); then {@code pca.projected.eigenvec} (every other
 * table sample projected, same columns and scale), {@code covariates.tsv} (every sample: {@code FID IID PC1…PCk
 * [SEX]}, read by {@code gwas --covar}; SEX 1/2 from the manifest when it records both) and {@code pca.html} (PC1 ×
 * PC2, PC3 × PC4 coloured by the manifest's population).
 */
final class PcaOutput {
    static final String EIGENVEC = "pca.eigenvec";
    static final String EIGENVAL = "pca.eigenval";
    static final String ALLELE = "pca.eigenvec.allele";
    static final String AFREQ = "pca.afreq";
    static final String PROJECTED = "pca.projected.eigenvec";
    static final String COVARIATES = "covariates.tsv";
    static final String PLOT = "pca.html";
    /** {@code summary.json} explains the fitted samples' projection error above this. */
    static final double PROJECTION_NOTE_ABOVE = 1e-3;

    private PcaOutput() {}

    /**
     * Writes the outputs; {@code fit} null for {@code --pca-from} (no fitted samples: every sample projected), {@code
     * proj} every table sample's projections (N × k), {@code used} the PCA variants with their weights.
     */
    static void write(
            OutputCommit commit,
            VariantTable table,
            Configuration conf,
            QcCohort cohort,
            PcaStep.Fit fit,
            double[] proj,
            int k,
            List<PcaPass.Weighted> used,
            Map<String, Object> m,
            Map<String, Object> summary)
            throws IOException {
        int bigN = cohort.size();
        double[] pcs = proj.clone();
        boolean[] fitted = new boolean[bigN];
        if (fit != null) {
            for (int i = 0; i < fit.samples().length; i++) {
                int t = fit.samples()[i];
                fitted[t] = true;
                System.arraycopy(fit.vectors(), i * k, pcs, t * k, k);
            }
            double worst = 0;
            for (int t = 0; t < bigN; t++) {
                if (fitted[t]) {
                    for (int c = 0; c < k; c++) {
                        worst = Math.max(worst, Math.abs(proj[t * k + c] - pcs[t * k + c]));
                    }
                }
            }
            m.put("max_projection_error_of_fitted", worst);
            if (worst > PROJECTION_NOTE_ABOVE) {
                m.put("projection_note", projectionNote(fit.mode(), worst));
            }
            String header = "#" + cohort.idHeader("") + pcHeader(k) + "\n";
            QcText.write(commit, EIGENVEC, w -> rows(w, header, cohort, pcs, k, fitted, true));
            QcText.write(commit, EIGENVAL, w -> {
                for (double v : fit.eigenvalues()) {
                    w.write(QcText.g(v) + "\n");
                }
            });
            QcText.write(commit, ALLELE, w -> {
                w.write("#CHROM\tID\tREF\tALT\tA1" + pcHeader(k) + "\n");
                for (PcaPass.Weighted v : used) {
                    String head = v.contig() + "\t" + PcaVariants.id(v.contig(), v.pos(), v.id(), v.ref(), v.alt())
                            + "\t" + v.ref() + "\t" + v.alt() + "\t";
                    StringBuilder refRow = new StringBuilder(head).append(v.ref());
                    StringBuilder altRow = new StringBuilder(head).append(v.alt());
                    for (double c : v.c()) {
                        refRow.append('\t').append(QcText.g(0.5 * c));
                        altRow.append('\t').append(QcText.g(-0.5 * c));
                    }
                    w.write(refRow.append('\n').toString());
                    w.write(altRow.append('\n').toString());
                }
            });
            QcText.write(commit, AFREQ, w -> {
                w.write("#CHROM\tID\tREF\tALT\tALT_FREQS\n");
                for (PcaPass.Weighted v : used) {
                    w.write(v.contig() + "\t" + PcaVariants.id(v.contig(), v.pos(), v.id(), v.ref(), v.alt()) + "\t"
                            + v.ref() + "\t" + v.alt() + "\t" + v.q() + "\n");
                }
            });
        }
        String header = "#" + cohort.idHeader("") + pcHeader(k) + "\n";
        QcText.write(commit, PROJECTED, w -> rows(w, header, cohort, pcs, k, fitted, false));
        boolean sex = bothSexes(cohort);
        QcText.write(commit, COVARIATES, w -> {
            w.write(cohort.idHeader("") + pcHeader(k) + (sex ? "\tSEX" : "") + "\n");
            for (int t = 0; t < bigN; t++) {
                StringBuilder s = new StringBuilder(cohort.idColumns(t));
                for (int c = 0; c < k; c++) {
                    s.append('\t').append(QcText.g(pcs[t * k + c]));
                }
                if (sex) {
                    int ps = cohort.pedSex(t);
                    s.append('\t').append(ps == 0 ? "NA" : Integer.toString(ps));
                }
                w.write(s.append('\n').toString());
            }
        });
        String[] population = SamplesFile.readColumns(table.samplesPath(), conf, List.of("population"))
                .get("population");
        QcText.write(commit, PLOT, w -> w.write(PcaPlot.page(pcs, k, fitted, fit != null, population)));
        m.put("covariates", COVARIATES + (sex ? " (PC1..PC" + k + ", SEX)" : " (PC1..PC" + k + ")"));
        summary.put("pca", m);
    }

    /**
     * Why a fitted sample's projection is not its {@code .eigenvec} value: exact mode's GRM (as plink2's) divides
     * each pair by the variants both samples have called, which no per-variant weights reproduce when calls are
     * missing; approx mode's vectors are Krylov approximations (the projection is one more product with XXᵀ/m).
     */
    static String projectionNote(String mode, double worst) {
        String cause = "exact".equals(mode)
                ? "exact mode's GRM divides each pair by the variants both samples have called (as plink2's), which"
                        + " per-variant weights cannot reproduce when calls are missing"
                : "approx mode's eigenvectors are approximations (see max_residual) and a projection is one more"
                        + " product with the GRM";
        return "fitted samples projected onto their own weights differ from their pca.eigenvec values by up to "
                + QcText.g(worst) + ": " + cause + "; pca.projected.eigenvec is on plink2 --score's scale (PC ="
                + " -SCORE_SUM/(m*sqrt(lambda)), missing calls 0)";
    }

    static String pcHeader(int k) {
        StringBuilder s = new StringBuilder();
        for (int c = 1; c <= k; c++) {
            s.append("\tPC").append(c);
        }
        return s.toString();
    }

    private static void rows(
            Writer w, String header, QcCohort cohort, double[] pcs, int k, boolean[] fitted, boolean want)
            throws IOException {
        w.write(header);
        for (int t = 0; t < cohort.size(); t++) {
            if (fitted[t] == want) {
                StringBuilder s = new StringBuilder(cohort.idColumns(t));
                for (int c = 0; c < k; c++) {
                    s.append('\t').append(QcText.g(pcs[t * k + c]));
                }
                w.write(s.append('\n').toString());
            }
        }
    }

    private static boolean bothSexes(QcCohort cohort) {
        boolean one = false;
        boolean two = false;
        for (int t = 0; t < cohort.size(); t++) {
            one |= cohort.pedSex(t) == 1;
            two |= cohort.pedSex(t) == 2;
        }
        return one && two;
    }

    static String label(String s) {
        return s == null || s.isEmpty() ? "unknown" : s.toLowerCase(Locale.ROOT).equals("na") ? "unknown" : s;
    }

    static List<String> distinct(String[] population) {
        List<String> out = new ArrayList<>();
        if (population != null) {
            for (String p : population) {
                if (!out.contains(label(p))) {
                    out.add(label(p));
                }
            }
        }
        return out;
    }
}
