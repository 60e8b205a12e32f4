#!/usr/bin/python3
"""PRS evaluation oracle (statsmodels 0.13.5, scipy 1.10, numpy 1.24; Debian bookworm /usr/bin/python3).

Independent implementation of the metrics of ../shared/SPECS.md §6 on a fixed input: plink2's PGS001229 SUM for the
2504 CINECA samples (../score_PGS001229_22_by_rsid.sscore) against glow's simulated 1000 Genomes traits and 6
covariates (../../glow/gwas/{binary,continuous,covariates}.tsv).

  cd engine/src/test/resources/data/prs/eval && /usr/bin/python3 make_eval_oracle.py > eval_oracle.tsv

Each evaluation case is one line of CASES. Output rows: case, kind (metric | group), name, then values.
AUC: Mann-Whitney U / (n1 n0) from scipy; DeLong variance and the paired difference by brute force over all
case-control pairs (numpy); logistic and OLS fits by statsmodels (Logit / OLS, its own llnull for Nagelkerke);
Wilson intervals by statsmodels proportion_confint; Hosmer-Lemeshow and Lee 2012 by hand from their papers.
"""
import math
import sys

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

Z = stats.norm.ppf(0.975)
sc = pd.read_csv("../score_PGS001229_22_by_rsid.sscore", sep="\t")
sc = sc.rename(columns={"IID": "iid"}).set_index("iid")
binary = pd.read_csv("../../glow/gwas/binary.tsv", sep="\t").rename(columns={"#IID": "iid"}).set_index("iid")
cont = pd.read_csv("../../glow/gwas/continuous.tsv", sep="\t").rename(columns={"#IID": "iid"}).set_index("iid")
cov = pd.read_csv("../../glow/gwas/covariates.tsv", sep="\t").rename(columns={"#IID": "iid"}).set_index("iid")
COVS = list(cov.columns)

# case id, outcome table, outcome column, covariates, standardisation basis, prevalence
CASES = [
    ("bin1_cov", binary, "Binary_Trait_1", COVS, "all", 0.1),
    ("bin1_nocov", binary, "Binary_Trait_1", [], "all", float("nan")),
    ("bin2_cov_controls", binary, "Binary_Trait_2", COVS[:3], "controls", float("nan")),
    ("cont1_cov", cont, "Continuous_Trait_1", COVS, "all", float("nan")),
]


def out(*f):
    print("\t".join(x if isinstance(x, str) else repr(float(x)) for x in f))


def delong_components(s, y):
    cases, controls = s[y == 1], s[y == 0]
    psi = (cases[:, None] > controls[None, :]) + 0.5 * (cases[:, None] == controls[None, :])
    return psi.mean(axis=1), psi.mean(axis=0)


def auc_delong(s, y):
    n1, n0 = (y == 1).sum(), (y == 0).sum()
    u = stats.mannwhitneyu(s[y == 1], s[y == 0], alternative="two-sided").statistic
    v10, v01 = delong_components(s, y)
    var = v10.var(ddof=1) / n1 + v01.var(ddof=1) / n0
    return u / (n1 * n0), var


def design(x, covs, df):
    cols = [np.ones(len(df))] + ([x] if x is not None else []) + [df[c].to_numpy(float) for c in covs]
    return np.column_stack(cols)


def ranks_groups(v):
    order = np.argsort(v, kind="stable")
    g = np.empty(len(v), int)
    g[order] = (10 * np.arange(len(v))) // len(v)
    return g, order


for case, table, col, covs, basis, prev in CASES:
    df = sc.join(table[[col]], how="inner").join(cov, how="inner")
    df = df.dropna(subset=[col] + covs)
    pgs = df["SCORE1_SUM"].to_numpy(float)
    y = df[col].to_numpy(float)
    n = len(y)
    is_bin = set(np.unique(y)) <= {0.0, 1.0}
    ref = pgs if basis == "all" else pgs[y == 0]
    z = (pgs - ref.mean()) / ref.std(ddof=1)
    out(case, "info", "n", n)
    out(case, "info", "mean", ref.mean())
    out(case, "info", "sd", ref.std(ddof=1))
    if is_bin:
        out(case, "info", "cases", y.sum())
        fc = sm.Logit(y, design(None, covs, df)).fit(disp=0, tol=1e-12, maxiter=200)
        ff = sm.Logit(y, design(z, covs, df)).fit(disp=0, tol=1e-12, maxiter=200)
        eta_c = design(None, covs, df) @ fc.params
        eta_f = design(z, covs, df) @ ff.params
        for name, s in [("auc_pgs", z)] + ([("auc_covariates", eta_c), ("auc_covariates_pgs", eta_f)] if covs else []):
            a, var = auc_delong(s, y)
            out(case, "metric", name, a, max(0, a - Z * math.sqrt(var)), min(1, a + Z * math.sqrt(var)), math.sqrt(var))
        if covs:
            n1, n0 = (y == 1).sum(), (y == 0).sum()
            a10, a01 = delong_components(eta_f, y)
            b10, b01 = delong_components(eta_c, y)
            s10 = np.cov(np.vstack([a10, b10]), ddof=1)
            s01 = np.cov(np.vstack([a01, b01]), ddof=1)
            var = (s10[0, 0] + s10[1, 1] - 2 * s10[0, 1]) / n1 + (s01[0, 0] + s01[1, 1] - 2 * s01[0, 1]) / n0
            d = a10.mean() - b10.mean()
            out(case, "metric", "auc_difference", d, d - Z * math.sqrt(var), d + Z * math.sqrt(var), math.sqrt(var),
                2 * stats.norm.sf(abs(d) / math.sqrt(var)))
        b, se = ff.params[1], ff.bse[1]
        out(case, "metric", "or_per_sd", math.exp(b), math.exp(b - Z * se), math.exp(b + Z * se), se, ff.pvalues[1])
        # Nagelkerke: statsmodels' llnull is the intercept-only model
        def nk(f):
            return (1 - math.exp(2 * (f.llnull - f.llf) / n)) / (1 - math.exp(2 * f.llnull / n))
        nkc = nk(fc) if covs else 0.0
        out(case, "metric", "nagelkerke_r2_covariates", nkc)
        out(case, "metric", "nagelkerke_r2_covariates_pgs", nk(ff))
        out(case, "metric", "nagelkerke_r2_gain", nk(ff) - nkc)
        r2c = sm.OLS(y, design(None, covs, df)).fit().rsquared if covs else 0.0
        r2obs = sm.OLS(y, design(z, covs, df)).fit().rsquared - r2c
        out(case, "metric", "r2_observed_gain", r2obs)
        if not math.isnan(prev):
            # Lee, Goddard, Wray & Visscher 2012, Genet Epidemiol 36:214, eq. 15
            K, P = prev, y.mean()
            t = stats.norm.isf(K)
            zz = stats.norm.pdf(t)
            m = zz / K
            theta = m * (P - K) / (1 - K) * (m * (P - K) / (1 - K) - t)
            C = K * (1 - K) / zz**2 * K * (1 - K) / (P * (1 - P))
            out(case, "metric", "r2_liability_gain", r2obs * C / (1 + r2obs * theta * C))
        order = np.argsort(z, kind="stable")
        for x in (1, 5, 10, 20):
            m = max(1, int(math.floor(x / 100 * n + 0.5)))
            top = (z >= z[order[n - m]]).astype(float)
            f = sm.Logit(y, design(top, covs, df)).fit(disp=0, tol=1e-12, maxiter=200)
            b, se = f.params[1], f.bse[1]
            out(case, "metric", "or_top_%dpct_vs_rest" % x, math.exp(b), math.exp(b - Z * se), math.exp(b + Z * se), se)
            a_, b_ = ((top == 1) & (y == 1)).sum(), ((top == 1) & (y == 0)).sum()
            c_, d_ = ((top == 0) & (y == 1)).sum(), ((top == 0) & (y == 0)).sum()
            out(case, "group", "top_%dpct" % x, a_ + b_, a_)
            out(case, "group", "rest_%dpct" % x, c_ + d_, c_)
            if not covs:  # Woolf, the closed form
                lor = math.log(a_ * d_ / (b_ * c_))
                wse = math.sqrt(1 / a_ + 1 / b_ + 1 / c_ + 1 / d_)
                out(case, "woolf", "or_top_%dpct_vs_rest" % x, math.exp(lor), math.exp(lor - Z * wse),
                    math.exp(lor + Z * wse), wse)
        g, _ = ranks_groups(z)
        for d in range(10):
            nd, cd = (g == d).sum(), y[g == d].sum()
            lo, hi = proportion_confint(cd, nd, alpha=0.05, method="wilson")
            out(case, "group", "pgs_decile_%d" % (d + 1), nd, cd, cd / nd, lo, hi)
            if d in (4, 5):
                continue
            rows = (g == d) | (g == 4) | (g == 5)
            f = sm.Logit(y[rows], design((g[rows] == d).astype(float), covs, df[rows])).fit(disp=0, tol=1e-12,
                                                                                            maxiter=200)
            b, se = f.params[1], f.bse[1]
            out(case, "metric", "or_decile_%d_vs_deciles_5_6" % (d + 1), math.exp(b), math.exp(b - Z * se),
                math.exp(b + Z * se), se)
        p = ff.predict()
        g, _ = ranks_groups(p)
        hl = 0.0
        for d in range(10):
            nd, od, ed = (g == d).sum(), y[g == d].sum(), p[g == d].sum()
            hl += (od - ed) ** 2 / (ed * (1 - ed / nd))
            lo, hi = proportion_confint(od, nd, alpha=0.05, method="wilson")
            out(case, "group", "calibration_%d" % (d + 1), nd, od, od / nd, lo, hi, ed / nd)
        out(case, "metric", "hosmer_lemeshow_chi2", hl, float("nan"), float("nan"), float("nan"), stats.chi2.sf(hl, 8))
        lp = np.log(p / (1 - p))
        f = sm.Logit(y, np.column_stack([np.ones(n), lp])).fit(disp=0, tol=1e-12, maxiter=200)
        for i, name in enumerate(["calibration_intercept", "calibration_slope"]):
            out(case, "metric", name, f.params[i], f.params[i] - Z * f.bse[i], f.params[i] + Z * f.bse[i], f.bse[i])
    else:
        fc = sm.OLS(y, design(None, covs, df)).fit()
        ff = sm.OLS(y, design(z, covs, df)).fit()
        lo, hi = ff.conf_int(0.05)[1]
        out(case, "metric", "beta_per_sd", ff.params[1], lo, hi, ff.bse[1], ff.pvalues[1])
        r2c = fc.rsquared if covs else 0.0
        out(case, "metric", "r2_covariates", r2c)
        out(case, "metric", "r2_covariates_pgs", ff.rsquared)
        out(case, "metric", "r2_gain", ff.rsquared - r2c)
        g, _ = ranks_groups(z)
        for d in range(10):
            v = y[g == d]
            half = stats.t.ppf(0.975, len(v) - 1) * v.std(ddof=1) / math.sqrt(len(v))
            out(case, "group", "pgs_decile_%d" % (d + 1), len(v), 0, v.mean(), v.mean() - half, v.mean() + half)
