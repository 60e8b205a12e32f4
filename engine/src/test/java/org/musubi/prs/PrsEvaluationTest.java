package org.musubi.prs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.musubi.testing.Fixtures;

/**
 * PRS evaluation metrics against statsmodels / scipy / numpy (fixture {@code data/prs/eval/eval_oracle.tsv}, made by
 * {@code make_eval_oracle.py} next to it from plink2's PGS001229 SUM and glow's simulated traits) and hand cases.
 */
class PrsEvaluationTest {
    /** Oracle rows: case → kind:name → values. */
    static Map<String, Map<String, double[]>> oracle() throws Exception {
        Map<String, Map<String, double[]>> o = new HashMap<>();
        for (String l : Files.readAllLines(Fixtures.resource("data/prs/eval/eval_oracle.tsv"))) {
            String[] f = l.split("\t");
            double[] v = new double[f.length - 3];
            for (int i = 3; i < f.length; i++) {
                v[i - 3] = f[i].equals("nan") ? Double.NaN : Double.parseDouble(f[i]);
            }
            o.computeIfAbsent(f[0], k -> new HashMap<>()).put(f[1] + ":" + f[2], v);
        }
        return o;
    }

    /** IID → values of a '#IID'/'IID'-first TSV; column names in {@code header}. */
    static Map<String, String[]> table(String path, List<String> header) throws Exception {
        List<String> lines = Files.readAllLines(Fixtures.resource(path));
        header.addAll(Arrays.asList(lines.get(0).split("\t")));
        Map<String, String[]> m = new LinkedHashMap<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t");
            m.put(f[header.get(0).equals("#FID") ? 1 : 0], f);
        }
        return m;
    }

    /** The same input as the Python oracle builds for one case. */
    static PrsEvaluation.Input input(
            String caseId, String outcomeFile, String outcome, int covariates, PrsEvaluation.Basis basis, double k)
            throws Exception {
        List<String> sh = new ArrayList<>();
        Map<String, String[]> score = table("data/prs/score_PGS001229_22_by_rsid.sscore", sh);
        List<String> oh = new ArrayList<>();
        Map<String, String[]> out = table("data/glow/gwas/" + outcomeFile, oh);
        List<String> ch = new ArrayList<>();
        Map<String, String[]> cov = table("data/glow/gwas/covariates.tsv", ch);
        int oc = oh.indexOf(outcome);
        int n = score.size();
        double[] pgs = new double[n];
        double[] y = new double[n];
        double[] c = new double[n * covariates];
        int i = 0;
        for (Map.Entry<String, String[]> e : score.entrySet()) {
            pgs[i] = Double.parseDouble(e.getValue()[sh.indexOf("SCORE1_SUM")]);
            y[i] = Double.parseDouble(out.get(e.getKey())[oc]);
            for (int j = 0; j < covariates; j++) {
                c[j * n + i] = Double.parseDouble(cov.get(e.getKey())[1 + j]);
            }
            i++;
        }
        return new PrsEvaluation.Input(
                "PGS001229",
                outcome,
                outcomeFile.startsWith("binary"),
                pgs,
                y,
                c,
                ch.subList(1, 1 + covariates),
                basis,
                k,
                0);
    }

    /**
     * Both sides fit by Newton–Raphson to convergence (Musubi: |step| < 1e-10; statsmodels tol 1e-12), so
     * coefficients agree to ~1e-10 and the oracle prints 17 digits: 1e-7 relative + 1e-9 absolute leaves room for
     * the CI arithmetic without hiding a wrong formula (a wrong SE or df moves values by far more).
     */
    static void close(String what, double actual, double expected) {
        if (Double.isNaN(expected)) {
            assertThat(actual).as(what).isNaN();
            return;
        }
        assertThat(actual).as(what).isCloseTo(expected, within(1e-9 + 1e-7 * Math.abs(expected)));
    }

    static int checkAgainstOracle(String caseId, PrsEvaluation.Result r) throws Exception {
        Map<String, double[]> o = oracle().get(caseId);
        int checked = 0;
        close("n", r.n(), o.get("info:n")[0]);
        close("mean", r.mean(), o.get("info:mean")[0]);
        close("sd", r.sd(), o.get("info:sd")[0]);
        for (Map.Entry<String, double[]> e : o.entrySet()) {
            String[] key = e.getKey().split(":", 2);
            double[] v = e.getValue();
            if (key[0].equals("metric") || key[0].equals("woolf")) {
                PrsEvaluation.Metric m = r.metric(key[1]);
                assertThat(m).as(caseId + " " + key[1]).isNotNull();
                close(caseId + " " + key[1] + " estimate", m.estimate(), v[0]);
                if (v.length > 1) {
                    close(caseId + " " + key[1] + " lower", m.lower(), v[1]);
                    close(caseId + " " + key[1] + " upper", m.upper(), v[2]);
                }
                if (v.length > 3 && key[0].equals("metric")) {
                    close(caseId + " " + key[1] + " se", m.se(), v[3]);
                }
                if (v.length > 4) {
                    close(caseId + " " + key[1] + " p", m.p(), v[4]);
                }
                checked++;
            } else if (key[0].equals("group")) {
                String name = key[1];
                String table = name.startsWith("pgs_decile")
                        ? "pgs_decile"
                        : name.startsWith("calibration") ? "calibration" : "top";
                String group = table.equals("top") ? name : name.substring(name.lastIndexOf('_') + 1);
                PrsEvaluation.Group g = r.groups().stream()
                        .filter(x -> x.table().equals(table) && x.group().equals(group))
                        .findFirst()
                        .orElseThrow();
                close(name + " n", g.n(), v[0]);
                if (r.input().binary()) {
                    close(name + " cases", g.cases(), v[1]);
                }
                if (v.length > 2) {
                    close(name + " value", g.value(), v[2]);
                    close(name + " lower", g.lower(), v[3]);
                    close(name + " upper", g.upper(), v[4]);
                }
                if (v.length > 5) {
                    close(name + " mean predicted", g.meanPredicted(), v[5]);
                }
                checked++;
            }
        }
        return checked;
    }

    @Test
    void binaryWithCovariatesEqualsStatsmodels() throws Exception {
        PrsEvaluation.Input in = input("bin1_cov", "binary.tsv", "Binary_Trait_1", 6, PrsEvaluation.Basis.ALL, 0.1);
        PrsEvaluation.Result r = PrsEvaluation.evaluate(in);
        // 4 AUC rows, OR/SD, 3 Nagelkerke, 2 R², 4 top-x, 8 decile ORs, HL, slope, intercept; 8 top + 10 + 10 groups
        assertThat(checkAgainstOracle("bin1_cov", r)).isEqualTo(25 + 28);
        // In-sample calibration of a logistic MLE is exact: slope 1, intercept 0 (score equations).
        assertThat(r.metric("calibration_slope").estimate()).isCloseTo(1, within(1e-8));
        assertThat(r.metric("calibration_intercept").estimate()).isCloseTo(0, within(1e-8));
    }

    @Test
    void binaryWithoutCovariatesIsWoolfAndStatsmodels() throws Exception {
        PrsEvaluation.Result r = PrsEvaluation.evaluate(
                input("bin1_nocov", "binary.tsv", "Binary_Trait_1", 0, PrsEvaluation.Basis.ALL, Double.NaN));
        checkAgainstOracle("bin1_nocov", r);
        assertThat(r.metric("auc_covariates")).isNull();
        assertThat(r.metric("r2_liability_gain")).isNull();
        assertThat(r.roc()).hasSize(1);
    }

    @Test
    void controlsBasisAndThreeCovariates() throws Exception {
        PrsEvaluation.Result r = PrsEvaluation.evaluate(input(
                "bin2_cov_controls", "binary.tsv", "Binary_Trait_2", 3, PrsEvaluation.Basis.CONTROLS, Double.NaN));
        checkAgainstOracle("bin2_cov_controls", r);
    }

    @Test
    void quantitativeEqualsStatsmodelsOls() throws Exception {
        PrsEvaluation.Result r = PrsEvaluation.evaluate(
                input("cont1_cov", "continuous.tsv", "Continuous_Trait_1", 6, PrsEvaluation.Basis.ALL, Double.NaN));
        // β/SD, 3 R², 10 deciles
        assertThat(checkAgainstOracle("cont1_cov", r)).isEqualTo(14);
    }

    @Test
    void aSeparatedDecileIsAReportedNaNRowNotAnError() {
        // 200 samples, score = index; the lowest decile (20 samples) has no case, the others alternate 0/1
        int n = 200;
        double[] pgs = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            pgs[i] = i;
            y[i] = i >= 20 && i % 2 == 1 ? 1 : 0;
        }
        PrsEvaluation.Result r = PrsEvaluation.evaluate(new PrsEvaluation.Input(
                "S", "y", true, pgs, y, new double[0], List.of(), PrsEvaluation.Basis.ALL, Double.NaN, 0));
        PrsEvaluation.Metric d1 = r.metric("or_decile_1_vs_deciles_5_6");
        assertThat(d1.estimate()).isNaN();
        assertThat(d1.method()).contains("separation");
        assertThat(r.notes()).anyMatch(s -> s.startsWith("or_decile_1_vs_deciles_5_6: "));
        // decile 10 (10 cases, 10 controls) vs deciles 5–6 (20 and 20): OR 1 exactly (Woolf)
        assertThat(r.metric("or_decile_10_vs_deciles_5_6").estimate()).isCloseTo(1, within(1e-9));
        assertThat(r.groups().stream()
                        .filter(g -> g.table().equals("pgs_decile") && g.group().equals("1"))
                        .findFirst()
                        .orElseThrow()
                        .cases())
                .isZero();
    }

    @Test
    void delongPairedDifferenceOnAHandCase() {
        // cases (y=1): A = 0.9, 0.6, 0.4  B = 0.7, 0.8, 0.2; controls: A = 0.5, 0.3, 0.4  B = 0.5, 0.6, 0.1
        // V10_A = (1, 1, ½) [0.4 beats 0.3, ties 0.4], V01_A = (2/3, 1, 5/6); V10_B = (1, 1, 1/3), V01_B = (2/3, 2/3,
        // 1)
        // AUC_A = 5/6, AUC_B = 7/9; S10: var_A = 1/12, var_B = 4/27, cov = 1/9; S01: 1/36, 1/27, cov 0
        // Var(A − B) = (1/12 + 4/27 − 2/9)/3 + (1/36 + 1/27)/3 = (1/108 + 7/108)/3 = 2/81
        double[] a = {0.9, 0.6, 0.4, 0.5, 0.3, 0.4};
        double[] b = {0.7, 0.8, 0.2, 0.5, 0.6, 0.1};
        boolean[] y = {true, true, true, false, false, false};
        PrsMetrics.AucDifference d = PrsMetrics.aucDifference(a, b, y);
        assertThat(d.aucA()).isCloseTo(5.0 / 6, within(1e-15));
        assertThat(d.aucB()).isCloseTo(7.0 / 9, within(1e-15));
        assertThat(d.difference()).isCloseTo(1.0 / 18, within(1e-15));
        assertThat(d.variance()).isCloseTo(2.0 / 81, within(1e-15));
        assertThat(d.upper() - d.difference()).isCloseTo(1.959963984540054 * Math.sqrt(2.0 / 81), within(1e-14));
        // The difference of a score with itself is 0 with variance 0.
        assertThat(PrsMetrics.aucDifference(a, a, y).variance()).isZero();
        // Single-score DeLong from the components equals the existing kernel.
        PrsMetrics.Components ca = PrsMetrics.components(a, y);
        assertThat(ca.v10()).containsExactly(1, 1, 0.5);
        assertThat(ca.v01()).containsExactly(new double[] {2.0 / 3, 1, 5.0 / 6}, within(1e-15));
    }

    @Test
    void aucEqualsMannWhitneyRankSumOnGeneratedData() {
        // U from the rank-sum formula with mid-ranks, U = R₁ − n₁(n₁+1)/2 (an independent route from the pairs).
        Random rnd = new Random(11);
        for (int rep = 0; rep < 5; rep++) {
            int n = 200 + 150 * rep;
            double[] s = new double[n];
            boolean[] c = new boolean[n];
            for (int i = 0; i < n; i++) {
                c[i] = rnd.nextDouble() < 0.2 + 0.1 * rep;
                s[i] = Math.round((rnd.nextGaussian() + (c[i] ? 0.4 : 0)) * 3) / 3.0; // many ties
            }
            Integer[] idx = new Integer[n];
            for (int i = 0; i < n; i++) {
                idx[i] = i;
            }
            Arrays.sort(idx, (p, q) -> Double.compare(s[p], s[q]));
            double[] rank = new double[n];
            for (int i = 0; i < n; ) {
                int j = i;
                while (j + 1 < n && s[idx[j + 1]] == s[idx[i]]) {
                    j++;
                }
                for (int t = i; t <= j; t++) {
                    rank[idx[t]] = (i + j) / 2.0 + 1;
                }
                i = j + 1;
            }
            double r1 = 0;
            long n1 = 0;
            for (int i = 0; i < n; i++) {
                if (c[i]) {
                    r1 += rank[i];
                    n1++;
                }
            }
            double u = r1 - n1 * (n1 + 1) / 2.0;
            assertThat(PrsMetrics.auc(s, c).auc()).isCloseTo(u / (n1 * (double) (n - n1)), within(1e-12));
            assertThat(PrsMetrics.components(s, c).auc()).isCloseTo(u / (n1 * (double) (n - n1)), within(1e-12));
        }
    }

    @Test
    void releaseGateHidesSmallCellsAndWhatIsMadeFromThem() throws Exception {
        PrsEvaluation.Input in0 =
                input("bin1_nocov", "binary.tsv", "Binary_Trait_1", 0, PrsEvaluation.Basis.ALL, Double.NaN);
        int k = 10;
        PrsEvaluation.Input in = new PrsEvaluation.Input(
                in0.score(),
                in0.outcome(),
                true,
                in0.pgs(),
                in0.y(),
                in0.covariates(),
                in0.covariateNames(),
                in0.basis(),
                Double.NaN,
                k);
        PrsEvaluation.Result r = PrsEvaluation.evaluate(in);
        // top 1 %: 25 samples, 7 cases (oracle) → hidden, and so is the rest row (complementary suppression)
        PrsEvaluation.Group top1 = r.groups().stream()
                .filter(g -> g.group().equals("top_1pct"))
                .findFirst()
                .orElseThrow();
        assertThat(top1.cases()).isEqualTo(7);
        assertThat(top1.hidden()).isTrue();
        assertThat(r.groups().stream()
                        .filter(g -> g.group().equals("rest_1pct"))
                        .findFirst()
                        .orElseThrow()
                        .hidden())
                .isTrue();
        assertThat(r.metric("or_top_1pct_vs_rest").suppressed()).isTrue();
        assertThat(r.metric("or_top_1pct_vs_rest").estimate()).isNaN();
        assertThat(r.metric("or_top_5pct_vs_rest").suppressed()).isFalse();
        for (PrsEvaluation.Group g : r.groups()) {
            boolean small = (g.n() > 0 && g.n() < k)
                    || (g.cases() > 0 && g.cases() < k)
                    || (g.controls() > 0 && g.controls() < k);
            if (small) {
                assertThat(g.hidden()).as(g.table() + " " + g.group()).isTrue();
            }
        }
        // Plot data: no histogram bar 0 < c < k, no ROC step resting on fewer than k cases or controls.
        for (double[] counts : r.histogram().counts()) {
            for (double c : counts) {
                assertThat(c == 0 || Double.isNaN(c) || c >= k).isTrue();
            }
        }
        long n1 = r.cases();
        long n0 = r.controls();
        PrsEvaluation.Curve roc = r.roc().get(0);
        for (int i = 1; i < roc.x().length; i++) {
            long dFp = Math.round((roc.x()[i] - roc.x()[i - 1]) * n0);
            long dTp = Math.round((roc.y()[i] - roc.y()[i - 1]) * n1);
            assertThat(dFp == 0 || dFp >= k)
                    .as("ROC step %d controls %d", i, dFp)
                    .isTrue();
            assertThat(dTp == 0 || dTp >= k).as("ROC step %d cases %d", i, dTp).isTrue();
        }
        // Without the gate the same cells are shown, and the full ROC has a point per distinct score.
        PrsEvaluation.Result open = PrsEvaluation.evaluate(in0);
        assertThat(open.metric("or_top_1pct_vs_rest").suppressed()).isFalse();
        assertThat(open.roc().get(0).x().length).isGreaterThan(roc.x().length * 5);
    }
}
