package org.musubi.qc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.musubi.error.MusubiUserException;
import org.musubi.testing.SparkTestBase;

/**
 * The {@code qc} PCA step against plink2 2.00a3.5 {@code --pca 10 allele-wts} and {@code --pca approx 10} (oracles
 * and commands: {@code data/qc/README.md}) on the regenie example (500 × 1000) and CINECA (2504 × 829): eigenvalues,
 * eigenvectors (|corr| per PC), allele weights; projection of the fitted samples onto their own axes; the same files
 * with 1, 2 and 8 tasks; {@code --pca-from}; bad input.
 */
@Tag("slow")
class PcaSparkTest extends SparkTestBase {
    static Path regenie;
    static Path cineca;
    static Path sim;
    static Path wex;

    @BeforeAll
    static void tables() throws Exception {
        QcSparkTest.tmp = Files.createTempDirectory("pca");
        regenie = QcSparkTest.ingest("data/regenie/gwas/regenie_example_fromplink.AC.vcf.gz", "regenie.mvt", null);
        cineca = QcSparkTest.ingest("data/pgsc_calc/cineca_synthetic_subset.vcf.gz", "cineca.mvt", null);
        wex = QcSparkTest.ingest("data/htsjdk/cohort/ilmn_wex.GTonly.vcf.gz", "wex.mvt", null);
        sim = QcSparkTest.ingest(
                "data/qc/sim_families.vcf.gz",
                "sim.mvt",
                org.musubi.testing.Fixtures.resource("data/qc/sim_families.samples.tsv")
                        .toString());
    }

    static QcRequest.Builder pca(Path table, String out, int partitions) {
        return QcSparkTest.everything(table, out, partitions).steps(EnumSet.of(QcStep.PCA));
    }

    static Path run(QcRequest r) throws Exception {
        QcPlan.run(spark(), r);
        return Path.of(r.out());
    }

    /** Rows of an .eigenvec keyed by IID, values PC1..PCk. */
    static Map<String, double[]> eigenvec(List<String> lines) {
        Map<String, double[]> out = new HashMap<>();
        int ids = lines.get(0).startsWith("#FID") ? 2 : 1;
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t");
            double[] v = new double[f.length - ids];
            for (int i = ids; i < f.length; i++) {
                v[i - ids] = Double.parseDouble(f[i]);
            }
            out.put(f[ids - 1], v);
        }
        return out;
    }

    static double corr(Map<String, double[]> a, Map<String, double[]> b, int pc) {
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        int n = 0;
        for (Map.Entry<String, double[]> e : a.entrySet()) {
            double x = e.getValue()[pc];
            double y = b.get(e.getKey())[pc];
            sa += x;
            sb += y;
            saa += x * x;
            sbb += y * y;
            sab += x * y;
            n++;
        }
        double cov = sab - sa * sb / n;
        return cov / Math.sqrt((saa - sa * sa / n) * (sbb - sb * sb / n));
    }

    static double[] doubles(List<String> lines) {
        return lines.stream().mapToDouble(Double::parseDouble).toArray();
    }

    @Test
    void exactMatchesPlink2OnRegenieWithOneTwoAndEightTasks() throws Exception {
        Path one = run(pca(regenie, "regenie.pca.1", 1).pcaMode("exact").build());
        double[] mine = doubles(Files.readAllLines(one.resolve("pca.eigenval")));
        double[] theirs = doubles(QcSparkTest.oracle("regenie.pca.eigenval"));
        for (int c = 0; c < 10; c++) {
            assertThat(Math.abs(mine[c] - theirs[c]) / theirs[c])
                    .as("eigenvalue %d", c + 1)
                    .isLessThan(5e-6);
        }
        Map<String, double[]> a = eigenvec(Files.readAllLines(one.resolve("pca.eigenvec")));
        Map<String, double[]> b = eigenvec(QcSparkTest.oracle("regenie.pca.eigenvec.gz"));
        double[] sign = new double[10];
        for (int c = 0; c < 10; c++) {
            double r = corr(a, b, c);
            assertThat(Math.abs(r)).as("PC%d", c + 1).isGreaterThanOrEqualTo(0.9999);
            sign[c] = Math.signum(r);
        }
        List<String> wa = Files.readAllLines(one.resolve("pca.eigenvec.allele"));
        List<String> wb = QcSparkTest.oracle("regenie.pca.eigenvec.allele.gz");
        assertThat(wa).hasSameSizeAs(wb);
        for (int i = 1; i < wa.size(); i++) {
            String[] x = wa.get(i).split("\t");
            String[] y = wb.get(i).split("\t");
            assertThat(x[4]).isEqualTo(y[4]);
            for (int c = 0; c < 10; c++) {
                assertThat(Double.parseDouble(x[5 + c]))
                        .as("%s PC%d", x[1], c + 1)
                        .isCloseTo(
                                sign[c] * Double.parseDouble(y[5 + c]),
                                org.assertj.core.api.Assertions.within(
                                        2e-4 * Math.max(1, Math.abs(Double.parseDouble(y[5 + c])))));
            }
        }
        for (int tasks : new int[] {2, 8}) {
            Path other = run(
                    pca(regenie, "regenie.pca." + tasks, tasks).pcaMode("exact").build());
            for (String f : List.of("pca.eigenvec", "pca.eigenval", "pca.eigenvec.allele", "covariates.tsv")) {
                assertThat(Files.readAllLines(other.resolve(f)))
                        .as(f + " with " + tasks + " tasks")
                        .isEqualTo(Files.readAllLines(one.resolve(f)));
            }
        }
        // the scale rule: plink2 --score ... variance-standardize on our weights gives SUM = −m·√λ·PC
        Map<String, double[]> score = eigenvec(QcSparkTest.oracle("regenie.pca.sscore.gz"));
        for (Map.Entry<String, double[]> e : a.entrySet()) {
            for (int c = 0; c < 10; c++) {
                double pc = -score.get(e.getKey())[2 + c] / (1000 * Math.sqrt(mine[c]));
                assertThat(pc).isCloseTo(e.getValue()[c], org.assertj.core.api.Assertions.within(1e-4));
            }
        }
        // projection of every sample onto another run's published weights: the fitted values back
        Path from =
                run(pca(regenie, "regenie.pca.from", 2).pcaFrom(one.toString()).build());
        Map<String, double[]> p = eigenvec(Files.readAllLines(from.resolve("pca.projected.eigenvec")));
        for (Map.Entry<String, double[]> e : a.entrySet()) {
            for (int c = 0; c < 10; c++) {
                assertThat(p.get(e.getKey())[c])
                        .isCloseTo(e.getValue()[c], org.assertj.core.api.Assertions.within(1e-3));
            }
        }
    }

    @Test
    void exactAndApproxMatchPlink2OnCineca() throws Exception {
        Path exact = run(pca(cineca, "cineca.pca", 2).pcaMode("exact").build());
        Map<String, double[]> b = eigenvec(QcSparkTest.oracle("cineca.pca.eigenvec.gz"));
        Map<String, double[]> a = eigenvec(Files.readAllLines(exact.resolve("pca.eigenvec")));
        double[] mine = doubles(Files.readAllLines(exact.resolve("pca.eigenval")));
        double[] theirs = doubles(QcSparkTest.oracle("cineca.pca.eigenval"));
        List<Double> corrs = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            assertThat(Math.abs(mine[c] - theirs[c]) / theirs[c])
                    .as("eigenvalue %d", c + 1)
                    .isLessThan(5e-6);
            corrs.add(corr(a, b, c));
            assertThat(Math.abs(corrs.get(c))).as("PC%d", c + 1).isGreaterThanOrEqualTo(0.9999);
        }
        // EIGENSOFT smartpca (its own standardisation, 4 printed decimals): the same structured axes
        Map<String, double[]> smart = eigenvec(QcSparkTest.oracle("cineca.smartpca.eigenvec.gz"));
        for (int c = 0; c < 4; c++) {
            assertThat(Math.abs(corr(a, smart, c))).as("smartpca PC%d", c + 1).isGreaterThanOrEqualTo(0.999);
        }
        Path approx = run(pca(cineca, "cineca.pca.approx", 3).pcaMode("approx").build());
        Map<String, double[]> x = eigenvec(Files.readAllLines(approx.resolve("pca.eigenvec")));
        for (int c = 0; c < 4; c++) {
            assertThat(Math.abs(corr(x, b, c))).as("approx PC%d", c + 1).isGreaterThanOrEqualTo(0.99);
        }
    }

    /**
     * The scale rule with missing calls (the exome: 26% of the calls at its 29 PCA variants missing): a sample's
     * projection is plink2 {@code --score ... variance-standardize} on the published weights, PC = −SCORE_SUM /
     * (m·√λ) with m the reference's variants (missing → 0, not rescaled by the sample's called count). A fitted
     * sample's projection is not its in-sample value here: exact mode's GRM, as plink2's, divides each pair by the
     * variants both samples have called, which no per-variant weights can reproduce; the gap is in summary.json.
     */
    @Test
    void exomeWithMissingCallsProjectsOnPlink2ScoreScale() throws Exception {
        Path fit = run(pca(wex, "wex.pca", 2).pcaMode("exact").build());
        double[] lambda = doubles(Files.readAllLines(fit.resolve("pca.eigenval")));
        long m = Files.readAllLines(fit.resolve("pca.afreq")).size() - 1;
        assertThat(m).isEqualTo(29);
        Path from = run(pca(wex, "wex.pca.from", 2).pcaFrom(fit.toString()).build());
        Map<String, double[]> p = eigenvec(Files.readAllLines(from.resolve("pca.projected.eigenvec")));
        Map<String, double[]> score = eigenvec(QcSparkTest.oracle("wex.pca.sscore.gz"));
        assertThat(p.keySet()).isEqualTo(score.keySet()).hasSize(1182);
        for (Map.Entry<String, double[]> e : p.entrySet()) {
            for (int c = 0; c < 10; c++) {
                double theirs = -score.get(e.getKey())[2 + c] / (m * Math.sqrt(lambda[c]));
                assertThat(e.getValue()[c])
                        .as("%s PC%d", e.getKey(), c + 1)
                        .isCloseTo(theirs, org.assertj.core.api.Assertions.within(2e-6));
            }
        }
        String summary = Files.readString(fit.resolve("summary.json"));
        assertThat(summary).contains("\"max_projection_error_of_fitted\"").contains("\"projection_note\"");
    }

    /** Fitted on the unrelated set of a cohort with families (plink2 --keep its --king-cutoff set), the rest projected. */
    @Test
    void unrelatedSetOfSimulatedFamiliesExactAndApproxWithOneTwoAndEightTasks() throws Exception {
        Map<String, double[]> b = eigenvec(QcSparkTest.oracle("sim_families.pca.eigenvec.gz"));
        double[] theirs = doubles(QcSparkTest.oracle("sim_families.pca.eigenval"));
        Path first = null;
        for (int tasks : new int[] {1, 2, 8}) {
            Path exact = run(QcSparkTest.everything(sim, "sim.pca." + tasks, tasks)
                    .steps(EnumSet.of(QcStep.KING, QcStep.UNRELATED, QcStep.PCA))
                    .pcaMode("exact")
                    .build());
            if (first == null) {
                first = exact;
                Map<String, double[]> a = eigenvec(Files.readAllLines(exact.resolve("pca.eigenvec")));
                assertThat(a.keySet()).isEqualTo(b.keySet());
                double[] mine = doubles(Files.readAllLines(exact.resolve("pca.eigenval")));
                for (int c = 0; c < 10; c++) {
                    assertThat(Math.abs(mine[c] - theirs[c]) / theirs[c])
                            .as("eigenvalue %d", c + 1)
                            .isLessThan(5e-6);
                    assertThat(Math.abs(corr(a, b, c))).as("PC%d", c + 1).isGreaterThanOrEqualTo(0.9999);
                }
                assertThat(Files.readAllLines(exact.resolve("pca.projected.eigenvec")))
                        .hasSize(1 + 600 - 408);
                assertThat(Files.readAllLines(exact.resolve("covariates.tsv")))
                        .hasSize(601)
                        .first()
                        .isEqualTo("FID\tIID" + PcaOutput.pcHeader(10) + "\tSEX");
            } else {
                for (String f : List.of("pca.eigenvec", "pca.eigenval", "pca.projected.eigenvec", "covariates.tsv")) {
                    assertThat(Files.readAllLines(exact.resolve(f)))
                            .as(f + " with " + tasks + " tasks")
                            .isEqualTo(Files.readAllLines(first.resolve(f)));
                }
            }
        }
        Path approx1 = null;
        for (int tasks : new int[] {1, 8}) {
            Path approx = run(QcSparkTest.everything(sim, "sim.approx." + tasks, tasks)
                    .steps(EnumSet.of(QcStep.KING, QcStep.UNRELATED, QcStep.PCA))
                    .pcaMode("approx")
                    .build());
            if (approx1 == null) {
                approx1 = approx;
                Map<String, double[]> x = eigenvec(Files.readAllLines(approx.resolve("pca.eigenvec")));
                Map<String, double[]> y = eigenvec(QcSparkTest.oracle("sim_families.pca_approx.eigenvec.gz"));
                assertThat(Math.abs(corr(x, b, 0))).as("approx PC1 vs exact").isGreaterThanOrEqualTo(0.99);
                assertThat(Math.abs(corr(x, y, 0)))
                        .as("approx PC1 vs plink2 approx")
                        .isGreaterThanOrEqualTo(0.99);
            } else {
                assertThat(Files.readAllLines(approx.resolve("pca.eigenvec")))
                        .isEqualTo(Files.readAllLines(approx1.resolve("pca.eigenvec")));
            }
        }
    }

    /** covariates.tsv and keep.samples.txt go to gwas --covar and --keep as they are. */
    @Test
    void covariatesAndKeepListFeedGwas() throws Exception {
        Path qc = run(QcSparkTest.everything(regenie, "regenie.qc", 2)
                .steps(EnumSet.of(QcStep.SAMPLE, QcStep.VARIANT, QcStep.PCA))
                .pcaK(4)
                .build());
        Path gwas = QcSparkTest.tmp.resolve("regenie.gwas");
        org.musubi.gwas.GwasPlan.run(
                spark(),
                org.musubi.gwas.GwasRequest.builder()
                        .table(regenie.toString())
                        .phenoFile(org.musubi.testing.Fixtures.resource("data/regenie/gwas/phenotype.txt")
                                .toString())
                        .phenoNames(List.of("Y1"))
                        .covarFile(qc.resolve("covariates.tsv").toString())
                        .keep(qc.resolve("keep.samples.txt").toString())
                        .out(gwas.toString())
                        .arguments(List.of("gwas", "test"))
                        .build());
        String summary = Files.readString(gwas.resolve("summary.json"));
        assertThat(summary).contains("PC4");
        assertThat(Files.readAllLines(qc.resolve("covariates.tsv")).get(0)).isEqualTo("IID\tPC1\tPC2\tPC3\tPC4");
    }

    /** With the prune step in the same run, the PCA takes its pruned set. */
    @Test
    void prunedSetFeedsThePca() throws Exception {
        Path out = run(pca(sim, "sim.pruned.pca", 2)
                .steps(EnumSet.of(QcStep.PRUNE, QcStep.PCA))
                .pcaK(4)
                .build());
        String summary = Files.readString(out.resolve("summary.json"));
        assertThat(summary).contains("LD-pruned (prune step)");
        long pruned = Files.readAllLines(out.resolve("prune.in")).size();
        List<String> allele = Files.readAllLines(out.resolve("pca.eigenvec.allele"));
        assertThat((allele.size() - 1) / 2).isPositive().isLessThanOrEqualTo((int) pruned);
    }

    @Test
    void badInputIsOneLineAndWritesNothing() throws Exception {
        QcRequest tooMany = pca(regenie, "bad.k", 2).pcaK(501).build();
        assertThatThrownBy(() -> QcPlan.run(spark(), tooMany))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("has 500 samples");
        assertThat(Path.of(tooMany.out())).doesNotExist();
        Path list = QcSparkTest.tmp.resolve("few.txt");
        Files.write(list, List.of("1", "2", "3", "4", "5"));
        QcRequest few = pca(regenie, "bad.m", 2)
                .pcaMode("approx")
                .pcaVariants(list.toString())
                .build();
        assertThatThrownBy(() -> QcPlan.run(spark(), few))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("5 variants passed")
                .hasMessageContaining("needs at least 220");
        assertThat(Path.of(few.out())).doesNotExist();
        Path ref = run(pca(regenie, "ref.k2", 1).pcaK(2).build());
        QcRequest far = pca(cineca, "bad.from", 2).pcaFrom(ref.toString()).build();
        assertThatThrownBy(() -> QcPlan.run(spark(), far))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("projection needs at least 50%");
        assertThat(Path.of(far.out())).doesNotExist();
    }
}
