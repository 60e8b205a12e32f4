package org.musubi.prs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;
import org.musubi.release.ReleaseGate;
import org.musubi.stats.Distributions;
import org.musubi.stats.GlmFit;

/**
 * Evaluation of one polygenic score against one outcome (../shared/SPECS.md §6), pure Java on the driver: the
 * per-sample score, outcome and covariates in, metric rows, decile and calibration tables and plot data out. No
 * Spark, no files.
 *
 * <p>Binary outcomes (0/1): AUC (DeLong CI) of the covariates alone, of the standardised PGS alone and of
 * covariates + PGS, and the paired DeLong difference; OR per SD (logistic, covariates adjusted); OR of the top 1, 5,
 * 10, 20 % vs the rest (logistic on the indicator + covariates; without covariates this is Woolf's OR); Nagelkerke
 * R² of both models against the intercept-only null and the gain; optional liability-scale R² (Lee et al. 2012);
 * OR of each PGS decile vs the middle deciles 5–6 (40–60 %); calibration of the covariates + PGS model by decile of
 * predicted risk (Wilson CI of the observed rate, Hosmer–Lemeshow on 8 df, slope and intercept of y on logit p̂).
 * Quantitative outcomes: β per SD (OLS, t CI), R² of both models and the gain, outcome mean by PGS decile. The binary
 * steps: {@link PrsBinaryEvaluation}; the helpers both use (designs, ranks, metric rows, gates, plot data) are here.
 *
 * <p>Groups: the samples sorted by value (ties by input order) and cut at rank ⌊g·n/10⌋ into deciles; the top x %
 * is the ⌊x·n + ½⌋ highest-ranked samples plus any tied with the lowest of them.
 *
 * <p>Release gate: with k &gt; 0 every decile, calibration and top-x count cell 0 &lt; c &lt; k is hidden with
 * complementary suppression ({@link ReleaseGate}), estimates made from a hidden cell are suppressed, the sample
 * counts of the run are gated, and the ROC and histogram plot data are coarsened so no point or bar rests on a
 * count 0 &lt; c &lt; k.
 */
public final class PrsEvaluation {
    private PrsEvaluation() {}

    static final double Z95 = PrsMetrics.Z95;
    public static final double[] TOP_PERCENTS = {1, 5, 10, 20};
    public static final int GROUPS = 10;

    /** Where the mean and SD of the standardisation come from. */
    public enum Basis {
        ALL,
        CONTROLS
    }

    /**
     * @param pgs the raw score per sample (e.g. SUM)
     * @param y outcome per sample: 0/1 for binary
     * @param covariates n × c column-major, or an empty array
     * @param prevalence population prevalence K for the liability-scale R², or NaN
     * @param k release gate threshold, 0 for none
     */
    public record Input(
            String score,
            String outcome,
            boolean binary,
            double[] pgs,
            double[] y,
            double[] covariates,
            List<String> covariateNames,
            Basis basis,
            double prevalence,
            int k) {
        int n() {
            return y.length;
        }

        int c() {
            return covariateNames.size();
        }
    }

    /** One metric: NaN where not applicable; {@code suppressed} when the release gate hides it. */
    public record Metric(
            String name,
            double estimate,
            double lower,
            double upper,
            double se,
            double p,
            String method,
            boolean suppressed) {}

    /**
     * One group row. Binary: cases/controls, observed rate with Wilson CI, OR vs the reference with its CI (NaN for
     * the reference deciles). Quantitative: mean outcome with t CI.
     */
    public record Group(
            String table,
            String group,
            long n,
            long cases,
            long controls,
            double meanPredicted,
            double value,
            double lower,
            double upper,
            double or,
            double orLower,
            double orUpper,
            boolean hidden) {}

    /** A curve for plotting: x and y coordinates. */
    public record Curve(String name, double[] x, double[] y) {}

    /** Score histogram (standardised units) per group (cases/controls, or all); hidden bars are NaN. */
    public record Histogram(double[] edges, List<String> names, List<double[]> counts) {}

    public record Result(
            Input input,
            long n,
            long cases,
            long controls,
            boolean countsHidden,
            double mean,
            double sd,
            List<Metric> metrics,
            List<Group> groups,
            List<Curve> roc,
            Histogram histogram,
            List<String> notes) {
        public Metric metric(String name) {
            for (Metric m : metrics) {
                if (m.name().equals(name)) {
                    return m;
                }
            }
            return null;
        }
    }

    public static Result evaluate(Input in) {
        int n = in.n();
        if (in.pgs().length != n || in.covariates().length != n * in.c()) {
            throw new IllegalArgumentException("lengths differ");
        }
        List<String> notes = new ArrayList<>();
        boolean[] isCase = new boolean[n];
        long cases = 0;
        if (in.binary()) {
            for (int i = 0; i < n; i++) {
                isCase[i] = in.y()[i] == 1;
                cases += isCase[i] ? 1 : 0;
            }
        }
        long controls = in.binary() ? n - cases : 0;
        // Standardisation.
        double mean = 0;
        double m2 = 0;
        int basisN = 0;
        for (int i = 0; i < n; i++) {
            if (in.basis() == Basis.ALL || !isCase[i]) {
                basisN++;
                double d = in.pgs()[i] - mean;
                mean += d / basisN;
                m2 += d * (in.pgs()[i] - mean);
            }
        }
        double sd = basisN > 1 ? Math.sqrt(m2 / (basisN - 1)) : Double.NaN;
        if (!(sd > 0)) {
            throw new org.musubi.error.MusubiUserException("score " + in.score() + ": constant over the " + basisN
                    + " samples of the standardisation basis ("
                    + in.basis().name().toLowerCase(java.util.Locale.ROOT)
                    + "); it cannot be evaluated");
        }
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = (in.pgs()[i] - mean) / sd;
        }
        int k = in.k();
        boolean countsHidden = k > 0 && (hide(n, k) || hide(cases, k) || hide(controls, k));
        List<Metric> metrics = new ArrayList<>();
        List<Group> groups = new ArrayList<>();
        List<Curve> roc = new ArrayList<>();
        double[] covOnly = design(in, null, null);
        double[] full = design(in, z, null);
        int c = in.c();
        if (in.binary()) {
            PrsBinaryEvaluation b = new PrsBinaryEvaluation(in, z, isCase, cases);
            Histogram hist = b.run(covOnly, full);
            return new Result(
                    in, n, cases, controls, countsHidden, mean, sd, b.metrics, b.groups, b.roc, hist, b.notes);
        }
        // Quantitative: β per SD (OLS, t CI), R² of both models and the gain, outcome mean by PGS decile.
        GlmFit.Result fc = GlmFit.linear(covOnly, n, 1 + c, in.y());
        GlmFit.Result ff = GlmFit.linear(full, n, 2 + c, in.y());
        requireOk(fc, in, "covariates only");
        requireOk(ff, in, "covariates + PGS");
        double t = tQuantile(ff.dfResidual());
        double b = ff.beta()[1];
        double se = ff.se(1);
        metrics.add(new Metric(
                "beta_per_sd",
                b,
                b - t * se,
                b + t * se,
                se,
                Distributions.lnPToP(Distributions.tStatToLnP(b / se, ff.dfResidual())),
                "OLS, t CI",
                false));
        double r2c = c == 0 ? 0 : fc.r2();
        metrics.add(point("r2_covariates", r2c, "OLS"));
        metrics.add(point("r2_covariates_pgs", ff.r2(), "OLS"));
        metrics.add(point("r2_gain", ff.r2() - r2c, "covariates + PGS minus covariates"));
        int[] dec = groupsByRank(order(z), n);
        long[] dn = new long[GROUPS];
        double[] sum = new double[GROUPS];
        double[] sum2 = new double[GROUPS];
        for (int i = 0; i < n; i++) {
            dn[dec[i]]++;
            sum[dec[i]] += in.y()[i];
        }
        for (int i = 0; i < n; i++) {
            double d = in.y()[i] - sum[dec[i]] / dn[dec[i]];
            sum2[dec[i]] += d * d;
        }
        for (int g = 0; g < GROUPS; g++) {
            double m = sum[g] / dn[g];
            double half = dn[g] > 1 ? tQuantile(dn[g] - 1) * Math.sqrt(sum2[g] / (dn[g] - 1) / dn[g]) : Double.NaN;
            boolean h = k > 0 && hide(dn[g], k);
            groups.add(new Group(
                    "pgs_decile",
                    Integer.toString(g + 1),
                    dn[g],
                    0,
                    0,
                    Double.NaN,
                    m,
                    m - half,
                    m + half,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    h));
        }
        Histogram hist = histogram(z, isCase, false, k);
        return new Result(in, n, cases, controls, countsHidden, mean, sd, metrics, groups, roc, hist, notes);
    }

    /** Lee et al. 2012 eq. 15: observed-scale R² of a 0/1 outcome to the liability scale. */
    public static double liabilityR2(double r2obs, double prevalence, double caseFraction) {
        double kk = prevalence;
        double p = caseFraction;
        double t = inverseNormal(1 - kk);
        double zz = Math.exp(-t * t / 2) / Math.sqrt(2 * Math.PI);
        double m = zz / kk;
        double a = m * (p - kk) / (1 - kk);
        double theta = a * (a - t);
        double cc = kk * (1 - kk) / (zz * zz) * kk * (1 - kk) / (p * (1 - p));
        return r2obs * cc / (1 + r2obs * theta * cc);
    }

    static double inverseNormal(double p) {
        return new org.apache.commons.math3.distribution.NormalDistribution(null, 0, 1).inverseCumulativeProbability(p);
    }

    static double tQuantile(double df) {
        return new TDistribution(null, df).inverseCumulativeProbability(0.975);
    }

    /** Wilson score interval of a binomial proportion (95 %). */
    public static double[] wilson(long x, long n) {
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double p = (double) x / n;
        double z2 = Z95 * Z95;
        double denom = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denom;
        double half = Z95 / denom * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new double[] {centre - half, centre + half};
    }

    static boolean hide(long c, int k) {
        return ReleaseGate.small(c, k);
    }

    /** Gate of 10 groups' case and control counts, partition total → groups: [metric][stratum 0 = total, 1..10]. */
    static boolean[][] gateGroups(long[] groupCases, long[] groupN, long cases, long controls, long n, int k) {
        if (k <= 0) {
            return new boolean[2][GROUPS + 1];
        }
        long[][] counts = new long[2][GROUPS + 1];
        long[] samples = new long[GROUPS + 1];
        int[] partition = new int[GROUPS + 1];
        counts[0][0] = cases;
        counts[1][0] = controls;
        samples[0] = n;
        for (int g = 0; g < GROUPS; g++) {
            counts[0][g + 1] = groupCases[g];
            counts[1][g + 1] = groupN[g] - groupCases[g];
            samples[g + 1] = groupN[g];
            partition[g + 1] = g + 1;
        }
        return ReleaseGate.hidden(counts, samples, new int[][] {partition}, k);
    }

    static double rate(long x, long n) {
        return n == 0 ? Double.NaN : (double) x / n;
    }

    static String fmtPct(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
    }

    static void requireOk(GlmFit.Result f, Input in, String model) {
        if (!f.ok()) {
            throw new org.musubi.error.MusubiUserException("score " + in.score() + ", outcome " + in.outcome()
                    + ": the " + model + " model cannot be fitted (" + f.failure() + "); covariates: "
                    + (in.covariateNames().isEmpty() ? "none" : String.join(", ", in.covariateNames()))
                    + ". Drop collinear or constant covariates (--covar-name)");
        }
    }

    /** Design [1, x?, covariates] column-major over {@code rows} (null: every sample). */
    static double[] design(Input in, double[] x, int[] rows) {
        int n = in.n();
        int m = rows == null ? n : rows.length;
        int c = in.c();
        int k = 1 + (x == null ? 0 : 1) + c;
        double[] d = new double[m * k];
        Arrays.fill(d, 0, m, 1);
        int col = 1;
        if (x != null) {
            for (int r = 0; r < m; r++) {
                d[m + r] = x[rows == null ? r : rows[r]];
            }
            col = 2;
        }
        for (int j = 0; j < c; j++) {
            for (int r = 0; r < m; r++) {
                d[(col + j) * m + r] = in.covariates()[j * n + (rows == null ? r : rows[r])];
            }
        }
        return d;
    }

    /** Sample indices sorted by value, ties by index. */
    static int[] order(double[] v) {
        return java.util.stream.IntStream.range(0, v.length)
                .boxed()
                .sorted((a, b) -> {
                    int cmp = Double.compare(v[a], v[b]);
                    return cmp != 0 ? cmp : Integer.compare(a, b);
                })
                .mapToInt(Integer::intValue)
                .toArray();
    }

    /** Group 0..9 of each sample: rank r (0-based, ascending) is in group ⌊10 r / n⌋. */
    static int[] groupsByRank(int[] order, int n) {
        int[] g = new int[n];
        for (int r = 0; r < n; r++) {
            g[order[r]] = (int) ((long) GROUPS * r / n);
        }
        return g;
    }

    /** The top x %: the ⌊x n/100 + ½⌋ (at least 1) highest values, and every sample tied with the lowest of them. */
    static boolean[] top(double[] v, int[] order, double percent) {
        int n = v.length;
        int m = Math.max(1, (int) Math.floor(percent / 100 * n + 0.5));
        double cut = v[order[n - m]];
        boolean[] top = new boolean[n];
        for (int i = 0; i < n; i++) {
            top[i] = v[i] >= cut;
        }
        return top;
    }

    static double[] indicator(boolean[] b) {
        double[] d = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            d[i] = b[i] ? 1 : 0;
        }
        return d;
    }

    static Metric aucMetric(String name, PrsMetrics.Auc a) {
        return new Metric(
                name, a.auc(), a.lower(), a.upper(), a.se(), Double.NaN, "DeLong CI (clipped to [0,1])", false);
    }

    static Metric orMetric(String name, GlmFit.Result f, int col, String method) {
        double b = f.beta()[col];
        double se = f.se(col);
        return new Metric(
                name,
                Math.exp(b),
                Math.exp(b - Z95 * se),
                Math.exp(b + Z95 * se),
                se,
                Distributions.lnPToP(Distributions.zToLnP(b / se)),
                method,
                false);
    }

    static Metric coefficient(String name, GlmFit.Result f, int col, String method) {
        double b = f.beta()[col];
        double se = f.se(col);
        return new Metric(name, b, b - Z95 * se, b + Z95 * se, se, Double.NaN, method, false);
    }

    static Metric point(String name, double v, String method) {
        return new Metric(name, v, Double.NaN, Double.NaN, Double.NaN, Double.NaN, method, false);
    }

    static Metric suppress(Metric m) {
        return new Metric(m.name(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, m.method(), true);
    }

    /**
     * ROC curve (FPR, TPR) with thresholds at every distinct value; under a gate (k &gt; 0) the thresholds are
     * coarsened so that between two plotted points both the cases and the controls passed are 0 or at least k.
     */
    static Curve rocCurve(String name, double[] s, boolean[] isCase, int k) {
        int n = s.length;
        int[] ord = order(s);
        long n1 = 0;
        for (boolean b : isCase) {
            n1 += b ? 1 : 0;
        }
        long n0 = n - n1;
        List<double[]> pts = new ArrayList<>();
        pts.add(new double[] {0, 0});
        long tp = 0;
        long fp = 0;
        long segTp = 0;
        long segFp = 0;
        int minSegment = k > 0 ? Math.max(1, n / 100) : 1;
        long segN = 0;
        for (int r = n - 1; r >= 0; r--) {
            int i = ord[r];
            if (isCase[i]) {
                tp++;
                segTp++;
            } else {
                fp++;
                segFp++;
            }
            segN++;
            boolean boundary = r == 0 || s[ord[r - 1]] != s[i];
            boolean releasable = k <= 0
                    || (!hide(segTp, k)
                            && !hide(segFp, k)
                            && segN >= minSegment
                            && !hide(n1 - tp, k)
                            && !hide(n0 - fp, k));
            if (boundary && (releasable || r == 0)) {
                pts.add(new double[] {(double) fp / n0, (double) tp / n1});
                segTp = 0;
                segFp = 0;
                segN = 0;
            }
        }
        double[] x = new double[pts.size()];
        double[] y = new double[pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            x[i] = pts.get(i)[0];
            y[i] = pts.get(i)[1];
        }
        return new Curve(name, x, y);
    }

    /** 30 bins over the standardised score (−3.75 to 3.75 SD, outer bins open), gated per group. */
    static Histogram histogram(double[] z, boolean[] isCase, boolean binary, int k) {
        int bins = 30;
        double lo = -3.75;
        double w = 0.25;
        double[] edges = new double[bins + 1];
        for (int b = 0; b <= bins; b++) {
            edges[b] = lo + b * w;
        }
        int groups = binary ? 2 : 1;
        long[][] counts = new long[groups][bins + 1];
        for (int i = 0; i < z.length; i++) {
            int b = (int) Math.floor((z[i] - lo) / w);
            b = Math.max(0, Math.min(bins - 1, b));
            int g = binary && !isCase[i] ? 1 : 0;
            counts[g][b + 1]++;
            counts[g][0]++;
        }
        List<double[]> out = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            long[] samples = counts[g].clone();
            int[] partition = new int[bins + 1];
            for (int b = 0; b <= bins; b++) {
                partition[b] = b;
            }
            boolean[][] h = k > 0
                    ? ReleaseGate.hidden(new long[][] {counts[g]}, samples, new int[][] {partition}, k)
                    : new boolean[1][bins + 1];
            double[] c = new double[bins];
            for (int b = 0; b < bins; b++) {
                c[b] = h[0][b + 1] ? Double.NaN : counts[g][b + 1];
            }
            out.add(c);
        }
        return new Histogram(edges, binary ? List.of("cases", "controls") : List.of("all"), out);
    }
}
