#!/usr/bin/env bash
# bench/adam-ingest.sh — ADAM ingest benchmark: `ingest --format adam` on an ADAM genotype store of the synthetic
# VCF, the streaming path (no shuffle; what a grouped store takes) against the shuffle path (forced with
# `--conf spark.musubi.adam.ingest=shuffle`), interleaved, same cores, same JVM settings.
#
#   bench/adam-ingest.sh [--samples N] [--variants M] [--cores C] [--seed S] [--heap H] [--reps R]
#                        [--store adam|musubi] [--jfr]
#
# The store (cached in bench/out/data) is written by ADAM 1.0 itself: `--store adam` (default) runs ADAM's
# `loadVcf → toGenotypes → saveAsParquet` on the synthetic VCF (org.musubi.bench.AdamIngest, its default Parquet
# settings); `--store musubi` ingests the VCF with Musubi and writes the store with `export --format adam` (ADAM's
# saveAsParquet again, one file per table variant file; faster to make at scale). Prints wall, CPU seconds
# (user+sys) and peak RSS of each run and writes bench/out/adam-ingest-<date>.md. `--jfr` records a JFR profile of
# each run beside its log.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"

samples=2000
variants=20000
cores="$(nproc)"
seed=20240607
heap=6g
reps=2
store=adam
jfr=0
usage() {
  cat <<USAGE
bench/adam-ingest.sh [--samples N] [--variants M] [--cores C] [--seed S] [--heap H] [--reps R] [--store adam|musubi] [--jfr]
  --samples N      samples of the synthetic VCF (default $samples)
  --variants M     variants (default $variants)
  --cores C        Spark local[C] (default: nproc)
  --heap H         JVM heap of every run (default $heap)
  --reps R         interleaved repetitions of the pair (default $reps)
  --store S        who writes the ADAM store: adam (loadVcf → saveAsParquet) or musubi (export --format adam)
  --jfr            a JFR recording of every timed run (bench/out/work-adam-ingest/*.jfr)
USAGE
}
while [ $# -gt 0 ]; do
  if shared_opt adam-ingest.sh "samples variants cores seed heap" "$@"; then shift 2; continue; fi
  case "$1" in
    --reps) reps="$2"; shift 2 ;;
    --store) store="$2"; shift 2 ;;
    --jfr) jfr=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench/adam-ingest.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
positive_ints adam-ingest.sh samples variants cores seed reps
need_core_tools adam-ingest.sh
bench_init adam-ingest
build_helpers classpath
synth_vcf "$samples" "$variants" "$seed" "$cores"
export MUSUBI_JAVA_OPTS="-Xmx$heap"
java_flags=("${java17_flags[@]}")

# ---------------------------------------------------------------- 1. the ADAM store (cached)
adam="$data/$name.$store.adam"
if [ ! -s "$adam/_SUCCESS" ] && [ ! -s "$adam/_header" ]; then
  rm -rf "$adam"
  if [ "$store" = adam ]; then
    step store "ADAM 1.0 loadVcf → saveAsParquet ($(rel "$adam"))" java "-Xmx$heap" "${java_flags[@]}" \
      -cp "$bench_cp" org.musubi.bench.AdamIngest --input "$vcf" --output "$adam" --master "local[$cores]"
  else
    step store-ingest "Musubi VCF ingest (for the store)" "$root/bin/musubi" ingest --input "$vcf" \
      --output "$work/store.mvt" --master "local[$cores]" --overwrite
    step store "export --format adam ($(rel "$adam"))" "$root/bin/musubi" export --table "$work/store.mvt" \
      --format adam --output "$adam" --master "local[$cores]" --overwrite
    rm -rf "$work/store.mvt"
  fi
fi
files="$(find "$adam" -name '*.parquet' | wc -l)"
log "store: $(rel "$adam"), $files Parquet file(s), $(du -sh "$adam" | cut -f1)"

# ---------------------------------------------------------------- 2. interleaved runs
musubi_warmup
run() { # label mode rep
  local extra=() jf=()
  [ "$2" = shuffle ] && extra=(--conf spark.musubi.adam.ingest=shuffle)
  if [ "$jfr" = 1 ]; then
    export MUSUBI_JAVA_OPTS="-Xmx$heap -XX:StartFlightRecording=filename=$work/$2-$3.jfr,settings=profile"
  fi
  step "$2-$3" "ingest --format adam, $1 path (rep $3)" "$root/bin/musubi" ingest --format adam --input "$adam" \
    --output "$work/$2.mvt" --master "local[$cores]" --overwrite "${extra[@]}"
  export MUSUBI_JAVA_OPTS="-Xmx$heap"
  grep -o 'ADAM genotypes .*split(s)\|streaming .*' "$work/$2-$3.log" | head -n 2 >&2 || true
}
for r in $(seq 1 "$reps"); do
  run shuffle shuffle "$r"
  run streaming streaming "$r"
done
same="$(cmp <(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(m["variantCount"])' "$work/shuffle.mvt/_table.json") \
             <(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(m["variantCount"])' "$work/streaming.mvt/_table.json") \
        >/dev/null && echo "same variant count" || echo "VARIANT COUNTS DIFFER")"

# ---------------------------------------------------------------- 3. report
{
  echo "ADAM ingest benchmark, $(machine_line "$cores"), $(date '+%Y-%m-%d %H:%M')"
  echo "input: $(rel "$adam") (store by $store; $files Parquet files, $(du -sh "$adam" | cut -f1)) of $(rel "$vcf"),"
  echo "$samples samples x $variants records; load average before: $load_start, after: $(loadavg); $same"
  echo
  echo "| run | wall s | CPU s | peak RSS MiB |"
  echo "|---|---|---|---|"
  for r in $(seq 1 "$reps"); do
    for m in shuffle streaming; do
      echo "| $m (rep $r) | $(fmt "${wall_of[$m-$r]}" '%.1f') | ${cpu_of[$m-$r]} | ${rss_of[$m-$r]} |"
    done
  done
  echo
  echo "Commands: \`bin/musubi ingest --format adam --input STORE --output T --master local[$cores] --overwrite\`"
  echo "(+ \`--conf spark.musubi.adam.ingest=shuffle\` for the shuffle path), MUSUBI_JAVA_OPTS=-Xmx$heap."
} | tee "$report"
log "report: $(rel "$report")"
