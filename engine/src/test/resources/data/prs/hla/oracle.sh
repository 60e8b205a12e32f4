#!/usr/bin/env bash
# The plink2 oracle of the HLA/complex-variant scoring files on hla_targets.vcf (plink2 2.00a3.5).
# As pgsc_calc: first a matched scorefile (ID, matched effect allele, weight) of the rows that have an rsID (the
# HLA/diplotype rows have neither rsID nor position: unmatched), each row's effect allele taken as it is when it is
# the record's REF or ALT, else its strand complement when that is (no_oa_*_flip; PGS000021 has no other_allele),
# else the row is unmatched; none of the matched records is strand-ambiguous. Then plink2 --score sums weight x
# matched-allele dosage. No missing calls, so mean imputation plays no part. Run from this folder: bash oracle.sh
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
match='
  BEGIN { c["A"] = "T"; c["C"] = "G"; c["G"] = "C"; c["T"] = "A" }
  FNR == NR { if ($1 !~ /^#/) { ref[$3] = $4; alt[$3] = $5 }; next }
  FNR == 1 { print "ID\tA1\t" name; next }
  $id != "" && ($id in ref) {
    e = $ea
    if (e != ref[$id] && e != alt[$id]) { e = c[e]; if (e != ref[$id] && e != alt[$id]) next }
    print $id "\t" e "\t" $w
  }'
awk -F'\t' -v name=PGS004239 -v id=1 -v ea=4 -v w=6 "$match" hla_targets.vcf ../complex_variants_PGS004239.txt \
  > "$tmp/PGS004239.plink"
awk -F'\t' -v name=PGS000021 -v id=1 -v ea=2 -v w=3 "$match" hla_targets.vcf ../complex_variants_PGS000021.txt \
  > "$tmp/PGS000021.plink"
for s in PGS004239 PGS000021; do
  plink2 --vcf hla_targets.vcf --score "$tmp/$s.plink" 1 2 3 header cols=+scoresums,+denom no-mean-imputation \
    list-variants --out "$tmp/$s" > /dev/null
  cp "$tmp/$s.sscore" "$s.sscore"
  cp "$tmp/$s.sscore.vars" "$s.sscore.vars"
  cp "$tmp/$s.plink" "$s.matched.txt"
done
