"""Writes hla_targets.vcf: a small synthetic cohort (30 samples, no missing calls, seed 13) carrying the SNP rows
of complex_variants_PGS004239.txt at their GRCh37 positions and most rsID rows of complex_variants_PGS000021.txt at
synthetic positions on contig 2 (matched by ID). Run from this folder: python3 make_fixture.py"""

import random

rng = random.Random(13)
N = 30
COMP = {"A": "T", "C": "G", "G": "C", "T": "A"}
TRANSITION = {"A": "G", "G": "A", "C": "T", "T": "C"}

records = []  # (chrom, pos, id, ref, alt)
# PGS004239 SNPs (chr, pos, rsID, effect, other): REF/ALT alternate between other/effect and effect/other.
pgs4239 = [("1", 114377568, "rs2476601", "A", "G"), ("6", 90986686, "rs2325291", "A", "G"),
           ("6", 91047742, "rs76893487", "C", "T"), ("21", 45714294, "rs74203920", "T", "C"),
           ("21", 45709153, "rs2075876", "G", "A")]
for i, (c, p, rs, ea, oa) in enumerate(pgs4239):
    records.append((c, p, rs, oa, ea) if i % 2 == 0 else (c, p, rs, ea, oa))
# PGS000021 rsID rows (effect allele only; its first, rs2476601, is PGS004239's record above): the next 20 are in
# the cohort with the effect allele as ALT, REF, or strand-flipped; the 21st has alleles that match neither strand;
# the last 3 are absent.
rows21 = []
with open("../complex_variants_PGS000021.txt") as f:
    next(f)
    for line in f:
        rs, ea = line.split("\t")[:2]
        if rs:
            rows21.append((rs, ea))
for i, (rs, ea) in enumerate(rows21[1:22]):
    pos = 100000 + 1000 * i
    if i == 20:
        ref, alt = ("C", "G") if ea in "AT" else ("A", "T")
    elif i % 3 == 0:
        ref, alt = TRANSITION[ea], ea
    elif i % 3 == 1:
        ref, alt = ea, TRANSITION[ea]
    else:
        ref, alt = TRANSITION[COMP[ea]], COMP[ea]
    records.append(("2", pos, rs, ref, alt))

order = {c: k for k, c in enumerate(["1", "2", "6", "21"])}
records.sort(key=lambda r: (order[r[0]], r[1]))
with open("hla_targets.vcf", "w") as out:
    out.write("##fileformat=VCFv4.2\n")
    for c in ["1", "2", "6", "21"]:
        out.write(f"##contig=<ID={c}>\n")
    out.write('##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n')
    out.write("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t"
              + "\t".join(f"S{i:02d}" for i in range(N)) + "\n")
    for c, p, rs, ref, alt in records:
        af = rng.uniform(0.1, 0.6)
        gts = []
        for _ in range(N):
            a, b = (int(rng.random() < af) for _ in range(2))
            gts.append(f"{a}/{b}")
        out.write(f"{c}\t{p}\t{rs}\t{ref}\t{alt}\t.\tPASS\t.\tGT\t" + "\t".join(gts) + "\n")
