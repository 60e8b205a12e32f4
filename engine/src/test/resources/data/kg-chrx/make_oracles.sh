#!/usr/bin/env bash
# bcftools 1.16 +fill-tags oracles of 1kg_phase3_chrX_subset.vcf.gz, whole cohort and per stratum of samples.psam
# (SEX 1 = XY, 2 = XX; SuperPop). Run from this folder: bash make_oracles.sh
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
V=1kg_phase3_chrX_subset.vcf.gz
filltags() { # filltags OUT [SAMPLES]
  bcftools view --no-version ${2:+-S "$2"} -Ou "$V" \
    | bcftools +fill-tags -Ou -- -t AN,AC,AF,AC_Hom,AC_Het,HWE \
    | bcftools query -f '%CHROM\t%POS\t%ID\t%REF\t%ALT\t%AN\t%AC\t%AF\t%AC_Hom\t%AC_Het\t%HWE\n' > "$1"
}
filltags filltags.all.tsv
awk -F'\t' 'NR > 1 && $2 == 2 { print $1 }' samples.psam > "$tmp/XX"
awk -F'\t' 'NR > 1 && $2 == 1 { print $1 }' samples.psam > "$tmp/XY"
for s in XX XY; do filltags "filltags.$s.tsv" "$tmp/$s"; done
for p in AFR AMR EAS EUR SAS; do
  awk -F'\t' -v p=$p 'NR > 1 && $3 == p { print $1 }' samples.psam > "$tmp/$p"
  filltags "filltags.$p.tsv" "$tmp/$p"
done
