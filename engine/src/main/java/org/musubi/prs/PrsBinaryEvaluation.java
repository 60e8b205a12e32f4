package org.musubi.prs;

import static org.musubi.prs.PrsEvaluation.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.musubi.release.ReleaseGate;
import org.musubi.stats.Distributions;
import org.musubi.stats.GlmFit;

/**
 * {@link PrsEvaluation#evaluate} of a binary (0/1) outcome, step by step: the two logistic models, AUCs, OR per SD,
 * Nagelkerke and observed/liability R², the top x % vs the rest, PGS deciles vs deciles 5–6 and calibration by decile
 * of predicted risk. Each step adds its metrics, groups and curves in the order of the output; the release gate as
 * {@link PrsEvaluation}'s comment says. One use per evaluation.
 */
final class PrsBinaryEvaluation {
    private final Input in;
    /** The standardised score. */
    private final double[] z;

    private final boolean[] isCase;
    private final long cases;
    private final long controls;
    private final int n;
    private final int c;
    private final int k;
    /** The case fraction. */
    private final double pbar;

    final List<Metric> metrics = new ArrayList<>();
    final List<Group> groups = new ArrayList<>();
    final List<Curve> roc = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    PrsBinaryEvaluation(Input in, double[] z, boolean[] isCase, long cases) {
        this.in = in;
        this.z = z;
        this.isCase = isCase;
        this.n = in.n();
        this.c = in.c();
        this.k = in.k();
        this.cases = cases;
        this.controls = n - cases;
        this.pbar = (double) cases / n;
    }

    /**
     * Every step, over the designs [1, covariates] and [1, z, covariates] ({@link PrsEvaluation#design}); the score
     * histogram of cases and controls.
     */
    Histogram run(double[] covOnly, double[] full) {
        if (cases == 0 || controls == 0) {
            throw new org.musubi.error.MusubiUserException("outcome " + in.outcome() + ": " + cases + " cases and "
                    + controls + " controls among the evaluated samples; a binary outcome needs both");
        }
        GlmFit.Result fc = GlmFit.logistic(covOnly, n, 1 + c, in.y());
        GlmFit.Result ff = GlmFit.logistic(full, n, 2 + c, in.y());
        requireOk(fc, in, "covariates only");
        requireOk(ff, in, "covariates + PGS");
        aucs(fc, ff);
        metrics.add(orMetric("or_per_sd", ff, 1, "logistic, Wald CI"));
        nagelkerke(fc, ff);
        observedR2(covOnly, full);
        int[] order = order(z);
        topPercents(order);
        deciles(order);
        calibration(ff);
        return histogram(z, isCase, true, k);
    }

    /** AUCs (DeLong) of the covariates alone, the PGS alone and both, their paired difference; the ROC curves. */
    private void aucs(GlmFit.Result fc, GlmFit.Result ff) {
        String delong = "DeLong";
        PrsMetrics.Auc aucPgs = PrsMetrics.auc(z, isCase);
        PrsMetrics.Auc aucFull = PrsMetrics.auc(ff.eta(), isCase);
        if (c > 0) {
            PrsMetrics.Auc aucCov = PrsMetrics.auc(fc.eta(), isCase);
            metrics.add(aucMetric("auc_covariates", aucCov));
            metrics.add(aucMetric("auc_covariates_pgs", aucFull));
            PrsMetrics.AucDifference d = PrsMetrics.aucDifference(ff.eta(), fc.eta(), isCase);
            metrics.add(new Metric(
                    "auc_difference",
                    d.difference(),
                    d.lower(),
                    d.upper(),
                    Math.sqrt(d.variance()),
                    d.p(),
                    delong + " paired (covariates + PGS minus covariates)",
                    false));
            roc.add(rocCurve("covariates", fc.eta(), isCase, k));
        }
        metrics.add(aucMetric("auc_pgs", aucPgs));
        roc.add(rocCurve("PGS", z, isCase, k));
        if (c > 0) {
            roc.add(rocCurve("covariates + PGS", ff.eta(), isCase, k));
        }
    }

    /** Nagelkerke R² of both models with the intercept-only null, and the gain. */
    private void nagelkerke(GlmFit.Result fc, GlmFit.Result ff) {
        double l0 = cases * Math.log(pbar) + controls * Math.log(1 - pbar);
        double maxCs = 1 - Math.exp(2 * l0 / n);
        double nkCov = (1 - Math.exp(2 * (l0 - fc.logLik()) / n)) / maxCs;
        double nkFull = (1 - Math.exp(2 * (l0 - ff.logLik()) / n)) / maxCs;
        metrics.add(point("nagelkerke_r2_covariates", nkCov, "vs intercept-only null"));
        metrics.add(point("nagelkerke_r2_covariates_pgs", nkFull, "vs intercept-only null"));
        metrics.add(point("nagelkerke_r2_gain", nkFull - nkCov, "covariates + PGS minus covariates"));
    }

    /** Observed-scale R² gain (linear probability) and, with a prevalence, the liability scale (Lee et al. 2012). */
    private void observedR2(double[] covOnly, double[] full) {
        GlmFit.Result lc = GlmFit.linear(covOnly, n, 1 + c, in.y());
        GlmFit.Result lf = GlmFit.linear(full, n, 2 + c, in.y());
        double r2Cov = c == 0 ? 0 : lc.r2();
        double r2obs = lf.r2() - r2Cov;
        metrics.add(point("r2_observed_gain", r2obs, "OLS on the 0/1 outcome, covariates + PGS minus covariates"));
        if (!Double.isNaN(in.prevalence())) {
            metrics.add(point(
                    "r2_liability_gain",
                    liabilityR2(r2obs, in.prevalence(), pbar),
                    "Lee et al. 2012, K = " + in.prevalence() + ", P = " + pbar));
        }
    }

    /** OR of the top x % vs the rest ({@link PrsEvaluation#TOP_PERCENTS}) and their groups. */
    private void topPercents(int[] order) {
        for (double x : TOP_PERCENTS) {
            boolean[] top = top(z, order, x);
            double[] d = design(in, indicator(top), null);
            GlmFit.Result f = GlmFit.logistic(d, n, 2 + c, in.y());
            long[] cell = new long[4]; // top cases, top controls, rest cases, rest controls
            for (int i = 0; i < n; i++) {
                cell[(top[i] ? 0 : 2) + (isCase[i] ? 0 : 1)]++;
            }
            String name = "or_top_" + fmtPct(x) + "pct_vs_rest";
            boolean[][] hidden = k > 0
                    ? ReleaseGate.hidden(
                            new long[][] {{cases, cell[0], cell[2]}, {controls, cell[1], cell[3]}},
                            new long[] {n, cell[0] + cell[1], cell[2] + cell[3]},
                            new int[][] {{0, 1, 2}},
                            k)
                    : new boolean[2][3];
            boolean h = hidden[0][1] || hidden[0][2] || hidden[1][1] || hidden[1][2];
            Metric m;
            if (!f.ok()) {
                notes.add(name + ": " + f.failure());
                m = new Metric(
                        name,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        "logistic: " + f.failure(),
                        h);
            } else {
                m = orMetric(name, f, 1, c == 0 ? "logistic (= Woolf), Wald CI" : "logistic + covariates");
            }
            metrics.add(h ? suppress(m) : m);
            double[] wt = wilson(cell[0], cell[0] + cell[1]);
            double[] wr = wilson(cell[2], cell[2] + cell[3]);
            groups.add(new Group(
                    "top",
                    "top_" + fmtPct(x) + "pct",
                    cell[0] + cell[1],
                    cell[0],
                    cell[1],
                    Double.NaN,
                    rate(cell[0], cell[0] + cell[1]),
                    wt[0],
                    wt[1],
                    m.estimate(),
                    m.lower(),
                    m.upper(),
                    hidden[0][1] || hidden[1][1] || h));
            groups.add(new Group(
                    "top",
                    "rest_" + fmtPct(x) + "pct",
                    cell[2] + cell[3],
                    cell[2],
                    cell[3],
                    Double.NaN,
                    rate(cell[2], cell[2] + cell[3]),
                    wr[0],
                    wr[1],
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    hidden[0][2] || hidden[1][2]));
        }
    }

    /** PGS deciles: case rate and OR vs deciles 5–6. */
    private void deciles(int[] order) {
        int[] dec = groupsByRank(order, n);
        long[] dn = new long[GROUPS];
        long[] dc = new long[GROUPS];
        for (int i = 0; i < n; i++) {
            dn[dec[i]]++;
            dc[dec[i]] += isCase[i] ? 1 : 0;
        }
        boolean[][] dh = gateGroups(dc, dn, cases, controls, n, k);
        boolean refHidden = dh[0][5] || dh[0][6] || dh[1][5] || dh[1][6];
        for (int g = 0; g < GROUPS; g++) {
            double[] wilson = wilson(dc[g], dn[g]);
            double or = Double.NaN;
            double lo = Double.NaN;
            double hi = Double.NaN;
            boolean h = dh[0][g + 1] || dh[1][g + 1];
            if (g != 4 && g != 5) {
                final int gg = g;
                int[] rows = java.util.stream.IntStream.range(0, n)
                        .filter(i -> dec[i] == gg || dec[i] == 4 || dec[i] == 5)
                        .toArray();
                double[] ind = new double[n];
                for (int i = 0; i < n; i++) {
                    ind[i] = dec[i] == g ? 1 : 0;
                }
                double[] d = design(in, ind, rows);
                double[] ys = new double[rows.length];
                for (int r = 0; r < rows.length; r++) {
                    ys[r] = in.y()[rows[r]];
                }
                GlmFit.Result f = GlmFit.logistic(d, rows.length, 2 + c, ys);
                String name = "or_decile_" + (g + 1) + "_vs_deciles_5_6";
                if (f.ok()) {
                    Metric m = orMetric(name, f, 1, c == 0 ? "logistic (= Woolf)" : "logistic + covariates");
                    or = m.estimate();
                    lo = m.lower();
                    hi = m.upper();
                    metrics.add(h || refHidden ? suppress(m) : m);
                } else {
                    notes.add(name + ": " + f.failure());
                    metrics.add(new Metric(
                            name,
                            Double.NaN,
                            Double.NaN,
                            Double.NaN,
                            Double.NaN,
                            Double.NaN,
                            "logistic: " + f.failure(),
                            h || refHidden));
                }
            }
            groups.add(new Group(
                    "pgs_decile",
                    Integer.toString(g + 1),
                    dn[g],
                    dc[g],
                    dn[g] - dc[g],
                    Double.NaN,
                    (double) dc[g] / dn[g],
                    wilson[0],
                    wilson[1],
                    or,
                    lo,
                    hi,
                    h || (g != 4 && g != 5 && refHidden)));
        }
    }

    /** Calibration of covariates + PGS by decile of predicted risk: groups, Hosmer–Lemeshow, slope and intercept. */
    private void calibration(GlmFit.Result ff) {
        double[] phat = new double[n];
        for (int i = 0; i < n; i++) {
            phat[i] = ff.probability(i);
        }
        int[] cal = groupsByRank(order(phat), n);
        long[] cn = new long[GROUPS];
        long[] co = new long[GROUPS];
        double[] ce = new double[GROUPS];
        for (int i = 0; i < n; i++) {
            cn[cal[i]]++;
            co[cal[i]] += isCase[i] ? 1 : 0;
            ce[cal[i]] += phat[i];
        }
        boolean[][] ch = gateGroups(co, cn, cases, controls, n, k);
        double hl = 0;
        boolean anyHidden = false;
        for (int g = 0; g < GROUPS; g++) {
            hl += (co[g] - ce[g]) * (co[g] - ce[g]) / (ce[g] * (1 - ce[g] / cn[g]));
            double[] wilson = wilson(co[g], cn[g]);
            boolean h = ch[0][g + 1] || ch[1][g + 1];
            anyHidden |= h;
            groups.add(new Group(
                    "calibration",
                    Integer.toString(g + 1),
                    cn[g],
                    co[g],
                    cn[g] - co[g],
                    ce[g] / cn[g],
                    (double) co[g] / cn[g],
                    wilson[0],
                    wilson[1],
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    h));
        }
        double hlP = Distributions.lnPToP(Distributions.chisqToLnP(hl, GROUPS - 2));
        Metric hlm = new Metric(
                "hosmer_lemeshow_chi2",
                hl,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                hlP,
                "10 groups of predicted risk (covariates + PGS), df 8",
                false);
        metrics.add(anyHidden ? suppress(hlm) : hlm);
        double[] lp = new double[2 * n];
        Arrays.fill(lp, 0, n, 1);
        System.arraycopy(ff.eta(), 0, lp, n, n);
        GlmFit.Result slope = GlmFit.logistic(lp, n, 2, in.y());
        if (slope.ok()) {
            metrics.add(coefficient("calibration_intercept", slope, 0, "logistic y ~ logit(p̂), Wald CI"));
            metrics.add(coefficient("calibration_slope", slope, 1, "logistic y ~ logit(p̂), Wald CI"));
        }
    }
}
