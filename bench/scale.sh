#!/usr/bin/env bash
# bench/scale.sh — how ingest and gwas grow with samples × variants: time, CPU, peak RSS, peak live heap (the
# largest heap occupancy after a GC: what the job really holds), bytes on disk per genotype, and the fitted growth
# exponent of time in samples × variants, on cohorts from `musubi simulate` (LD blocks, three populations,
# families, a rare-heavy spectrum, a quantitative trait with age, sex, PC1, PC2).
#
#   bench/scale.sh                 # reduced grid (a few minutes on 2 cores): 2k×10k, 10k×10k, 20k×10k, 20k×40k
#   bench/scale.sh --full          # the issue's grid: 10k×50k, 50k×50k, 100k×50k, 100k×200k (about 2 h on 2 cores)
#   bench/scale.sh --grid "5000x5000 10000x5000" [--cores C] [--heap 8g]
#
# Writes the table as Markdown to bench/out/scale-<date>.md (bench/RESULTS.md keeps the figures we quote).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"

grid="2000x10000 10000x10000 20000x10000 20000x40000"
cores="$(nproc)"
heap=6g
seed=20261130
contigs=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22
usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --full) grid="10000x50000 50000x50000 100000x50000 100000x200000"; heap=16g; shift ;;
    --grid) grid="$2"; shift 2 ;;
    --cores) cores="$2"; shift 2 ;;
    --heap) heap="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench/scale.sh: unknown option $1 (see --help)" >&2; exit 1 ;;
  esac
done

bench_init scale
need_core_tools bench/scale.sh
[ -x bin/musubi ] || { echo "bench/scale.sh: run from a Musubi checkout" >&2; exit 1; }
log "preparing bin/musubi (builds the jobs jar if missing)…"
bin/musubi --version >/dev/null

# peak_live GCLOG: the largest heap occupancy after a collection, in MiB (G1 "…M->NNNM(…)" lines).
peak_live() {
  grep -o -- '->[0-9]*M' "$1" 2>/dev/null | tr -dc '0-9\n' | sort -n | tail -n 1 || true
}

rows=()
fit_x=()
fit_ingest=()
fit_gwas=()
for point in $grid; do
  n="${point%x*}"; m="${point#*x}"
  g="$(calc "$n * $m")"
  sim="$data/scale-n$n-m$m-s$seed"
  if [ ! -e "$sim/_SUCCESS" ]; then
    log "simulating $n samples × $m variants (one bank, VCF)…"
    rm -rf "$sim"
    timed "$work/sim-$point.log" bin/musubi simulate --banks 1 --samples "$n" --variants "$m" --seed "$seed" \
      --contigs "$contigs" --format vcf --master "local[$cores]" --out "$sim"
    [ "$t_rc" = 0 ] || { cat "$work/sim-$point.log" >&2; exit 1; }
    log "  ${t_wall%.*} s"
  fi
  bank="$sim/bankA"
  table="$work/t-$point.mvt"
  log "ingest $point…"
  MUSUBI_JAVA_OPTS="-Xmx$heap -Xlog:gc:file=$work/gc-ingest-$point.log" \
    timed "$work/ingest-$point.log" bin/musubi ingest --input "$bank/cohort.vcf.gz" --samples "$bank/samples.tsv" \
    --output "$table" --master "local[$cores]" --overwrite
  [ "$t_rc" = 0 ] || { cat "$work/ingest-$point.log" >&2; exit 1; }
  i_wall="$t_wall"; i_cpu="$t_cpu"; i_rss="$t_rss"; i_live="$(peak_live "$work/gc-ingest-$point.log")"
  bytes="$(du -sb "$table" | cut -f1)"
  log "  ${i_wall} s; gwas $point…"
  MUSUBI_JAVA_OPTS="-Xmx$heap -Xlog:gc:file=$work/gc-gwas-$point.log" \
    timed "$work/gwas-$point.log" bin/musubi gwas --table "$table" --pheno "$bank/pheno.tsv" --pheno-name qt \
    --covar "$bank/covar.tsv" --covar-name age,sex,PC1,PC2 --out "$work/gwas-$point" --master "local[$cores]" \
    --overwrite
  [ "$t_rc" = 0 ] || { cat "$work/gwas-$point.log" >&2; exit 1; }
  w_wall="$t_wall"; w_cpu="$t_cpu"; w_rss="$t_rss"; w_live="$(peak_live "$work/gc-gwas-$point.log")"
  tested="$(grep -o '"variants_tested" : [0-9]*' "$work/gwas-$point/summary.json" | grep -o '[0-9]*$')"
  rows+=("| $n | $m | $(fmt "$g" '%.2e') | $(fmt "$i_wall" '%.1f') | $i_cpu | $(fmt "$(calc "$g / $i_wall")" '%.2e') | $i_rss | ${i_live:-n/a} | $(fmt "$(calc "$bytes / $g")" '%.4f') | $(fmt "$w_wall" '%.1f') | $w_cpu | $(fmt "$(calc "$tested * $n / $w_wall")" '%.2e') | $w_rss | ${w_live:-n/a} |")
  fit_x+=("$g"); fit_ingest+=("$i_wall"); fit_gwas+=("$w_wall")
  log "  ${w_wall} s"
done

# least-squares slope of log(time) on log(samples × variants)
slope() {
  local xs="$1" ys="$2"
  awk -v xs="$xs" -v ys="$ys" 'BEGIN {
    n = split(xs, x, " "); split(ys, y, " ")
    for (i = 1; i <= n; i++) { lx = log(x[i]); ly = log(y[i]); sx += lx; sy += ly; sxx += lx * lx; sxy += lx * ly }
    d = n * sxx - sx * sx
    if (n < 2 || d == 0) { print "n/a"; exit }
    printf "%.2f", (n * sxy - sx * sy) / d }'
}
xs="${fit_x[*]}"
e_ingest="$(slope "$xs" "${fit_ingest[*]}")"
e_gwas="$(slope "$xs" "${fit_gwas[*]}")"
# without the smallest point, where JVM + Spark start-up (a few seconds) weighs most
xs2="${fit_x[*]:1}"
e_ingest2="$(slope "$xs2" "${fit_ingest[*]:1}")"
e_gwas2="$(slope "$xs2" "${fit_gwas[*]:1}")"

{
  echo "# Scale benchmark, $(date -u +%Y-%m-%d\ %H:%M) UTC"
  echo
  echo "$(machine_line "$cores"); heap $heap; load average at start: $load_start; at end: $(loadavg)"
  echo
  echo "Command: \`bench/scale.sh --grid \"$grid\" --cores $cores --heap $heap --seed $seed\`"
  echo
  echo "| samples | variants | genotypes | ingest s | ingest CPU s | ingest genotypes/s | ingest RSS MiB | ingest live heap MiB | bytes/genotype | gwas s | gwas CPU s | gwas variant·samples/s | gwas RSS MiB | gwas live heap MiB |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Growth exponent b of wall time ∝ (samples × variants)^b, least squares over the grid: ingest $e_ingest, gwas $e_gwas;"
  echo "without the smallest point (start-up weighs most there): ingest $e_ingest2, gwas $e_gwas2."
  echo
  echo "- Input: \`musubi simulate --banks 1 --contigs 1,2,…,22 --format vcf\` (bgzipped VCF, GT only, 0.2% missing)."
  echo "- gwas: \`--pheno-name qt --covar-name age,sex,PC1,PC2\` (linear), every variant of the table."
  echo "- Wall times include JVM + Spark start-up; CPU s = user + sys; RSS = peak resident set of the one JVM (driver and"
  echo "  executors share it in local mode); live heap = the largest heap occupancy after a GC (-Xlog:gc)."
} > "$report"
cat "$report"
log "report: $(rel "$report")"
