#!/usr/bin/env bash
# bench/scale.sh — how ingest and gwas grow with samples × variants: time, CPU, peak RSS, peak live heap (the
# largest heap occupancy after a GC), bytes on disk per genotype and the fitted growth exponent of time in
# samples × variants (raw, and after subtracting the fixed cost measured on a tiny input in the same run); then a
# "memory vs variants" table at a fixed sample count with the smallest -Xmx each job succeeds with (bisection).
# Cohorts come from `musubi simulate` (LD blocks, three populations, families, a rare-heavy spectrum, a quantitative
# trait with age, sex, PC1, PC2).
#
#   bench/scale.sh                   # reduced: grid 2k×10k 10k×10k 20k×10k 20k×40k; memory table 2k × 10k/40k/160k
#   bench/scale.sh --full            # the issue's grid 10k×50k 50k×50k 100k×50k 100k×200k; memory table
#                                    #   10k × 50k/200k/800k (about 1 h on 2 cores, simulations included)
#   bench/scale.sh --grid "5000x5000 10000x5000" [--cores C] [--heap 8g]
#   bench/scale.sh --mem-only [--mem-samples 10000] [--mem-variants "50000 200000 800000"]
#   options: --xmx-bisect (also bisect the grid's points), --no-mem, --fixed 200x1000, --seed S,
#            --contigs 22 (simulate these contigs only: fewer, larger files per contig),
#            --java-opts "-Dspark.hadoop.musubi.table.row-group-bytes=1048576" (added to every run's JVM options)
#
# Writes the tables as Markdown to bench/out/scale-<date>.md (bench/RESULTS.md keeps the figures we quote).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"

grid="2000x10000 10000x10000 20000x10000 20000x40000"
mem_samples=2000
mem_variants="10000 40000 160000"
fixed=200x1000
cores="$(nproc)"
heap=6g
seed=20261130
run_grid=1
run_mem=1
grid_bisect=0
all_contigs=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22
contigs="$all_contigs"
java_extra=""
usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  if shared_opt scale.sh "cores heap seed" "$@"; then shift 2; continue; fi
  case "$1" in
    --full)
      grid="10000x50000 50000x50000 100000x50000 100000x200000"; heap=16g
      mem_samples=10000; mem_variants="50000 200000 800000"; shift ;;
    --grid) grid="$2"; shift 2 ;;
    --mem-samples) mem_samples="$2"; shift 2 ;;
    --mem-variants) mem_variants="$2"; shift 2 ;;
    --mem-only) run_grid=0; shift ;;
    --no-mem) run_mem=0; shift ;;
    --xmx-bisect) grid_bisect=1; shift ;;
    --fixed) fixed="$2"; shift 2 ;;
    --contigs) contigs="$2"; shift 2 ;;
    --java-opts) java_extra="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench/scale.sh: unknown option $1 (see --help)" >&2; exit 1 ;;
  esac
done
for point in $grid $fixed; do
  [[ "$point" =~ ^[0-9]+x[0-9]+$ ]] || { echo "bench/scale.sh: grid point '$point' is not SAMPLESxVARIANTS" >&2; exit 1; }
done
[[ "$heap" =~ ^[0-9]+[mMgG]$ ]] || { echo "bench/scale.sh: --heap must look like 6g or 4096m, got '$heap'" >&2; exit 1; }
positive_ints scale.sh cores seed

bench_init scale
need_core_tools bench/scale.sh
command -v timeout >/dev/null || { echo "bench/scale.sh: timeout (coreutils) not found" >&2; exit 1; }
[ -x bin/musubi ] || { echo "bench/scale.sh: run from a Musubi checkout" >&2; exit 1; }
log "preparing bin/musubi (builds the jobs jar if missing)…"
bin/musubi --version >/dev/null
heap_mib="$(awk -v h="$heap" 'BEGIN { u = tolower(substr(h, length(h))); v = substr(h, 1, length(h) - 1); print (u == "g") ? v * 1024 : v }')"

# peak_live GCLOG: the largest heap occupancy after a collection, in MiB (G1 "…M->NNNM(…)" lines).
peak_live() {
  grep -o -- '->[0-9]*M' "$1" 2>/dev/null | tr -dc '0-9\n' | sort -n | tail -n 1 || true
}

# simulate N M: the cohort (cached in bench/out/data); sets bank.
simulate() {
  local n="$1" m="$2" sim="$data/scale-n$1-m$2-s$seed"
  [ "$contigs" = "$all_contigs" ] || sim="$sim-c${contigs//,/_}"
  if [ ! -e "$sim/_SUCCESS" ]; then
    log "simulating $n samples × $m variants (one bank, VCF)…"
    rm -rf "$sim"
    timed "$work/sim-${n}x$m.log" bin/musubi simulate --banks 1 --samples "$n" --variants "$m" --seed "$seed" \
      --contigs "$contigs" --format vcf --master "local[$cores]" --out "$sim"
    [ "$t_rc" = 0 ] || { cat "$work/sim-${n}x$m.log" >&2; exit 1; }
    log "  ${t_wall%.*} s"
  fi
  bank="$sim/bankA"
}

# The two jobs' command lines (bank from simulate): ingest_argv TABLE and gwas_argv TABLE OUT set argv.
ingest_argv() {
  argv=(bin/musubi ingest --input "$bank/cohort.vcf.gz" --samples "$bank/samples.tsv" --output "$1"
    --master "local[$cores]" --overwrite)
}
gwas_argv() {
  argv=(bin/musubi gwas --table "$1" --pheno "$bank/pheno.tsv" --pheno-name qt --covar "$bank/covar.tsv"
    --covar-name age,sex,PC1,PC2 --out "$2" --master "local[$cores]" --overwrite)
}

# measure N M TAG: ingest then gwas at -Xmx$heap with a GC log; sets i_wall i_cpu i_rss i_live w_wall w_cpu w_rss
# w_live bytes tested table.
measure() {
  local n="$1" m="$2" tag="$3"
  simulate "$n" "$m"
  table="$work/t-$tag.mvt"
  log "ingest $tag…"
  ingest_argv "$table"
  MUSUBI_JAVA_OPTS="-Xmx$heap -Xlog:gc:file=$work/gc-ingest-$tag.log $java_extra" timed "$work/ingest-$tag.log" "${argv[@]}"
  [ "$t_rc" = 0 ] || { cat "$work/ingest-$tag.log" >&2; exit 1; }
  i_wall="$t_wall"; i_cpu="$t_cpu"; i_rss="$t_rss"; i_live="$(peak_live "$work/gc-ingest-$tag.log")"
  bytes="$(du -sb "$table" | cut -f1)"
  log "  $(fmt "$i_wall" '%.1f') s; gwas $tag…"
  gwas_argv "$table" "$work/gwas-$tag"
  MUSUBI_JAVA_OPTS="-Xmx$heap -Xlog:gc:file=$work/gc-gwas-$tag.log $java_extra" timed "$work/gwas-$tag.log" "${argv[@]}"
  [ "$t_rc" = 0 ] || { cat "$work/gwas-$tag.log" >&2; exit 1; }
  w_wall="$t_wall"; w_cpu="$t_cpu"; w_rss="$t_rss"; w_live="$(peak_live "$work/gc-gwas-$tag.log")"
  tested="$(grep -o '"variants_tested" : [0-9]*' "$work/gwas-$tag/summary.json" | grep -o '[0-9]*$')"
  log "  $(fmt "$w_wall" '%.1f') s"
}

# min_heap TAG JOB WALL: the smallest -Xmx (MiB) with which JOB (ingest or gwas, on $table) succeeds, by bisection
# in log space between 16 MiB and the measured run's heap, to within 6% (or 8 MiB). Each probe runs with
# -XX:+ExitOnOutOfMemoryError (any OutOfMemoryError fails it at once) and a time limit of 3 × the measured wall
# time + 30 s (a heap so tight that the JVM mostly collects garbage counts as too small). Spark refuses heaps under
# 450 MiB (1.5 × its 300 MiB reserve) unless spark.testing.reservedMemory is set: probes set it to 0, which gives
# Spark's memory manager more of the heap, so the figure is if anything on the high side. Prints the MiB.
# zstd-jni holds the GC locker (JNI critical sections) while it (de)compresses; in a tiny heap an allocation that
# waits for it more than GCLockerRetryAllocationCount times (default 2) throws OutOfMemoryError with free heap left,
# more often the more data passes through zstd — a spurious growth of the "smallest heap" with the variants. The
# probes let allocations wait longer, so that only a real shortage fails them.
gclocker="-XX:+UnlockDiagnosticVMOptions -XX:GCLockerRetryAllocationCount=1000"
min_heap() {
  local tag="$1" job="$2" wall="$3" lo=16 hi="$heap_mib" mid lim probes=0 rc
  lim="$(awk -v w="$wall" 'BEGIN { printf "%d", 3 * w + 30 }')"
  while [ "$((hi - lo))" -gt 8 ] && [ "$((hi * 100))" -gt "$((lo * 106))" ]; do
    mid="$(awk -v a="$lo" -v b="$hi" 'BEGIN { printf "%d", sqrt(a * b) }')"
    probes=$((probes + 1))
    if [ "$job" = ingest ]; then ingest_argv "$work/probe.mvt"; else gwas_argv "$table" "$work/probe-gwas"; fi
    set +e
    MUSUBI_JAVA_OPTS="-Xmx${mid}m -XX:+ExitOnOutOfMemoryError $gclocker -Dspark.testing.reservedMemory=0 $java_extra" \
      timeout -k 10 "$lim" "${argv[@]}" >"$work/probe-$job-$tag-$mid.log" 2>&1
    rc=$?
    set -e
    if [ "$rc" = 0 ]; then hi="$mid"; else lo="$mid"; fi
    log "    -Xmx${mid}m: $([ "$rc" = 0 ] && echo ok || echo "failed (exit $rc)") → [$lo, $hi] MiB"
  done
  rm -rf "$work/probe.mvt" "$work/probe-gwas"
  echo "$hi"
}

# warm-up, untimed: a first run after a build records the class-data archive at exit (bin/musubi), which would
# slow whichever run came first.
fn="${fixed%x*}"; fm="${fixed#*x}"
simulate "$fn" "$fm"
log "warm-up ingest (untimed; records the class-data archive after a build)…"
ingest_argv "$work/warmup.mvt"
"${argv[@]}" >"$work/warmup.log" 2>&1 || { cat "$work/warmup.log" >&2; exit 1; }
rm -rf "$work/warmup.mvt"

# least-squares slope of log(y) on log(x); ys may hold "-" (dropped, with its x)
slope() {
  awk -v xs="$1" -v ys="$2" 'BEGIN {
    n = split(xs, x, " "); split(ys, y, " ")
    for (i = 1; i <= n; i++) {
      if (y[i] == "-" || y[i] <= 0) continue
      k++; lx = log(x[i]); ly = log(y[i]); sx += lx; sy += ly; sxx += lx * lx; sxy += lx * ly }
    d = k * sxx - sx * sx
    if (k < 2 || d == 0) { print "n/a"; exit }
    printf "%.2f", (k * sxy - sx * sy) / d }'
}
# minus FIXED YS: each y − FIXED, "-" where that is not positive
minus() { awk -v f="$1" -v ys="$2" 'BEGIN { n = split(ys, y, " "); for (i = 1; i <= n; i++) printf "%s%s", (i > 1 ? " " : ""), (y[i] - f > 0 ? y[i] - f : "-") }'; }

row_of() { # N M: a grid row from measure's variables
  local g; g="$(calc "$1 * $2")"
  echo "| $1 | $2 | $(fmt "$g" '%.2e') | $(fmt "$i_wall" '%.1f') | $i_cpu | $(fmt "$(calc "$g / $i_wall")" '%.2e') | $i_rss | ${i_live:-n/a} | $(fmt "$(calc "$bytes / $g")" '%.4f') | $(fmt "$w_wall" '%.1f') | $w_cpu | $(fmt "$(calc "$tested * $1 / $w_wall")" '%.2e') | $w_rss | ${w_live:-n/a} |"
}
hdr="| samples | variants | genotypes | ingest s | ingest CPU s | ingest genotypes/s | ingest RSS MiB | ingest live heap MiB | bytes/genotype | gwas s | gwas CPU s | gwas variant·samples/s | gwas RSS MiB | gwas live heap MiB |"

grid_report=()
if [ "$run_grid" = 1 ]; then
  # ---------------------------------------------------------------- fixed cost: the same jobs on a tiny input
  # Two runs each, the faster kept: JVM + Spark start-up, first Spark job and query, outputs' fixed part.
  f_iw=""; f_ww=""; f_ic=""; f_wc=""
  for rep in 1 2; do
    measure "$fn" "$fm" "fixed-$rep"
    if [ -z "$f_iw" ] || awk -v a="$i_wall" -v b="$f_iw" 'BEGIN { exit !(a < b) }'; then f_iw="$i_wall"; f_ic="$i_cpu"; fi
    if [ -z "$f_ww" ] || awk -v a="$w_wall" -v b="$f_ww" 'BEGIN { exit !(a < b) }'; then f_ww="$w_wall"; f_wc="$w_cpu"; fi
  done
  fixed_row="$(row_of "$fn" "$fm")"

  rows=()
  fit_x=(); fit_i=(); fit_w=(); fit_ic=(); fit_wc=(); fit_in=(); fit_wn=()
  declare -A fixed_i fixed_w
  for point in $grid; do
    n="${point%x*}"; m="${point#*x}"
    if [ -z "${fixed_i[$n]:-}" ]; then
      # the fixed cost at this sample count: the same jobs on n samples × $fm variants (sample files, VCF header,
      # phenotype/covariate reading and the covariate projection grow with the samples, not with the variants)
      measure "$n" "$fm" "fixed-n$n"
      fixed_i[$n]="$i_wall"; fixed_w[$n]="$w_wall"
    fi
    measure "$n" "$m" "$point"
    row="$(row_of "$n" "$m")"
    if [ "$grid_bisect" = 1 ]; then
      log "  smallest heap, ingest $point…"; ih="$(min_heap "$point" ingest "$i_wall")"
      log "  smallest heap, gwas $point…"; wh="$(min_heap "$point" gwas "$w_wall")"
      row="$row $ih | $wh |"
    fi
    rows+=("$row")
    fit_x+=("$(calc "$n * $m")"); fit_i+=("$i_wall"); fit_w+=("$w_wall"); fit_ic+=("$i_cpu"); fit_wc+=("$w_cpu")
    fit_in+=("$(awk -v a="$i_wall" -v f="${fixed_i[$n]}" 'BEGIN { print (a - f > 0 ? a - f : "-") }')")
    fit_wn+=("$(awk -v a="$w_wall" -v f="${fixed_w[$n]}" 'BEGIN { print (a - f > 0 ? a - f : "-") }')")
  done
  xs="${fit_x[*]}"
  e_i="$(slope "$xs" "${fit_i[*]}")"; e_w="$(slope "$xs" "${fit_w[*]}")"
  e_i2="$(slope "${fit_x[*]:1}" "${fit_i[*]:1}")"; e_w2="$(slope "${fit_x[*]:1}" "${fit_w[*]:1}")"
  ei_minus="$(minus "$f_iw" "${fit_i[*]}")"; ew_minus="$(minus "$f_ww" "${fit_w[*]}")"
  c_i="$(slope "$xs" "$ei_minus")"; c_w="$(slope "$xs" "$ew_minus")"
  c_ic="$(slope "$xs" "$(minus "$f_ic" "${fit_ic[*]}")")"; c_wc="$(slope "$xs" "$(minus "$f_wc" "${fit_wc[*]}")")"
  # x for the per-sample-count fit: the genotypes beyond the fixed run's (n × (m − $fm))
  xs_n=""; fixed_note=""
  for point in $grid; do
    n="${point%x*}"; m="${point#*x}"
    xs_n="$xs_n $(calc "$n * ($m - $fm)")"
  done
  for n in "${!fixed_i[@]}"; do
    fixed_note="$fixed_note ${n}×${fm}: ingest $(fmt "${fixed_i[$n]}" '%.1f') s, gwas $(fmt "${fixed_w[$n]}" '%.1f') s;"
  done
  c_in="$(slope "$xs_n" "${fit_in[*]}")"; c_wn="$(slope "$xs_n" "${fit_wn[*]}")"
  bis_hdr=""; bis_sep=""
  if [ "$grid_bisect" = 1 ]; then bis_hdr=" ingest min -Xmx MiB | gwas min -Xmx MiB |"; bis_sep="---|---|"; fi
  grid_report+=(
    "## Time and size vs samples × variants"
    ""
    "${hdr}${bis_hdr}"
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|${bis_sep}"
    "${rows[@]}"
    ""
    "Fixed cost, the same jobs on a tiny input ($fn samples × $fm variants, the faster of two runs): ingest $(fmt "$f_iw" '%.1f') s"
    "wall ($f_ic CPU s), gwas $(fmt "$f_ww" '%.1f') s wall ($f_wc CPU s):"
    ""
    "${hdr}"
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    "$fixed_row"
    ""
    "Growth exponent b of time ∝ (samples × variants)^b, least squares over the grid:"
    ""
    "- **raw** wall time: ingest $e_i, gwas $e_w (without the smallest point: ingest $e_i2, gwas $e_w2);"
    "- **fixed cost subtracted**, (wall − fixed wall): ingest $c_i, gwas $c_w; (CPU − fixed CPU): ingest $c_ic, gwas $c_wc."
    "- **fixed cost at the same sample count subtracted** (wall at n × m − wall at n × $fm, against n × (m − $fm)):"
    "  ingest $c_in, gwas $c_wn (fixed runs:${fixed_note%;}; differences: ingest \`${fit_in[*]}\`, gwas \`${fit_wn[*]}\` s)."
    ""
    "The raw exponent mixes the fixed cost (start-up, first Spark job, fixed parts of the outputs), which does not grow,"
    "with the work, which does; the second reads the growth of the work itself. Points where time − fixed ≤ 0 are left"
    "out of that fit (wall − fixed: ingest \`$ei_minus\`, gwas \`$ew_minus\` s)."
  )
fi

mem_report=()
if [ "$run_mem" = 1 ]; then
  # ---------------------------------------------------------------- memory vs variants at a fixed sample count
  mrows=()
  mi=(); mw=()
  for m in $mem_variants; do
    n="$mem_samples"; tag="mem-${n}x$m"
    measure "$n" "$m" "$tag"
    log "  smallest heap, ingest ${n}x$m…"; ih="$(min_heap "$tag" ingest "$i_wall")"
    log "  smallest heap, gwas ${n}x$m…"; wh="$(min_heap "$tag" gwas "$w_wall")"
    mi+=("$ih"); mw+=("$wh")
    mrows+=("| $n | $m | $(fmt "$(calc "$n * $m")" '%.2e') | $(fmt "$(calc "$bytes / 1048576")" '%.1f') | $(fmt "$i_wall" '%.1f') | $i_rss | ${i_live:-n/a} | **$ih** | $(fmt "$w_wall" '%.1f') | $w_rss | ${w_live:-n/a} | **$wh** |")
  done
  mv_first="${mem_variants%% *}"; mv_last="${mem_variants##* }"
  mem_report+=(
    "## Memory vs variants ($mem_samples samples)"
    ""
    "| samples | variants | genotypes | table MiB | ingest s | ingest RSS MiB | ingest live heap MiB | ingest min -Xmx MiB | gwas s | gwas RSS MiB | gwas live heap MiB | gwas min -Xmx MiB |"
    "|---|---|---|---|---|---|---|---|---|---|---|---|"
    "${mrows[@]}"
    ""
    "Smallest heap from $mv_first to $mv_last variants ($(calc "$mv_last / $mv_first")× the variants): ingest ${mi[0]} → ${mi[${#mi[@]}-1]} MiB,"
    "gwas ${mw[0]} → ${mw[${#mw[@]}-1]} MiB."
    ""
    "- min -Xmx: the smallest heap with which the job succeeds, bisected in log space between 16 MiB and --heap to"
    "  within 6% (or 8 MiB); each probe with -XX:+ExitOnOutOfMemoryError, -Dspark.testing.reservedMemory=0 (Spark"
    "  otherwise refuses heaps under 450 MiB) and a limit of 3 × the measured wall time + 30 s. This is the job's peak"
    "  memory need; RSS and live heap depend on how far the JVM let the heap grow."
  )
fi

{
  echo "# Scale benchmark, $(date -u +%Y-%m-%d\ %H:%M) UTC"
  echo
  echo "$(machine_line "$cores"); heap $heap; load average at start: $load_start; at end: $(loadavg)"
  echo
  cmd="bench/scale.sh --cores $cores --heap $heap --seed $seed --fixed $fixed"
  if [ "$run_grid" = 1 ]; then cmd+=" --grid \"$grid\""; fi
  if [ "$grid_bisect" = 1 ]; then cmd+=" --xmx-bisect"; fi
  if [ "$run_mem" = 1 ]; then cmd+=" --mem-samples $mem_samples --mem-variants \"$mem_variants\""; else cmd+=" --no-mem"; fi
  if [ "$run_grid" = 0 ]; then cmd+=" --mem-only"; fi
  if [ "$contigs" != "$all_contigs" ]; then cmd+=" --contigs $contigs"; fi
  if [ -n "$java_extra" ]; then cmd+=" --java-opts \"$java_extra\""; fi
  echo "Command: \`$cmd\`"
  echo
  [ "${#grid_report[@]}" = 0 ] || { printf '%s\n' "${grid_report[@]}"; echo; }
  [ "${#mem_report[@]}" = 0 ] || { printf '%s\n' "${mem_report[@]}"; echo; }
  echo "- Input: \`musubi simulate --banks 1 --contigs $([ "$contigs" = "$all_contigs" ] && echo 1,2,…,22 || echo "$contigs") --format vcf\` (bgzipped VCF, GT only, 0.2% missing)."
  echo "- gwas: \`--pheno-name qt --covar-name age,sex,PC1,PC2\` (linear), every variant of the table."
  echo "- Wall times include JVM + Spark start-up; CPU s = user + sys; RSS = peak resident set of the one JVM (driver and"
  echo "  executors share it in local mode); live heap = the largest heap occupancy after a GC (-Xlog:gc), which"
  echo "  includes garbage not yet collected from the old generation."
} > "$report"
cat "$report"
log "report: $(rel "$report")"
