"""Heterogeneity of allele frequencies between banks, computed with SciPy (the oracle for freq-merge).

For every CINECA variant, from the per-bank bcftools +fill-tags AC and AN (cineca.bank*.filltags.tsv):
  - all three banks: scipy.stats.chi2_contingency(correction=False) on the 2 x 3 table [AC; AN - AC]
  - banks A and B only: the same chi-square, and scipy.stats.fisher_exact (two-sided) on the 2 x 2 table
Usage: python3 merge_heterogeneity_oracle.py DIR > cineca.banks.heterogeneity.tsv
"""
import sys

import numpy as np
from scipy.stats import chi2_contingency, fisher_exact

d = sys.argv[1]
banks = ["bankA_EUR_AMR", "bankB_AFR", "bankC_EAS_SAS"]
counts = {}
order = []
for i, b in enumerate(banks):
    for line in open(f"{d}/cineca.{b}.filltags.tsv"):
        if line.startswith("#"):
            continue
        f = line.rstrip("\n").split("\t")
        key = f"{f[0]}:{f[1]}:{f[3]}:{f[4]}"
        if i == 0:
            order.append(key)
            counts[key] = []
        counts[key].append((int(f[6]), int(f[5])))  # AC, AN


def chisq(ac, an):
    t = np.array([ac, [n - a for a, n in zip(ac, an)]], dtype=float)
    if t[0].sum() == 0 or t[1].sum() == 0:
        return None
    stat, p, dof, expected = chi2_contingency(t, correction=False)
    return stat, dof, p, expected.min()


print("variant\tchisq3\tdf3\tp3\tchisq_ab\tp_chisq_ab\tp_fisher_ab\tmin_expected_ab")
for key in order:
    c = counts[key]
    r3 = chisq([a for a, n in c], [n for a, n in c])
    r2 = chisq([c[0][0], c[1][0]], [c[0][1], c[1][1]])
    cols = [key]
    cols += ["NA"] * 3 if r3 is None else [repr(r3[0]), str(r3[1]), repr(r3[2])]
    if r2 is None:
        cols += ["NA"] * 4
    else:
        (a, na), (b, nb) = c[0], c[1]
        _, pf = fisher_exact([[a, b], [na - a, nb - b]])
        cols += [repr(r2[0]), repr(r2[2]), repr(pf), repr(r2[3])]
    print("\t".join(cols))

# Random 2 x B tables (fixed seed), many with small counts, for the kernel test: B, AC..., AN..., the test the
# rule picks (fisher for B = 2 with an expected count < 5, else chisq), its statistic and P.
rng = np.random.default_rng(20261130)
with open(f"{d}/heterogeneity.tables.tsv", "w") as out:
    out.write("b\tac\tan\ttest\tchisq\tdf\tp\n")
    rows = 0
    while rows < 300:
        b = int(rng.integers(2, 6))
        an = rng.integers(1, 60, size=b) * (2 if rng.random() < 0.5 else 1)
        if rng.random() < 0.3:
            an = an * int(rng.integers(10, 400))
        p = rng.beta(0.3, 3.0, size=b) if rng.random() < 0.7 else rng.uniform(0, 1, size=b)
        ac = rng.binomial(an, p)
        r = chisq(list(ac), list(an))
        if r is None:
            continue
        stat, dof, pc, emin = r
        if b == 2 and emin < 5:
            test = "fisher"
            _, pv = fisher_exact([[ac[0], ac[1]], [an[0] - ac[0], an[1] - ac[1]]])
        else:
            test, pv = "chisq", pc
        out.write(f"{b}\t{','.join(map(str, ac))}\t{','.join(map(str, an))}\t{test}\t{stat!r}\t{dof}\t{pv!r}\n")
        rows += 1
