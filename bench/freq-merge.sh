#!/usr/bin/env bash
# bench/freq-merge.sh — times Musubi's freq-merge of B banks' freq outputs (each V variants), and optionally the same
# merge by another checkout's build (--baseline DIR, e.g. a worktree of an earlier commit with its jars built), side
# by side in one run, then checks that both give the same outputs (sites VCF decompressed byte for byte, Parquet rows
# in order across the part files).
#
#   bench/freq-merge.sh [--samples N] [--variants M] [--banks B] [--strata none|population,sex] [--baseline DIR]
#
# The banks are one synthetic cohort's freq output given B times under B names (--names bank1,…): every variant is in
# every bank, the merge does B× the reading and the full per-variant work. Report: bench/out/freq-merge-<date>.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"

samples=2000
variants=20000
cores="$(nproc)"
seed=20240607
heap=4g
banks=3
strata=none
baseline=""
table=""
orig_args="$*"
while [ $# -gt 0 ]; do
  if shared_opt freq-merge.sh "samples variants cores seed heap" "$@"; then shift 2; continue; fi
  case "$1" in
    --banks) banks="$2"; shift 2 ;;
    --strata) strata="$2"; shift 2 ;;
    --baseline) baseline="$(cd "$2" && pwd)"; shift 2 ;;
    --table) table="$(cd "$2" && pwd)"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; echo "  --table T: use this variant table instead of ingesting the synthetic VCF"; exit 0 ;;
    *) echo "freq-merge.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
positive_ints freq-merge.sh samples variants cores seed banks
need_core_tools freq-merge.sh
bench_init freq-merge
build_helpers
musubi_warmup
[ "$prep_rc" = 0 ] || { echo "freq-merge.sh: warm-up failed, see $work/musubi-prepare.log" >&2; exit 1; }

if [ -z "$table" ]; then
  synth_vcf "$samples" "$variants" "$seed" "$cores"
  manifest="$work/manifest.tsv"
  awk -v n="$samples" 'BEGIN { print "sample_id\tsex\tpopulation"
    for (i = 1; i <= n; i++) printf "S%07d\t%s\tP%d\n", i, (i % 2 ? "XX" : "XY"), (i - 1) % 5 + 1 }' > "$manifest"
  log "ingest…"
  "$root/bin/musubi" ingest --input "$vcf" --samples "$manifest" --bank bench --genome-build GRCh38 \
    --output "$work/t.mvt" --master "local[$cores]" --overwrite > "$work/ingest.log" 2>&1
  table="$work/t.mvt"
fi
log "freq --strata $strata…"
"$root/bin/musubi" freq --table "$table" --strata "$strata" --out "$work/bank.freq" --master "local[$cores]" \
  --overwrite > "$work/freq.log" 2>&1
inputs="$work/bank.freq"; names="bank1"
for ((b = 2; b <= banks; b++)); do inputs="$inputs,$work/bank.freq"; names="$names,bank$b"; done

rows=()
merge() { # label launcher out
  log "freq-merge ($1)…"
  timed "$work/$1.log" "$2" freq-merge --inputs "$inputs" --names "$names" --out "$3" --master "local[$cores]" --overwrite
  if [ "$t_rc" = 0 ]; then rows+=("$1|$t_wall|$t_cpu|$t_rss"); log "  $(fmt "$t_wall" '%.1f') s wall, $t_cpu s CPU"
  else rows+=("$1|failed|-|-"); log "  failed, see $work/$1.log"; fi
}
if [ -n "$baseline" ]; then merge baseline "$baseline/bin/musubi" "$work/merged.baseline"; fi
merge this "$root/bin/musubi" "$work/merged.this"
if [ -n "$baseline" ]; then merge baseline-again "$baseline/bin/musubi" "$work/merged.baseline2"; merge this-again "$root/bin/musubi" "$work/merged.this2"; fi

same=""
if [ -n "$baseline" ] && [ -s "$work/merged.baseline/frequencies.sites.vcf.gz" ] && [ -s "$work/merged.this/frequencies.sites.vcf.gz" ]; then
  if cmp -s <(bgzip -dc "$work/merged.baseline/frequencies.sites.vcf.gz") <(bgzip -dc "$work/merged.this/frequencies.sites.vcf.gz"); then
    same="sites VCF identical (decompressed)"; else same="sites VCF DIFFERENT"; fi
  cp="$(cat "$root/jobs/target/local-classpath.txt")"
  mkdir -p "$work/classes"
  javac -nowarn -d "$work/classes" -cp "$cp" "$bench/src/compare/ParquetDump.java"
  dump_rows() { # dir -> rows of every part in name order, without row numbers
    : > "$work/list"; local i=0
    for f in $(ls "$1"/frequencies.parquet/part-*.parquet | sort); do i=$((i + 1)); printf '%s\t%s\n' "$f" "$work/d.$i" >> "$work/list"; done
    java -cp "$work/classes:$cp" ParquetDump "$work/list" 2>/dev/null
    for ((j = 1; j <= i; j++)); do grep '^row ' "$work/d.$j" | sed -E 's/^row [0-9]+ //'; done
    grep -h '^schema\|^meta\|^  ' "$work/d.1" | grep -v spark.version
  }
  if cmp -s <(dump_rows "$work/merged.baseline") <(dump_rows "$work/merged.this"); then
    same="$same; Parquet rows identical, in order (schema and Spark metadata too)"; else same="$same; Parquet rows DIFFERENT"; fi
fi

{
  echo "# freq-merge benchmark — $(date '+%Y-%m-%d %H:%M')"
  echo
  echo "Command: \`bench/freq-merge.sh${orig_args:+ $orig_args}\`; $(machine_line "$cores"); load average at start $load_start, at end $(loadavg)."
  echo
  echo "Inputs: $banks banks = one freq output (--strata $strata) of $(rel "$table") given $banks times."
  echo
  echo "| build | wall s | CPU s | peak RSS MiB |"
  echo "|---|--:|--:|--:|"
  for r in "${rows[@]}"; do IFS='|' read -r l w c m <<<"$r"; echo "| $l | $(fmt "$w" '%.1f' 2>/dev/null || echo "$w") | $c | $m |"; done
  echo
  [ -z "$same" ] || echo "- outputs: $same"
} | tee "$report"
log "report: $(rel "$report")"
