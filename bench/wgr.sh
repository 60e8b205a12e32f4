#!/usr/bin/env bash
# bench/wgr.sh — whole-genome regression step 1 (Musubi wgr, REGENIE v1.0.6.7's algorithm) on a simulated cohort with
# relatives, for 1, 10 and 50 quantitative phenotypes in one run; wall time, CPU and peak memory of each, and the
# CPU time scaled to REGENIE's published UK Biobank run (SPECS §8.3: 111 CPU-h for 50 traits at 407,746 samples x
# 469,336 variants) per sample x variant x phenotype.
#
#   bench/wgr.sh [--samples N] [--variants M] [--phenotypes 1,10,50] [--cores C]      (see --help)
#
# The issue's sizes are 20k x 100k (default) and 100k x 100k; REGENIE itself is not run (not installed here).
# Step 2: gwas --pred (with the first count's LOCO predictions) next to plain gwas on the same table and phenotypes,
# CPU ratio (goal <= 1.2).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"

samples=20000
variants=100000
phenos="1,10,50"
cores="$(nproc)"
related=0.5
block=1000
seed=20260101
heap=6g

usage() {
  cat <<'USAGE'
usage: bench/wgr.sh [--samples N] [--variants M] [--phenotypes LIST] [--cores C] [--block-size B] [--heap SIZE]

  --samples N            samples of the simulated bank (default 20000)
  --variants M           variants on 21, 22 and X (default 100000)
  --phenotypes LIST      phenotype counts, one wgr run each (default 1,10,50)
  --cores C              Spark local[C] (default: nproc)
  --related-fraction F   share of samples in trios/sib pairs (default 0.5)
  --block-size B         wgr --block-size (default 1000)
  --heap SIZE            Musubi's JVM heap unless MUSUBI_JAVA_OPTS is set (default 6g)

Needs: Java 17, Maven, GNU time for CPU/RSS (apt-get install -y time).
USAGE
}

while [ $# -gt 0 ]; do
  if shared_opt wgr.sh "samples variants cores seed heap" "$@"; then shift 2; continue; fi
  case "$1" in
    --phenotypes) phenos="$2"; shift 2 ;;
    --related-fraction) related="$2"; shift 2 ;;
    --block-size) block="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "wgr.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
positive_ints wgr.sh samples variants cores seed block
bench_init wgr
if [ -z "${MUSUBI_JAVA_OPTS:-}" ]; then export MUSUBI_JAVA_OPTS="-Xmx$heap"; fi

sim="$data/wgr-sim-$samples-$variants-$seed-$related"
if [ ! -f "$sim/_SUCCESS" ]; then
  step simulate "simulate $samples samples x $variants variants (cached in $(rel "$sim"))" \
    "$root/bin/musubi" simulate --banks 1 --samples "$samples" --variants "$variants" --seed "$seed" \
    --related-fraction "$related" --format table --out "$sim" --overwrite --master "local[$cores]"
fi
table="$sim/bankA/cohort.mvt"

IFS=',' read -r -a counts <<< "$phenos"
for p in "${counts[@]}"; do
  # p standard-normal phenotypes (awk's generator, fixed seed): the cost does not depend on the values
  awk -F'\t' -v p="$p" -v seed="$seed" 'BEGIN { srand(seed); printf "IID"; for (k = 1; k <= p; k++) printf " Y%d", k; print "" }
    NR > 1 { printf "%s", $1; for (k = 1; k <= p; k++) { u = rand(); v = rand(); printf " %.6f", sqrt(-2 * log(u + 1e-300)) * cos(6.283185307 * v) } print "" }' \
    "$sim/bankA/samples.tsv" > "$work/pheno$p.txt"
  step "wgr$p" "Musubi wgr, $p phenotype(s)" "$root/bin/musubi" wgr --table "$table" --pheno "$work/pheno$p.txt" \
    --block-size "$block" --out "$work/wgr$p" --overwrite --master "local[$cores]"
done

# step 2 next to plain gwas, the first count's phenotypes (no variant filter on plain gwas; gwas --pred skips MAC < 5, REGENIE's default)
p2="${counts[0]}"
step gwas "plain gwas, $p2 phenotype(s)" "$root/bin/musubi" gwas --table "$table" --pheno "$work/pheno$p2.txt" \
  --out "$work/gwas$p2" --overwrite --master "local[$cores]"
step pred "gwas --pred (REGENIE step 2), $p2 phenotype(s)" "$root/bin/musubi" gwas --table "$table" \
  --pheno "$work/pheno$p2.txt" --pred "$work/wgr$p2/wgr_pred.list" --out "$work/pred$p2" --overwrite \
  --master "local[$cores]"

# REGENIE's published step 1: 111 CPU-h for 50 traits at 407,746 x 469,336
regenie_unit="$(calc "111 * 3600 / (407746 * 469336 * 50)")"
{
  echo "# WGR step 1 benchmark, $(machine_line "$cores"), $(date '+%Y-%m-%d %H:%M')"
  echo
  echo "Cohort: bin/musubi simulate, $samples samples x $variants variants (21, 22, X), related fraction $related, seed $seed; --block-size $block."
  echo "Load average at start: $load_start; at end: $(loadavg) (other work on the machine skews the times)."
  echo
  echo "| phenotypes | wall s | CPU s | peak RSS MiB | level 0 s | level 1 s | CPU s per 10^9 sample·variant·phenotype | REGENIE (UKB, published) |"
  echo "|---|---|---|---|---|---|---|---|"
  for p in "${counts[@]}"; do
    s="$work/wgr$p/summary.json"
    l0="$(grep -o '"level0" *: *[0-9.eE+-]*' "$s" | sed 's/.*: *//')"
    l1="$(grep -o '"level1" *: *[0-9.eE+-]*' "$s" | sed 's/.*: *//')"
    unit="$(calc "${cpu_of[wgr$p]} / ($samples * $variants * $p) * 1e9")"
    echo "| $p | $(fmt "${wall_of[wgr$p]}" '%.1f') | ${cpu_of[wgr$p]} | ${rss_of[wgr$p]} | $(fmt "$l0" '%.1f') | $(fmt "$l1" '%.1f') | $(fmt "$unit" '%.3g') | $(fmt "$(calc "$regenie_unit * 1e9")" '%.3g') |"
  done
  echo
  echo "Step 2, $p2 phenotype(s): plain gwas $(fmt "${wall_of[gwas]}" '%.1f') s wall, ${cpu_of[gwas]} s CPU, ${rss_of[gwas]} MiB; gwas --pred $(fmt "${wall_of[pred]}" '%.1f') s wall, ${cpu_of[pred]} s CPU, ${rss_of[pred]} MiB; CPU ratio --pred / plain $(fmt "$(calc "${cpu_of[pred]} / ${cpu_of[gwas]}")" '%.2f') (goal <= 1.2)."
  echo
  echo "Every Musubi run includes JVM + Spark start-up; CPU and RSS are the whole process's (driver and local executors)."
} | tee "$report"
