#!/usr/bin/env bash
# bench/prs-table.sh — Musubi prs alone on an existing variant table (e.g. a 100k-sample `simulate --format table`
# cohort, too large for a VCF round trip): a synthetic score over S of the table's sites, then `prs` timed (wall,
# CPU = user+sys, peak RSS) with its per-phase seconds.
#
#   bench/prs-table.sh --table DIR [--score-variants S] [--cores C] [--score-seed S] [--heap SIZE] [--runs R]
#
# The score is made as bench/prs.sh makes it (S sites picked evenly over the table, effect allele ALT or REF at
# random, weight ~ N(0, 0.01^2)), from the table's own pos/ref/alt columns (bench helper TableSites); the table is
# only read. Example (the 100k x 100k run of bench/RESULTS.md):
#   bin/musubi simulate --banks 1 --samples 100000 --variants 100000 --format table --out sim --master 'local[2]'
#   MUSUBI_JAVA_OPTS=-Xmx6g bench/prs-table.sh --table sim/bankA/cohort.mvt --score-variants 80000 --cores 2
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"

table=""
score_variants=80000
cores="$(nproc)"
score_seed=11
heap=6g
runs=1
while [ $# -gt 0 ]; do
  if shared_opt prs-table.sh "cores heap" "$@"; then shift 2; continue; fi
  case "$1" in
    --table) table="$2"; shift 2 ;;
    --score-variants) score_variants="$2"; shift 2 ;;
    --score-seed) score_seed="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    -h|--help) sed -n 2,12p "$0"; exit 0 ;;
    *) echo "prs-table.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -n "$table" ] && [ -f "$table/_table.json" ] || { echo "prs-table.sh: --table DIR (a variant table) is required" >&2; exit 2; }
positive_ints prs-table.sh score_variants cores score_seed runs
need_core_tools prs-table.sh
bench_init prs-table
build_helpers classpath
export MUSUBI_JAVA_OPTS="${MUSUBI_JAVA_OPTS:--Xmx$heap}"

log "reading the table's sites…"
java -Xmx1g -cp "$bench_cp" org.musubi.bench.TableSites "$table" > "$work/sites.tsv"
nb="$(wc -l < "$work/sites.tsv")"
pgs="$work/score.pgs.txt"
awk -F'\t' -v OFS='\t' -v seed="$score_seed" -v nb="$nb" -v k="$score_variants" '
  function gauss(   u, v) { u = rand(); v = rand(); if (u < 1e-300) u = 1e-300; return sqrt(-2 * log(u)) * cos(6.283185307179586 * v) }
  BEGIN { srand(seed); step = (k >= nb) ? 1 : nb / k; next_pick = 0; picked = 0
          print "#format_version=2.0\n#pgs_id=PGSBENCH\n#genome_build=GRCh38\n#variants_number=" (k < nb ? k : nb)
          print "chr_name", "chr_position", "effect_allele", "other_allele", "effect_weight" }
  { if (NR - 1 < next_pick || picked >= k) next
    next_pick += step; picked++
    c = $1; sub(/^chr/, "", c)
    w = sprintf("%.6f", 0.01 * gauss())
    if (rand() < 0.5) { ea = $4; oa = $3 } else { ea = $3; oa = $4 }
    print c, $2, ea, oa, w }' "$work/sites.tsv" > "$pgs"
k_score="$(grep -vc '^#' "$pgs")"; k_score=$((k_score - 1))
log "score: $k_score of the table's $nb sites"

rows=""
for r in $(seq 1 "$runs"); do
  log "Musubi prs, run $r of $runs ($MUSUBI_JAVA_OPTS, local[$cores])…"
  timed "$work/prs-$r.log" "$root/bin/musubi" prs --table "$table" --score "$pgs" --keep-ambiguous --min-overlap 0 \
      --out "$work/prs-$r" --overwrite --master "local[$cores]"
  [ "$t_rc" = 0 ] || { log "prs failed (exit $t_rc), see $(rel "$work/prs-$r.log")"; tail -n 5 "$work/prs-$r.log" >&2; exit 1; }
  phases="$(tr -d '\n ' < "$work/prs-$r/summary.json" | sed -n 's/.*"phase_seconds":{\([^}]*\)}.*/\1/p')"
  scored="$(awk '/"variants_scored"/ { gsub(/[^0-9]/, ""); print; exit }' "$work/prs-$r/summary.json")"
  log "  $(fmt "$t_wall" '%.1f') s wall, $t_cpu s CPU, $t_rss MiB peak RSS; $scored variants scored; phases: $phases"
  rows+="| $r | $(fmt "$t_wall" '%.1f') | $t_cpu | $t_rss | $scored | $phases |"$'\n'
done
samples="$(awk -F'[:,]' '/"sampleCount"/ { gsub(/[^0-9]/, "", $2); print $2; exit }' "$table/_table.json")"
{
  echo "# prs on an existing table ($stamp)"
  echo
  echo "table $(rel "$table"): $samples samples x $nb sites; score: $k_score sites; $(machine_line "$cores"); $MUSUBI_JAVA_OPTS; load at start $load_start"
  echo
  echo "| run | wall s | CPU s | peak RSS MiB | variants scored | phase seconds |"
  echo "|---|---|---|---|---|---|"
  printf '%s' "$rows"
} > "$report"
cat "$report"
