package org.musubi.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code musubi prs --outcome} end to end on the CINECA cohort (2504 samples, PGS001229 on its 829 rsIDs as plink2
 * scores it) against the statsmodels oracle of the engine's PrsEvaluationTest, and the release gate: with a policy
 * no per-sample file, no sample ID and no count 0 &lt; c &lt; k leaves the job.
 */
@Tag("spark")
class PrsJobTest {
    @TempDir
    static Path tmp;

    static Path table;
    static Path outcomes;
    static Path covariates;

    /** Fixtures of the engine module (the reactor runs this test in jobs/). */
    static Path engineFixture(String relative) {
        Path p = Paths.get("../engine/src/test/resources").resolve(relative).toAbsolutePath();
        assertThat(p).exists();
        return p;
    }

    record Run(int exit, String err) {}

    static Run musubi(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--master", "local[2]", "--log-level", "WARN"));
        int exit;
        try (PrintStream p = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            System.setErr(p);
            exit = Musubi.execute(all.toArray(String[]::new));
        } finally {
            System.setErr(saved);
        }
        String err = buf.toString(StandardCharsets.UTF_8);
        saved.print(err);
        return new Run(exit, err);
    }

    @BeforeAll
    static void setUp() throws Exception {
        table = tmp.resolve("cineca.mvt");
        Run r = musubi(
                "ingest",
                "--input",
                engineFixture("data/pgsc_calc/cineca_synthetic_subset.vcf.gz").toString(),
                "--output",
                table.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        // One outcome file with a binary and a quantitative trait (glow's simulated traits, IID only).
        List<String> bin = Files.readAllLines(engineFixture("data/glow/gwas/binary.tsv"));
        List<String> qt = Files.readAllLines(engineFixture("data/glow/gwas/continuous.tsv"));
        StringBuilder o = new StringBuilder("IID\tBinary_Trait_1\tContinuous_Trait_1\n");
        for (int i = 1; i < bin.size(); i++) {
            String[] b = bin.get(i).split("\t");
            String[] q = qt.get(i).split("\t");
            assertThat(q[0]).isEqualTo(b[0]);
            o.append(b[0]).append('\t').append(b[1]).append('\t').append(q[1]).append('\n');
        }
        outcomes = Files.writeString(tmp.resolve("outcomes.tsv"), o.toString());
        covariates = engineFixture("data/glow/gwas/covariates.tsv");
    }

    static List<String> prs(String out, String... extra) {
        List<String> a = new ArrayList<>(List.of(
                "prs",
                "--table",
                table.toString(),
                "--score",
                engineFixture("data/prs/PGS001229_22.txt").toString(),
                "--keep-ambiguous",
                "--outcome",
                outcomes.toString(),
                "--out",
                tmp.resolve(out).toString()));
        a.addAll(List.of(extra));
        return a;
    }

    /** evaluation.tsv rows: outcome:metric → columns. */
    static Map<String, Map<String, String>> evaluation(Path dir) throws Exception {
        List<String> lines = Files.readAllLines(dir.resolve("evaluation.tsv"));
        String[] h = lines.get(0).split("\t");
        Map<String, Map<String, String>> m = new LinkedHashMap<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < h.length; i++) {
                row.put(h[i], f[i]);
            }
            m.put(f[1] + ":" + f[3], row);
        }
        return m;
    }

    /** Oracle metric rows of one case: name → estimate, lower, upper. */
    static Map<String, double[]> oracle(String caseId) throws Exception {
        Map<String, double[]> o = new HashMap<>();
        for (String l : Files.readAllLines(engineFixture("data/prs/eval/eval_oracle.tsv"))) {
            String[] f = l.split("\t");
            if (f[0].equals(caseId) && f[1].equals("metric")) {
                double[] v = new double[f.length - 3];
                for (int i = 3; i < f.length; i++) {
                    v[i - 3] = f[i].equals("nan") ? Double.NaN : Double.parseDouble(f[i]);
                }
                o.put(f[2], v);
            }
        }
        return o;
    }

    /**
     * The oracle evaluates plink2's printed SUM (6 significant digits); Musubi evaluates its own SUM, equal to
     * plink2's within that rounding (PrsSparkTest). A relative perturbation of ~1e-6 of the scores moves the fitted
     * coefficients by the same order and can flip a few near-tied pairs (1/(n₁n₀) ≈ 7e-7 each on the AUC), so 2e-5
     * relative + 1e-7 absolute; a wrong formula is off by far more.
     */
    static void close(String what, String actual, double expected) {
        if (Double.isNaN(expected)) {
            assertThat(actual).as(what).isEqualTo("NA");
            return;
        }
        assertThat(Double.parseDouble(actual)).as(what).isCloseTo(expected, within(1e-7 + 2e-5 * Math.abs(expected)));
    }

    @Test
    void evaluationThroughTheJobEqualsStatsmodels() throws Exception {
        Run r = musubi(prs("eval", "--covar", covariates.toString(), "--prevalence", "0.1")
                .toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        Path out = tmp.resolve("eval");
        Map<String, Map<String, String>> ev = evaluation(out);
        int checked = 0;
        for (String[] c : new String[][] {{"bin1_cov", "Binary_Trait_1"}, {"cont1_cov", "Continuous_Trait_1"}}) {
            for (Map.Entry<String, double[]> e : oracle(c[0]).entrySet()) {
                Map<String, String> row = ev.get(c[1] + ":" + e.getKey());
                assertThat(row).as(e.getKey()).isNotNull();
                close(c[1] + " " + e.getKey(), row.get("estimate"), e.getValue()[0]);
                if (e.getValue().length > 2) {
                    close(c[1] + " " + e.getKey() + " lower", row.get("lower"), e.getValue()[1]);
                    close(c[1] + " " + e.getKey() + " upper", row.get("upper"), e.getValue()[2]);
                }
                assertThat(row.get("n")).isEqualTo("2504");
                checked++;
            }
        }
        assertThat(checked).isEqualTo(25 + 4);
        assertThat(ev.get("Binary_Trait_1:or_per_sd").get("n_cases")).isEqualTo("1194");
        assertThat(ev.get("Binary_Trait_1:or_per_sd").get("covariates")).startsWith("sharedConfounder1_bin1,");
        // Per-sample outputs are there (internal run), and the report files.
        for (String f : new String[] {
            "PGS001229.sscore",
            "scores.parquet",
            "evaluation_ppm.csv",
            "deciles.tsv",
            "calibration.tsv",
            "prs_report.html",
            "_SUCCESS"
        }) {
            assertThat(out.resolve(f)).exists();
        }
        String ppm = Files.readString(out.resolve("evaluation_ppm.csv"));
        assertThat(ppm).contains("PGS001229,cineca,,Binary_Trait_1,").contains("0.979 [0.896,1.07]");
        String html = Files.readString(out.resolve("prs_report.html"));
        assertThat(html)
                .contains("<svg")
                .contains("ROC")
                .contains("Score distribution")
                .contains("by PGS decile");
        assertThat(html).doesNotContain("<script").doesNotContain("src=\"http");
        assertThat(Files.readAllLines(out.resolve("calibration.tsv"))).hasSize(11);
        String summary = Files.readString(out.resolve("summary.json"));
        assertThat(summary)
                .contains("\"evaluation\"")
                .contains("\"table_samples_without_outcome_row\" : 0")
                .contains("\"or_per_sd\" : 0.979");
    }

    @Test
    void releasePolicyWritesNoSampleLevelDataAndNoSmallCounts() throws Exception {
        Path withdrawn = Files.writeString(tmp.resolve("withdrawn.txt"), "HG00096_HG00096\nHG00097_HG00097\n");
        Path policy = Files.writeString(
                tmp.resolve("policy.yaml"), "name: test\nk: 10\nwithdrawn_samples: " + withdrawn + "\n");
        Run r = musubi(prs("shared", "--outcome-name", "Binary_Trait_1", "--release-policy", policy.toString())
                .toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        Path out = tmp.resolve("shared");
        for (String f : new String[] {"PGS001229.sscore", "scores.parquet", "scores.tsv.gz"}) {
            assertThat(out.resolve(f)).doesNotExist();
        }
        Map<String, Map<String, String>> ev = evaluation(out);
        assertThat(ev.get("Binary_Trait_1:or_per_sd").get("n")).isEqualTo("2502");
        // top 1 %: 25 samples of which fewer than 10 are cases (7 of 2504 in the oracle) → the OR is suppressed
        assertThat(ev.get("Binary_Trait_1:or_top_1pct_vs_rest").get("estimate")).isEqualTo("suppressed");
        assertThat(ev.get("Binary_Trait_1:or_top_5pct_vs_rest").get("estimate")).isNotEqualTo("suppressed");
        // No count cell 0 < c < 10 in the group tables.
        for (String f : new String[] {"deciles.tsv", "calibration.tsv"}) {
            List<String> lines = Files.readAllLines(out.resolve(f));
            List<String> h = List.of(lines.get(0).split("\t"));
            for (String l : lines.subList(1, lines.size())) {
                String[] v = l.split("\t", -1);
                for (String col : new String[] {"n", "n_cases", "n_controls", "observed_cases"}) {
                    int i = h.indexOf(col);
                    if (i >= 0 && !v[i].equals("suppressed") && !v[i].equals("NA")) {
                        long c = Long.parseLong(v[i]);
                        assertThat(c == 0 || c >= 10).as(f + ": " + l).isTrue();
                    }
                }
            }
        }
        assertThat(Files.readString(out.resolve("deciles.tsv"))).contains("top_1pct\t25\tsuppressed\tsuppressed");
        // No sample ID anywhere in the output.
        try (Stream<Path> files = Files.walk(out)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                byte[] b = Files.readAllBytes(p);
                String s = new String(b, StandardCharsets.ISO_8859_1);
                assertThat(s)
                        .as(p.toString())
                        .doesNotContain("HG00")
                        .doesNotContain("NA12")
                        .doesNotContain("NA19");
            }
        }
        assertThat(Files.readString(out.resolve("summary.json")))
                .contains("release gate k=10")
                .contains("\"withdrawn_samples_excluded\" : 2");
    }

    @Test
    void outcomeWithoutMatchingSamplesIsAUserError() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.tsv"), "IID\tT\nX1\t1\nX2\t0\n");
        List<String> a = prs("bad");
        a.set(a.indexOf(outcomes.toString()), bad.toString());
        Run r = musubi(a.toArray(String[]::new));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains(bad.toString()).contains("X1, X2").contains("FID_IID");
        assertThat(tmp.resolve("bad")).doesNotExist();
        Run r2 = musubi("prs", "--table", table.toString(), "--score", "x.txt", "--covar", "c.tsv", "--out", "o");
        assertThat(r2.exit()).isEqualTo(1);
        assertThat(r2.err()).contains("need --outcome");
    }
}
