#!/usr/bin/env bash
# Oracles for freq-merge (FreqMergeSparkTest, AlleleHeterogeneityTest). Run from this folder:
#   bash make_merge_oracles.sh
# Needs plink2 2.00a3.5 (Debian bookworm) and /usr/bin/python3 with SciPy. Deterministic.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
shared=$here/../../../../../../../shared/data   # ../shared/data next to the repository
B=$shared/pgsc_calc/target/cineca_synthetic_subset
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. Hudson Fst (Bhatia et al. 2013) between the three banks (EUR+AMR, AFR, EAS+SAS), from the genotypes.
{
  printf '#FID\tIID\tBANK\n'
  for b in bankA_EUR_AMR bankB_AFR bankC_EAS_SAS; do
    awk -v b=$b '{print $1"\t"$2"\t"b}' "$shared/pgsc_calc/oracle/inputs/cineca.$b.keep"
  done
} > "$work/banks.pheno"
plink2 --bfile "$B" --pheno "$work/banks.pheno" --fst BANK method=hudson 'cols=+nobs' --out "$work/hudson" >/dev/null
cp "$work/hudson.fst.summary" "$here/cineca.banks.hudson.fst.summary"


# 2. Heterogeneity tests with SciPy, from the per-bank bcftools +fill-tags counts (AC, AN) already here, and
#    random tables (heterogeneity.tables.tsv, written by the script itself).
/usr/bin/python3 "$here/merge_heterogeneity_oracle.py" "$here" > "$here/cineca.banks.heterogeneity.tsv"
