# Exact KING-robust counts by definition (SPECS §7.3) for the pairs of a plink2 .kin0, from a VCF: an independent
# check of plink2's NSNP where the two disagree. Prints ID columns, plink2's NSNP, the exact NSNP per such pair.
# python3 kingref.py VCF.gz KIN0[.gz] > NAME.nsnp_plink2_off.tsv
import gzip, sys, numpy as np
vcf, kin0 = sys.argv[1], sys.argv[2]
rows = []
with gzip.open(vcf, 'rt') as f:
    for l in f:
        if l.startswith('##'): continue
        x = l.rstrip('\n').split('\t')
        if l.startswith('#'): names = x[9:]; continue
        if x[0] in ('X', 'Y', 'chrX', 'chrY', 'MT'): continue
        g = []
        for s in x[9:]:
            gt = s.split(':')[0].replace('|', '/')
            a = gt.split('/')
            g.append(-1 if '.' in a else sum(int(v) > 0 for v in a))
        rows.append(g)
G = np.array(rows, dtype=np.int8)
idx = {n: i for i, n in enumerate(names)}
op = gzip.open if kin0.endswith('.gz') else open
bad = 0; tot = 0
with op(kin0, 'rt') as f:
    hdr = f.readline().rstrip('\n').split('\t')
    k = len(hdr) - 4
    for l in f:
        x = l.rstrip('\n').split('\t')
        a = G[:, idx[x[k // 2 - 1]]]; b = G[:, idx[x[k - 1]]]
        both = (a >= 0) & (b >= 0)
        nsnp = int(both.sum()); tot += 1
        if nsnp != int(x[k]):
            bad += 1
            print('\t'.join(x[:k] + [x[k], str(nsnp)]))
print(tot, 'pairs,', bad, 'with plink2 NSNP != exact count', file=sys.stderr)
