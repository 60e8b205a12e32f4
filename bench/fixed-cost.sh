#!/usr/bin/env bash
# bench/fixed-cost.sh — the fixed cost of every job: wall and CPU seconds of each bin/musubi job on a tiny input
# (a simulated 2-bank cohort of 40 samples x 200 variants; wgr on 60 samples, the fewest it takes), where nearly all
# the time is start-up: JVM, class loading, Spark session, first job, output commit.
#
#   bench/fixed-cost.sh [--cores C] [--repeat R] [--jobs "ingest prs ..."] [--warm] [--classlist]
#
# Each job runs R times (default 3) after one untimed warm-up run of the pipeline (whose first job also dumps
# bin/musubi's class-data archive); the table shows the median wall and CPU seconds. Writes
# bench/out/fixed-cost-<date>.md. --classlist instead runs the pipeline once without the archive, each job with
# -XX:DumpLoadedClassList, and writes the union of the lists to conf/musubi.classlist.gz (what bin/musubi's archive
# holds; remake it when jobs start loading other classes, e.g. after a Spark upgrade). --warm also runs each job
# through a warm server (`bin/musubi server start`, started once before the timed runs: its start-up is reported on
# its own line), alternating with the job on its own; its CPU is the client's plus the server's during the job.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"

cores="$(nproc)"
repeat=3
only=""
classlist=0
warm=0
while [ $# -gt 0 ]; do
  case "$1" in
    --cores) cores="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --jobs) only="$2"; shift 2 ;;
    --classlist) classlist=1; shift ;;
    --warm) warm=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "fixed-cost.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
positive_ints fixed-cost.sh cores repeat
need_core_tools fixed-cost.sh
bench_init fixed-cost
uptime_start="$(uptime)"
export MUSUBI_JAVA_OPTS="${MUSUBI_JAVA_OPTS:--Xmx2g}"
m=(--master "local[$cores]")
w="$work"
sim="$w/sim"

# The jobs, in pipeline order: name|arguments (each reads what the ones before it wrote).
jobs=(
  "simulate|simulate --banks 2 --samples 40 --variants 200 --causal 2 --format both --out $sim --overwrite"
  "inspect|inspect --table $sim/bankA/cohort.mvt"
  "ingest|ingest --input $sim/bankA/cohort.vcf.gz --samples $sim/bankA/samples.tsv --output $w/t.mvt --overwrite"
  "export|export --table $w/t.mvt --output $w/t.vcf.gz --overwrite"
  "gwas|gwas --table $w/t.mvt --pheno $sim/bankA/pheno.tsv --covar $sim/bankA/covar.tsv --out $w/g1 --overwrite"
  "prs|prs --table $w/t.mvt --score $sim/truth/SIM_PGS.txt.gz --min-overlap 0 --out $w/p --overwrite"
  "freq|freq --table $w/t.mvt --strata none --out $w/f1 --overwrite"
  "qc|qc --table $w/t.mvt --out $w/qc --overwrite"
  "freq-merge|freq-merge --inputs $w/f1,$w/f2 --names A,B --out $w/panel --overwrite"
  "meta|meta --inputs $w/g1/qt.tsv.gz,$w/g2/qt.tsv.gz --out $w/meta --overwrite"
  "report|report --inputs $w/t.mvt,$w/g1,$w/p --out $w/r.html --overwrite"
  "wgr|wgr --table $w/simw/bankA/cohort.mvt --pheno $w/simw/bankA/pheno.tsv --pheno-name qt --covar $w/simw/bankA/covar.tsv --block-size 20 --out $w/wgr --overwrite"
)
# Second bank's outputs for freq-merge and meta, and a 60-sample cohort for wgr (which needs 50 per phenotype;
# untimed).
prep=(
  "simulate --banks 1 --samples 60 --variants 200 --causal 2 --format table --out $w/simw --overwrite"
  "gwas --table $sim/bankB/cohort.mvt --pheno $sim/bankB/pheno.tsv --covar $sim/bankB/covar.tsv --out $w/g2 --overwrite"
  "freq --table $sim/bankB/cohort.mvt --strata none --out $w/f2 --overwrite"
)

# job_cmd ARGS: sets cmd, the bin/musubi command line (word-split on purpose: no spaces in the paths above).
job_cmd() {
  local a=($1)
  cmd=("$root/bin/musubi" "${a[@]}")
  case "${a[0]}" in inspect|report) ;; *) cmd+=("${m[@]}") ;; esac
}
lists=0
run_job() {
  job_cmd "$1"
  if [ "$classlist" = 1 ]; then
    lists=$((lists + 1))
    MUSUBI_CDS=0 MUSUBI_JAVA_OPTS="$MUSUBI_JAVA_OPTS -XX:DumpLoadedClassList=$w/classlist-$lists" "${cmd[@]}"
  else
    "${cmd[@]}"
  fi
}

log "warm-up: the pipeline once (untimed; the first job dumps the class-data archive after a build)…"
for j in "${jobs[@]}"; do
  name="${j%%|*}"; args="${j#*|}"
  if [ "$name" = freq-merge ]; then
    for p in "${prep[@]}"; do run_job "$p" >"$w/prep.log" 2>&1 || { echo "prep failed: $p" >&2; tail "$w/prep.log" >&2; exit 1; }; done
  fi
  run_job "$args" >"$w/warm-$name.log" 2>&1 || { echo "warm-up $name failed" >&2; tail "$w/warm-$name.log" >&2; exit 1; }
done

if [ "$classlist" = 1 ]; then
  # The union in first-seen order; classes of custom class loaders (source: …) and the run-local ids dropped.
  for ((i = 1; i <= lists; i++)); do cat "$w/classlist-$i"; done |
    grep -v -e '^#' -e ' source: ' -e '\$Proxy' | sed -E 's/ id: [0-9]+$//' | awk '!seen[$0]++' | gzip -9n >"$root/conf/musubi.classlist.gz"
  log "wrote conf/musubi.classlist.gz: $(gzip -dc "$root/conf/musubi.classlist.gz" | wc -l) lines from $lists runs"
  exit 0
fi

warm_line=""
if [ "$warm" = 1 ]; then
  t0="$(now)"
  warm_start "$cores"
  ws_wall="$(calc "$(now) - $t0")"
  trap warm_stop EXIT
  warm_line="- warm server start-up (\`bin/musubi server start --master local[$cores]\`, until it answers and its warm-up has ended): $(fmt "$ws_wall" '%.2f') s wall, $(MUSUBI_SERVER=1 server_cpu) s CPU (the server's)."
  log "server started: $(fmt "$ws_wall" '%.2f') s wall"
fi

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
rows=()
for j in "${jobs[@]}"; do
  name="${j%%|*}"; args="${j#*|}"
  if [ -n "$only" ] && [[ " $only " != *" $name "* ]]; then continue; fi
  walls=(); cpus=(); wwalls=(); wcpus=()
  for ((r = 0; r < repeat; r++)); do
    job_cmd "$args"
    timed "$w/$name.log" "${cmd[@]}"
    [ "$t_rc" = 0 ] || { echo "$name failed (exit $t_rc), see $w/$name.log" >&2; exit 1; }
    walls+=("$t_wall"); cpus+=("$t_cpu")
    if [ "$warm" = 1 ]; then
      MUSUBI_SERVER=1 timed "$w/$name.warm.log" "${cmd[@]}"
      [ "$t_rc" = 0 ] || { echo "$name failed on the server (exit $t_rc), see $w/$name.warm.log" >&2; exit 1; }
      if grep -q "running the job in its own JVM" "$w/$name.warm.log"; then
        echo "$name: the server declined it (see $w/$name.warm.log)" >&2; exit 1
      fi
      wwalls+=("$t_wall"); wcpus+=("$t_cpu")
    fi
  done
  wm="$(printf '%s\n' "${walls[@]}" | median)"; cm="$(printf '%s\n' "${cpus[@]}" | median)"
  row="$name|$(fmt "$wm" '%.2f')|$cm|$(printf '%s ' "${walls[@]}" | xargs -n1 printf '%.2f ')/ ${cpus[*]} "
  if [ "$warm" = 1 ]; then
    wwm="$(printf '%s\n' "${wwalls[@]}" | median)"; wcm="$(printf '%s\n' "${wcpus[@]}" | median)"
    row="$row|$(fmt "$wwm" '%.2f')|$wcm|$(printf '%s ' "${wwalls[@]}" | xargs -n1 printf '%.2f ')/ ${wcpus[*]} "
    log "$name: median $(fmt "$wm" '%.2f') s wall, $cm s CPU; on the warm server $(fmt "$wwm" '%.2f') s wall, $wcm s CPU"
  else
    log "$name: median $(fmt "$wm" '%.2f') s wall, $cm s CPU"
  fi
  rows+=("$row")
done

{
  echo "# Fixed cost per job — $(date '+%Y-%m-%d %H:%M')"
  echo
  echo "Command: \`bench/fixed-cost.sh --cores $cores --repeat $repeat$([ "$warm" = 0 ] || echo " --warm")\`; $(machine_line "$cores"); MUSUBI_JAVA_OPTS=$MUSUBI_JAVA_OPTS"
  echo
  echo "- uptime at start: $uptime_start; at end: $(uptime)."
  echo
  if [ "$warm" = 1 ]; then
    echo "$warm_line"
    echo "- server peak RSS at the end: $(awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$warm_pid/status") MiB."
    echo
    echo "| job | median wall s | median CPU s | runs (wall s / CPU s) | warm: median wall s | warm: median CPU s | warm runs |"
    echo "|---|--:|--:|---|--:|--:|---|"
    for r in "${rows[@]}"; do IFS='|' read -r a b c d e f g <<<"$r"; echo "| $a | $b | $c | $d| $e | $f | $g|"; done
  else
    echo "| job | median wall s | median CPU s | runs (wall s / CPU s) |"
    echo "|---|--:|--:|---|"
    for r in "${rows[@]}"; do IFS='|' read -r a b c d <<<"$r"; echo "| $a | $b | $c | $d|"; done
  fi
} > "$report"
cat "$report"
