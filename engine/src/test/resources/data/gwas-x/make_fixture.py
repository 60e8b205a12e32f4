#!/usr/bin/env python3
"""Writes the chrX/chrY GWAS fixture: cohort.vcf, cohort.psam (sex), pheno.tsv, covar.tsv.

Deterministic (seed below). 320 samples: 150 XY, 160 XX, 10 of unknown sex. Contigs: chr22 (autosome control),
X in PAR1 (diploid calls for everyone, as a VCF stores them unless the PARs are split), X outside the PARs
(XY samples haploid; four variants whose minor allele depends on counting XY samples once), Y (XY haploid, XX
missing), MT (haploid for everyone). Rare variants (Firth fallback), missing calls. The samples of
unknown sex have their non-PAR X calls missing except on 8 variants, so ingest cannot infer their sex (it needs 10
calls) and the table's sex equals the .psam's. Run: python3 make_fixture.py (writes next to itself).
"""
import os
import random

R = random.Random(20260317)
HERE = os.path.dirname(os.path.abspath(__file__))
N_XY, N_XX, N_UNK = 150, 160, 10
samples = []
for i in range(N_XY + N_XX + N_UNK):
    sex = "XY" if i < N_XY else "XX" if i < N_XY + N_XX else None
    samples.append(("S%03d" % (i + 1), sex))
R.shuffle(samples)
n = len(samples)
male = [s[1] == "XY" for s in samples]
unknown = [s[1] is None for s in samples]

def freq():
    u = R.random()
    return 0.004 + 0.45 * u * u  # many rare variants

variants = []  # (contig, pos, ref, alt, kind)
for k in range(20):
    variants.append(("22", 16_000_000 + 1000 * k, "A", "G", "auto"))
for k in range(10):
    variants.append(("X", 100_000 + 10_000 * k, "C", "T", "par"))
for k in range(60):
    variants.append(("X", 5_000_000 + 50_000 * k, "G", "A", "nonpar"))
for k in range(4):
    variants.append(("X", 8_000_000 + 50_000 * k, "G", "T", "nonpar-skew"))
for k in range(12):
    variants.append(("Y", 3_000_000 + 100_000 * k, "T", "C", "y"))
for k in range(6):
    variants.append(("MT", 1000 + 500 * k, "A", "G", "mt"))
unknown_called = {}  # sample → the 8 non-PAR variant indexes where it has calls
nonpar = [i for i, v in enumerate(variants) if v[4] == "nonpar"]
for s in range(n):
    if unknown[s]:
        unknown_called[s] = set(R.sample(nonpar, 8))

# genotypes: A1 dosage 0..2 (diploid) or 0..1 (haploid), None missing
geno = []
for vi, (contig, pos, ref, alt, kind) in enumerate(variants):
    p = freq()
    if vi % 7 == 3:
        p = 1 - p  # some with ALT the major allele
    if kind == "nonpar-skew":
        # ALT minor when XY samples count one allele, major when they count two (or the reverse)
        pf, pm = ((0.40, 0.65), (0.60, 0.35), (0.42, 0.62), (0.58, 0.38))[vi % 4]
        kind = "nonpar"
        variants[vi] = (contig, pos, ref, alt, kind)
    else:
        pf = pm = p
    row = []
    for s in range(n):
        if R.random() < 0.02:
            row.append(None)
            continue
        if kind == "y":
            row.append(None if not male[s] else int(R.random() < p))
        elif kind == "mt":
            row.append(int(R.random() < p))
        elif kind == "nonpar" and male[s]:
            row.append(int(R.random() < pm))
        elif kind == "nonpar" and unknown[s] and vi not in unknown_called[s]:
            row.append(None)
        else:
            row.append(int(R.random() < pf) + int(R.random() < pf))
    geno.append(row)

def gt(kind, s, g):
    haploid = kind in ("y", "mt") or (kind == "nonpar" and male[s])
    if kind == "y" and not male[s]:
        return "."
    if g is None:
        return "." if haploid else "./."
    if haploid:
        return str(g)
    return ["0/0", "0/1", "1/1"][g]

with open(os.path.join(HERE, "cohort.vcf"), "w") as f:
    f.write("##fileformat=VCFv4.2\n")
    for c, ln in (("22", 50818468), ("X", 156040895), ("Y", 57227415), ("MT", 16569)):
        f.write("##contig=<ID=%s,length=%d,assembly=GRCh38>\n" % (c, ln))
    f.write('##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n')
    f.write("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t" + "\t".join(s[0] for s in samples) + "\n")
    for (contig, pos, ref, alt, kind), row in zip(variants, geno):
        vid = "%s_%d" % (contig, pos)
        f.write("%s\t%d\t%s\t%s\t%s\t.\tPASS\t.\tGT\t" % (contig, pos, vid, ref, alt))
        f.write("\t".join(gt(kind, s, g) for s, g in enumerate(row)) + "\n")

with open(os.path.join(HERE, "cohort.psam"), "w") as f:
    f.write("#IID\tSEX\n")
    for sid, sex in samples:
        f.write("%s\t%s\n" % (sid, {"XY": "1", "XX": "2", None: "NA"}[sex]))

# phenotypes: causal X non-PAR variants (male dosage counted 0/1), a sex effect, covariates
age = [round(R.gauss(55, 8), 1) for _ in range(n)]
pc1 = [round(R.gauss(0, 1), 4) for _ in range(n)]
causal = [nonpar[3], nonpar[10], nonpar[25], 20, 5]
with open(os.path.join(HERE, "pheno.tsv"), "w") as ph, open(os.path.join(HERE, "covar.tsv"), "w") as cv:
    ph.write("#IID\tqt\tcc\n")
    cv.write("#IID\tage\tPC1\n")
    for s in range(n):
        g = sum(0 if geno[v][s] is None else geno[v][s] for v in causal)
        sexeff = 0.6 if male[s] else 0
        qt = 0.4 * g + sexeff + 0.03 * age[s] + 0.3 * pc1[s] + R.gauss(0, 1)
        liab = 0.5 * g + sexeff + 0.02 * (age[s] - 55) + R.gauss(0, 1)
        qts = "NA" if R.random() < 0.03 else "%.4f" % qt
        ccs = "NA" if R.random() < 0.03 else ("2" if liab > 1.0 else "1")
        ph.write("%s\t%s\t%s\n" % (samples[s][0], qts, ccs))
        cv.write("%s\t%s\t%s\n" % (samples[s][0], age[s], pc1[s]))
