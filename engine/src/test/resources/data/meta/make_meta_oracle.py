#!/usr/bin/python3
"""Makes the meta-analysis fixtures and their independent oracle.

1. Writes four small per-study GWAS-SSF files (deterministic, numpy seed 20261130) that exercise every alignment
   case: study1 Musubi-like (variant_id chr_pos_REF_ALT, effect allele = REF or ALT at random), study2 swapped
   alleles with a ref_allele column and a variant study1 lacks, study3 on the other strand (complemented alleles,
   no REF information) with odds ratios and a 95% CI instead of standard_error, study4 plink2-like
   (neg_log_10_p_value, "chr" prefixes, lower-case alleles) with a missing estimate, a non-ACGT allele and a
   contig outside 1-25. Palindromic SNPs: A/T with a low MAF (resolvable by EAF), C/G with MAF 0.45 (resolved by
   REF where both files give it, dropped where a file does not), and one with no EAF in study3.
2. Reads the files back as text and computes the meta-analysis independently of Musubi: its own parsing and
   alignment (rules in README.md), statsmodels' combine_effects (fixed effect and DerSimonian-Laird) for the
   inverse-variance scheme, scipy for the tails, numpy for METAL's sample-size scheme and weighted frequencies.

Outputs: study{1..4}.tsv.gz, oracle_stderr.tsv, oracle_samplesize.tsv, oracle_dropped.tsv.
Run from this directory: /usr/bin/python3 make_meta_oracle.py  (numpy 1.24.2, scipy, statsmodels 0.13.5)
"""
import gzip
import io
import math

import numpy as np
from scipy import stats
from statsmodels.stats.meta_analysis import combine_effects

rng = np.random.default_rng(20261130)
COMP = {"A": "T", "T": "A", "C": "G", "G": "C"}
Z975 = 1.959963984540054


def gz_text(path):
    """gzip text writer with a fixed header time, so that reruns give identical bytes"""
    return io.TextIOWrapper(gzip.GzipFile(path, "wb", mtime=0), encoding="utf-8")


def g6(x):
    return "%.6g" % x


# ------------------------------------------------------------------ variants and per-study truth
variants = []  # (chrom, pos, ref, alt, alt_freq)
pairs = [("A", "C"), ("A", "G"), ("C", "T"), ("G", "T"), ("T", "C"), ("G", "A"), ("C", "A"), ("T", "G")]
pos = 1_000_000
for i in range(30):
    chrom = "1" if i < 12 else ("22" if i < 26 else "X")
    pos += int(rng.integers(1000, 50000))
    ref, alt = pairs[i % len(pairs)]
    variants.append([chrom, pos, ref, alt, float(rng.uniform(0.05, 0.6))])
# palindromic SNPs
variants.append(["22", 40_000_001, "A", "T", 0.12])  # resolvable by EAF (MAF 0.12)
variants.append(["22", 40_000_101, "C", "G", 0.45])  # MAF 0.45: ambiguous unless both files give REF
variants.append(["22", 40_000_201, "T", "A", 0.80])  # MAF 0.2, study3 gives no EAF for it
variants.append(["22", 40_000_301, "G", "C", 0.30])  # MAF 0.3, resolvable
# an indel (never complemented)
variants.append(["1", 900_000, "AT", "A", 0.25])
N = [1200, 800, 1500, 1000]
truth = rng.normal(0, 0.08, len(variants))
truth[5] = 0.35  # one strong signal
hetero = np.zeros(len(variants))
hetero[7] = 0.25  # one heterogeneous variant

rows = [[] for _ in range(4)]  # per study: dict rows
for v, (chrom, p, ref, alt, f) in enumerate(variants):
    for s in range(4):
        if v == 3 and s == 0:
            continue  # missing from study1: the reference becomes study2
        if v == 10 and s in (1, 2, 3):
            continue  # only in study1
        if v == 12 and s == 3:
            continue  # missing from study4
        fs = min(max(f + rng.normal(0, 0.02), 0.01), 0.99)
        n = N[s]
        se = 1 / math.sqrt(2 * n * fs * (1 - fs))
        beta_alt = truth[v] + (hetero[v] * (1 if s % 2 else -1)) + rng.normal(0, se)
        rows[s].append(dict(v=v, chrom=chrom, pos=p, ref=ref, alt=alt, beta_alt=beta_alt, se=se, f_alt=fs, n=n))


def effect_view(r, effect_is_alt):
    ea, oa = (r["alt"], r["ref"]) if effect_is_alt else (r["ref"], r["alt"])
    b = r["beta_alt"] if effect_is_alt else -r["beta_alt"]
    f = r["f_alt"] if effect_is_alt else 1 - r["f_alt"]
    return ea, oa, b, f


def p_of(b, se):
    return 2 * stats.norm.sf(abs(b / se))


# study1: Musubi-like
with gz_text("study1.tsv.gz") as o:
    o.write("chromosome\tbase_pair_location\teffect_allele\tother_allele\tbeta\tstandard_error\t"
            "effect_allele_frequency\tp_value\tvariant_id\trsid\tn\n")
    for r in rows[0]:
        ea, oa, b, f = effect_view(r, bool(rng.integers(0, 2)))
        o.write("\t".join([r["chrom"] if r["chrom"] != "X" else "23", str(r["pos"]), ea, oa, g6(b), g6(r["se"]),
                           g6(f), g6(p_of(b, r["se"])),
                           "%s_%d_%s_%s" % (r["chrom"] if r["chrom"] != "X" else "23", r["pos"], r["ref"], r["alt"]),
                           "rs%d" % (1000 + r["v"]), str(r["n"])]) + "\n")

# study2: effect allele = REF (swapped against study1's ALT rule) for most, with ref_allele
with gz_text("study2.tsv.gz") as o:
    o.write("chromosome\tbase_pair_location\teffect_allele\tother_allele\tbeta\tstandard_error\t"
            "effect_allele_frequency\tp_value\tref_allele\tn\n")
    for r in rows[1]:
        alt_effect = r["v"] % 5 == 0
        ea, oa, b, f = effect_view(r, alt_effect)
        o.write("\t".join([r["chrom"], str(r["pos"]), ea, oa, g6(b), g6(r["se"]), g6(f), g6(p_of(b, r["se"])),
                           "OA" if alt_effect else "EA", str(r["n"])]) + "\n")

# study3: other strand (complemented SNP alleles), odds ratios with a 95% CI, no standard error
with gz_text("study3.tsv.gz") as o:
    o.write("chromosome\tbase_pair_location\teffect_allele\tother_allele\todds_ratio\tstandard_error\t"
            "effect_allele_frequency\tp_value\tci_upper\tci_lower\tn\n")
    for r in rows[2]:
        ea, oa, b, f = effect_view(r, r["v"] % 3 != 0)
        if len(ea) == 1 and len(oa) == 1:
            ea, oa = COMP[ea], COMP[oa]
        eaf = "#NA" if r["v"] == 32 else g6(f)
        o.write("\t".join([r["chrom"], str(r["pos"]), ea, oa, g6(math.exp(b)), "#NA", eaf, g6(p_of(b, r["se"])),
                           g6(math.exp(b + Z975 * r["se"])), g6(math.exp(b - Z975 * r["se"])), str(r["n"])]) + "\n")

# study4: plink2-like: neg_log_10_p_value, chr prefix, lower-case alleles; plus lines that must be dropped
with gz_text("study4.tsv.gz") as o:
    o.write("chromosome\tbase_pair_location\teffect_allele\tother_allele\tbeta\tstandard_error\t"
            "effect_allele_frequency\tneg_log_10_p_value\tn\n")
    for r in rows[3]:
        ea, oa, b, f = effect_view(r, r["v"] % 2 == 0)
        o.write("\t".join(["chr" + r["chrom"], str(r["pos"]), ea.lower(), oa.lower(), g6(b), g6(r["se"]), g6(f),
                           g6(-math.log10(p_of(b, r["se"]))), str(r["n"])]) + "\n")
    o.write("chr22\t45000000\tA\tG\t#NA\t#NA\t0.3\t#NA\t1000\n")  # no estimate
    o.write("chr22\t45000100\tA\tAT*\t0.1\t0.05\t0.3\t1.3\t1000\n")  # non-ACGT allele
    o.write("chr6_ssto_hap7\t1000\tA\tG\t0.1\t0.05\t0.3\t1.3\t1000\n")  # contig outside 1-25


# ------------------------------------------------------------------ independent oracle: parse the files back
def read(path, study):
    out = []
    with gzip.open(path, "rt") as f:
        header = f.readline().rstrip("\n").split("\t")
        col = {h: i for i, h in enumerate(header)}
        for lineno, line in enumerate(f, start=2):
            x = line.rstrip("\n").split("\t")
            chrom = x[col["chromosome"]]
            c = chrom[3:] if chrom.startswith("chr") else chrom
            c = {"X": "23", "Y": "24", "MT": "25"}.get(c, c)
            ea, oa = x[col["effect_allele"]].upper(), x[col["other_allele"]].upper()
            rec = dict(study=study, line=lineno, chrom=c, pos=int(x[col["base_pair_location"]]), ea=ea, oa=oa)
            if not (c.isdigit() and 1 <= int(c) <= 25):
                rec["drop"] = "unknown_chromosome"
                out.append(rec)
                continue
            if any(ch not in "ACGT" for ch in ea + oa):
                rec["drop"] = "non_acgt_allele"
                out.append(rec)
                continue

            def num(name):
                if name not in col:
                    return float("nan")
                v = x[col[name]]
                return float("nan") if v == "#NA" else float(v)

            if "beta" in col:
                b = num("beta")
            else:
                b = math.log(num("odds_ratio"))
            se = num("standard_error")
            if math.isnan(se) and "ci_upper" in col:
                se = (math.log(num("ci_upper")) - math.log(num("ci_lower"))) / (2 * Z975)
                rec["se_from_ci"] = True
            if math.isnan(b) or math.isnan(se):
                rec["drop"] = "no_estimate"
                out.append(rec)
                continue
            if "p_value" in col:
                lnp = math.log(num("p_value"))
            else:
                lnp = -num("neg_log_10_p_value") * math.log(10)
            ref = None
            if "variant_id" in col:
                _, _, r, a = x[col["variant_id"]].split("_")
                ref = r
            if "ref_allele" in col:
                ref = ea if x[col["ref_allele"]] == "EA" else oa
            rec.update(beta=b, se=se, eaf=num("effect_allele_frequency"), lnp=lnp, n=num("n"), ref=ref,
                       rsid=x[col["rsid"]] if "rsid" in col else None)
            out.append(rec)
    return out


records = []
for s in range(4):
    records += read("study%d.tsv.gz" % (s + 1), s)
dropped = [r for r in records if "drop" in r]
groups = {}
for r in records:
    if "drop" in r:
        continue
    if len(r["ea"]) == 1 and len(r["oa"]) == 1:
        pair = min(tuple(sorted((r["ea"], r["oa"]))), tuple(sorted((COMP[r["ea"]], COMP[r["oa"]]))))
    else:
        pair = tuple(sorted((r["ea"], r["oa"])))
    groups.setdefault((int(r["chrom"]), r["pos"], pair), []).append(r)

MAF_MAX = 0.4
results = []
for key in sorted(groups):
    g = sorted(groups[key], key=lambda r: r["study"])
    ref = g[0]
    if ref["ref"] is not None:
        o_all = ref["ref"]
        e_all = ref["oa"] if ref["ea"] == o_all else ref["ea"]
    else:
        e_all, o_all = ref["ea"], ref["oa"]
    pal = len(e_all) == 1 and COMP[e_all] == o_all
    ref_fe = ref["eaf"] if ref["ea"] == e_all else 1 - ref["eaf"]
    used = []
    for r in g:
        if r is ref:
            sign = 1 if r["ea"] == e_all else -1
        elif not pal:
            if (r["ea"], r["oa"]) == (e_all, o_all):
                sign = 1
            elif (r["ea"], r["oa"]) == (o_all, e_all):
                sign = -1
            else:
                sign = 1 if COMP[r["ea"]] == e_all else -1
        elif ref["ref"] is not None and r["ref"] is not None:
            if ref["ref"] != r["ref"]:
                r["drop"] = "palindromic_ref_conflict"
                dropped.append(r)
                continue
            sign = 1 if r["ea"] == e_all else -1
        else:
            if math.isnan(r["eaf"]) or math.isnan(ref_fe):
                r["drop"] = "palindromic_no_eaf"
                dropped.append(r)
                continue
            if min(r["eaf"], 1 - r["eaf"]) > MAF_MAX or min(ref_fe, 1 - ref_fe) > MAF_MAX:
                r["drop"] = "palindromic_ambiguous_eaf"
                dropped.append(r)
                continue
            sign = 1 if (r["eaf"] - 0.5) * (ref_fe - 0.5) > 0 else -1
        used.append((r, sign))
    k = len(used)
    b = np.array([s * r["beta"] for r, s in used])
    se = np.array([r["se"] for r, s in used])
    eaf = np.array([(r["eaf"] if s > 0 else 1 - r["eaf"]) for r, s in used])
    n = np.array([r["n"] for r, s in used])
    direction = ["?"] * 4
    for r, s in used:
        direction[r["study"]] = "+" if s * r["beta"] > 0 else "-"
    marker = "%d:%d:%s:%s" % (key[0], key[1], o_all, e_all)
    # inverse variance: statsmodels combine_effects (fixed effect = IVW, random = DerSimonian-Laird)
    if k > 1:
        ce = combine_effects(b, se ** 2, method_re="dl")
        fe, fe_se, q, tau2 = ce.mean_effect_fe, ce.sd_eff_w_fe, ce.q, ce.tau2
        re, re_se = ce.mean_effect_re, ce.sd_eff_w_re
        if tau2 <= 0:
            # statsmodels 0.13.5 does not truncate the DerSimonian-Laird tau2 at 0 (SPECS 5.3 does): with tau2 = 0
            # the random-effects weights are the fixed-effect ones
            tau2, re, re_se = 0.0, fe, fe_se
    else:
        fe, fe_se, q, tau2, re, re_se = b[0], se[0], 0.0, 0.0, b[0], se[0]
    df = k - 1
    isq = 0.0 if df == 0 or q <= df else (q - df) / q * 100
    het_p = 1.0 if df == 0 else stats.chi2.sf(q, df)
    w = 1 / se ** 2
    ok = ~np.isnan(eaf)
    freq1 = np.sum(w[ok] * eaf[ok]) / np.sum(w[ok])
    freq_se = math.sqrt(max(np.sum(w[ok] * eaf[ok] ** 2) / np.sum(w[ok]) - freq1 ** 2, 0))
    results.append(dict(marker=marker, a1=e_all, a2=o_all, k=k, direction="".join(direction), b=fe, se=fe_se,
                        p=2 * stats.norm.sf(abs(fe / fe_se)), q=q, df=df, isq=isq, het_p=het_p, tau2=tau2,
                        re=re, re_se=re_se, re_p=2 * stats.norm.sf(abs(re / re_se)), freq1=freq1, freq_se=freq_se,
                        min_freq=np.min(eaf[ok]), max_freq=np.max(eaf[ok]), n=np.sum(n),
                        used=used))

with open("oracle_stderr.tsv", "w") as o:
    o.write("MarkerName\tAllele1\tAllele2\tStudies\tDirection\tFreq1\tFreqSE\tMinFreq\tMaxFreq\tEffect\tStdErr\t"
            "P-value\tHetISq\tHetChiSq\tHetDf\tHetPVal\tTau2\tEffectRandom\tStdErrRandom\tP-valueRandom\tN\n")
    for r in results:
        o.write("\t".join([r["marker"], r["a1"], r["a2"], str(r["k"]), r["direction"]]
                          + ["%.17g" % r[c] for c in ("freq1", "freq_se", "min_freq", "max_freq", "b", "se", "p",
                                                      "isq", "q")]
                          + [str(r["df"])]
                          + ["%.17g" % r[c] for c in ("het_p", "tau2", "re", "re_se", "re_p", "n")]) + "\n")

# METAL's sample-size scheme: Z_i = sign(beta_i) |Phi^-1(P_i/2)|, w_i = sqrt(N_i), Z = sum w Z / sqrt(sum N);
# Q = sum (Z_i - sqrt(N_i) Z / sqrt(sum N))^2; frequencies weighted by N
with open("oracle_samplesize.tsv", "w") as o:
    o.write("MarkerName\tDirection\tFreq1\tWeight\tZscore\tP-value\tHetChiSq\tHetDf\tHetPVal\tHetISq\n")
    for r in results:
        z = np.array([np.sign(s * x["beta"]) * stats.norm.isf(math.exp(x["lnp"]) / 2) for x, s in r["used"]])
        n = np.array([x["n"] for x, s in r["used"]])
        eaf = np.array([(x["eaf"] if s > 0 else 1 - x["eaf"]) for x, s in r["used"]])
        zm = np.sum(np.sqrt(n) * z) / math.sqrt(np.sum(n))
        q = float(np.sum((z - np.sqrt(n) * zm / math.sqrt(np.sum(n))) ** 2))
        df = len(z) - 1
        ok = ~np.isnan(eaf)
        freq1 = np.sum(n[ok] * eaf[ok]) / np.sum(n[ok])
        o.write("\t".join([r["marker"], r["direction"], "%.17g" % freq1, "%.17g" % np.sum(n), "%.17g" % zm,
                           "%.17g" % (2 * stats.norm.sf(abs(zm))), "%.17g" % q, str(df),
                           "%.17g" % (1.0 if df == 0 else stats.chi2.sf(q, df)),
                           "%.17g" % (0.0 if df == 0 or q <= df else (q - df) / q * 100)]) + "\n")

with open("oracle_dropped.tsv", "w") as o:
    o.write("study\tline\treason\n")
    for r in sorted(dropped, key=lambda r: (r["study"], r["line"])):
        o.write("%d\t%d\t%s\n" % (r["study"] + 1, r["line"], r["drop"]))
print("variants", len(results), "dropped", len(dropped))
