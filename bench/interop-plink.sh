#!/usr/bin/env bash
# bench/interop-plink.sh — PLINK 1 .bed ingest: Musubi's `ingest --input x.bed` against `plink2 --bfile x
# --make-pgen` on the same synthetic fileset and the same number of cores, in one run (the PLINK part of issue 15's
# interop benchmark; the BGEN part is bench/interop.sh's).
#
#   bench/interop-plink.sh [--samples N] [--variants M] [--cores C] [--heap SIZE] [--warm] [--regen] [--clean]
#
# The fileset is plink2 --dummy's (deterministic with --seed; positions shifted by 1 because --dummy starts at 0,
# which a .bim means as "unknown"). Prints a table (also written as Markdown to bench/out/interop-plink-<date>.md)
# and checks that Musubi's table and plink2's .pgen agree: plink2 --freq counts of both (the table exported back to
# PLINK by Musubi) must be identical.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"

samples=10000
variants=100000
cores="$(nproc)"
seed=15
heap=4g
regen=0
keep=1
warm=0

usage() {
  cat <<'USAGE'
usage: bench/interop-plink.sh [--samples N] [--variants M] [--cores C] [options]

  --samples N    samples (default 10000)
  --variants M   variants (default 100000: 1e9 genotypes, a 250 MB .bed)
  --cores C      plink2 --threads C and Spark local[C] (default: nproc)
  --seed S       plink2 --dummy seed (default 15)
  --heap SIZE    Musubi's JVM heap unless MUSUBI_JAVA_OPTS is set (default 4g)
  --warm         also ingest through a warm server (bin/musubi server start, timed on its own row), twice: the
                 server's first job and its second (each table checked against the cold run's: every column
                 chunk's CRC32C in _table.json)
  --regen        regenerate the fileset even if cached
  --clean        delete the tools' outputs (bench/out/work-interop-plink/) after measuring them

Needs: Java 17, Maven, plink2 (apt-get install -y plink2), awk, jq (--warm); GNU time for CPU and RSS.
USAGE
}

while [ $# -gt 0 ]; do
  if shared_opt interop-plink.sh "samples variants cores seed heap" "$@"; then shift 2; continue; fi
  case "$1" in
    --warm) warm=1; shift ;;
    --regen) regen=1; shift ;;
    --clean) keep=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "interop-plink.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
positive_ints interop-plink.sh samples variants cores seed
command -v java >/dev/null || { echo "interop-plink.sh: java (17) not found" >&2; exit 1; }
command -v plink2 >/dev/null || { echo "interop-plink.sh: plink2 not found: apt-get install -y plink2" >&2; exit 1; }
bench_init interop-plink
genotypes="$(calc "$samples * $variants")"

# ---------------------------------------------------------------- the fileset (cached)
name="dummy-n${samples}-m${variants}-s${seed}"
bfile="$data/$name"
if [ "$regen" = 1 ] || [ ! -s "$bfile.bed" ] || [ ! -s "$bfile.bim" ] || [ ! -s "$bfile.fam" ]; then
  log "generating $(rel "$bfile").bed: plink2 --dummy $samples $variants…"
  plink2 --dummy "$samples" "$variants" 0.01 0 acgt --seed "$seed" --threads "$cores" --make-bed \
    --out "$bfile.tmp" >"$work/dummy.log" 2>&1
  awk 'BEGIN { OFS = "\t" } { $4 = $4 + 1; print }' "$bfile.tmp.bim" > "$bfile.bim"
  mv "$bfile.tmp.bed" "$bfile.bed"; mv "$bfile.tmp.fam" "$bfile.fam"; rm -f "$bfile.tmp".*
else
  log "using cached $(rel "$bfile").bed"
fi

rows=()
declare -A wall_of split_of

# thread_cpu PID: "name<TAB>CPU ticks" of each live thread of PID (/proc/PID/task/*/stat; the name is the kernel's,
# 15 characters).
thread_cpu() {
  local t st r
  for t in /proc/"$1"/task/*; do
    st="$(cat "$t/stat" 2>/dev/null)" || continue
    r="${st##*) }"; st="${st#*(}"
    printf '%s\t%s\n' "${t##*/}:${st%%)*}" "$(echo "$r" | awk '{ print $12 + $13 }')"
  done
}
# thread_split BEFORE AFTER CPU0 CPU1: the server's CPU seconds during a job by thread group: executor task threads,
# C2 and C1 compiler threads, GC and VM threads, threads gone by the end (the job's own driver thread: one per client
# connection), the rest (Spark's scheduler, listeners, RPC).
thread_split() {
  awk -F'\t' -v hz="$(getconf CLK_TCK)" -v total="$(calc "$4 - $3")" '
    FNR == NR { before[$1] = $2; next }
    { d = ($2 - before[$1]) / hz; n = substr($1, index($1, ":") + 1)
      g = "other"
      if (n ~ /^Executor task/) g = "tasks"; else if (n ~ /^C2 Compiler/) g = "C2"; else if (n ~ /^C1 Compiler/) g = "C1"
      else if (n ~ /^(GC Thread|G1 |VM Thread)/) g = "GC"
      s[g] += d; live += d }
    END { printf "tasks %.2f, C2 %.2f, C1 %.2f, GC+VM %.2f, driver thread (exited) %.2f, other %.2f",
            s["tasks"], s["C2"], s["C1"], s["GC"], total - live, s["other"] }' "$1" "$2"
}
run_tool() { # key tool label cmd...
  local key="$1" tool="$2" label="$3"; shift 3
  log "$tool: $label…"
  timed "$work/$key.log" "$@"
  if [ "$t_rc" = 0 ]; then
    wall_of[$key]="$t_wall"; cpu_of[$key]="$t_cpu"
    rows+=("$key|$tool|$t_wall|$t_cpu|$t_rss|$label")
    log "  $(fmt "$t_wall" '%.1f') s wall, $t_cpu s CPU"
  else
    rows+=("$key|$tool|-|-|-|failed (exit $t_rc, see $(rel "$work/$key.log"))")
    log "  failed (exit $t_rc), see $(rel "$work/$key.log")"; tail -n 5 "$work/$key.log" | sed 's/^/    | /' >&2 || true
  fi
}

# ---------------------------------------------------------------- plink2
p_ver="$(plink2 --version 2>/dev/null | awk '{ print $2 }')"
run_tool p_import "plink2 $p_ver" "--bfile X --make-pgen" \
  plink2 --bfile "$bfile" --make-pgen --threads "$cores" --memory 8000 --out "$work/plink2"

# ---------------------------------------------------------------- Musubi (an untimed warm-up first: jar, CDS archive)
if [ -z "${MUSUBI_JAVA_OPTS:-}" ]; then export MUSUBI_JAVA_OPTS="-Xmx$heap"; fi
log "Musubi: warm-up ingest of a 20 x 200 fileset (builds the jobs jar if missing)…"
plink2 --dummy 20 200 0.01 0 acgt --seed 1 --make-bed --out "$work/warm.tmp" >/dev/null 2>&1
awk 'BEGIN { OFS = "\t" } { $4 = $4 + 1; print }' "$work/warm.tmp.bim" > "$work/warm.bim"
mv "$work/warm.tmp.bed" "$work/warm.bed"; mv "$work/warm.tmp.fam" "$work/warm.fam"
"$root/bin/musubi" ingest --input "$work/warm.bed" --output "$work/warm.mvt" --master "local[$cores]" --overwrite \
  >"$work/musubi-prepare.log" 2>&1 || log "  warm-up failed, see $(rel "$work/musubi-prepare.log")"
run_tool m_import "Musubi" "ingest --input X.bed --output T" \
  "$root/bin/musubi" ingest --input "$bfile.bed" --output "$work/musubi.mvt" --master "local[$cores]" --overwrite

if [ "$warm" = 1 ] && [ -n "${wall_of[m_import]:-}" ]; then
  log "Musubi: starting a warm server…"
  t0="$(now)"; warm_start "$cores"; ws_wall="$(calc "$(now) - $t0")"; trap warm_stop EXIT
  rows+=("m_server|Musubi|$ws_wall|$(MUSUBI_SERVER=1 server_cpu)|-|bin/musubi server start --master local[$cores] (once per session, not per job; with its warm-up unless BENCH_WARM_UP=0)")
  for i in 1 2; do
    thread_cpu "$warm_pid" > "$work/threads-before-w$i"; proc_cpu0="$(MUSUBI_SERVER=1 server_cpu)"
    MUSUBI_SERVER=1 run_tool "m_import_w$i" "Musubi" "the same ingest on the warm server (its job $i)" \
      "$root/bin/musubi" ingest --input "$bfile.bed" --output "$work/musubi-w$i.mvt" --master "local[$cores]" --overwrite
    thread_cpu "$warm_pid" > "$work/threads-after-w$i"
    split_of[$i]="$(thread_split "$work/threads-before-w$i" "$work/threads-after-w$i" "$proc_cpu0" "$(MUSUBI_SERVER=1 server_cpu)")"
    if [ -n "${wall_of[m_import_w$i]:-}" ] && ! same_table "$work/musubi.mvt" "$work/musubi-w$i.mvt"; then
      echo "interop-plink.sh: the warm server's table (job $i) differs from the cold run's" >&2; exit 1
    fi
  done
  warm_stop
fi

# ---------------------------------------------------------------- agreement (untimed)
agree="not checked"
if [ -n "${wall_of[p_import]:-}" ] && [ -n "${wall_of[m_import]:-}" ]; then
  log "checking agreement: plink2 --freq counts of plink2's .pgen and of Musubi's table exported to PLINK…"
  "$root/bin/musubi" export --table "$work/musubi.mvt" --format plink --output "$work/musubi-back" \
    --master "local[$cores]" --overwrite >"$work/musubi-export.log" 2>&1
  plink2 --pfile "$work/plink2" --freq counts --threads "$cores" --out "$work/plink2" >/dev/null 2>&1
  plink2 --bfile "$work/musubi-back" --freq counts --threads "$cores" --out "$work/musubi-back" >/dev/null 2>&1
  if cmp -s "$work/plink2.acount" "$work/musubi-back.acount"; then
    agree="plink2 --freq counts identical on plink2's .pgen and on Musubi's table ($(($(wc -l < "$work/plink2.acount") - 1)) variants: ID, REF, ALT, ALT_CTS, OBS_CT)"
  else
    agree="plink2 --freq counts DIFFER between plink2's .pgen and Musubi's table (diff $(rel "$work")/plink2.acount musubi-back.acount)"
  fi
fi

# ---------------------------------------------------------------- table
{
  echo "PLINK .bed ingest benchmark, $(machine_line "$cores"), $(date '+%Y-%m-%d %H:%M')"
  echo "input: $(rel "$bfile").bed: $samples samples x $variants variants = $genotypes genotypes ($(stat -c %s "$bfile.bed") bytes)"
  echo "load average at start: $load_start; at end: $(loadavg) (other work on the machine skews the times)"
  echo
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' tool "wall s" "CPU s" "genotypes/s" "per CPU s" "Musubi/plink2 wall" "Musubi/plink2 CPU" "peak RSS MiB" command
  echo "|---|---|---|---|---|---|---|---|---|"
  for r in "${rows[@]}"; do
    IFS='|' read -r key tool w cpu rss label <<<"$r"
    if [ "$w" = "-" ]; then ws="-"; rate="-"; rpc="-"; ratio="-"; cratio="-"; else
      ws="$(fmt "$w" '%.1f')"; rate="$(fmt "$(calc "$genotypes / $w")" '%.3g')"
      rpc="-"; if [ "$cpu" != n/a ]; then rpc="$(fmt "$(calc "$genotypes / $cpu")" '%.3g')"; fi
      ratio="-"; cratio="-"
      if [ "${key#m_import}" != "$key" ] && [ -n "${wall_of[p_import]:-}" ]; then
        ratio="$(fmt "$(calc "$w / ${wall_of[p_import]}")" '%.2fx')"
        if [ "$cpu" != n/a ] && [ "${cpu_of[p_import]}" != n/a ]; then cratio="$(fmt "$(calc "$cpu / ${cpu_of[p_import]}")" '%.2fx')"; fi
      fi
      if [ "$key" = m_server ]; then rate="-"; rpc="-"; fi
    fi
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$tool" "$ws" "$cpu" "$rate" "$rpc" "$ratio" "$cratio" "$rss" "$label"
  done
  echo
  echo "agreement: $agree"
  echo "Musubi/plink2 = Musubi's wall (CPU s: user+sys) / plink2's (> 1: plink2 is faster). Musubi's wall includes JVM + Spark start-up,"
  echo "the .bim line-count pass, SHA-256 of the three files (recorded in _table.json) and the Parquet table with counts."
  if [ "$warm" = 1 ]; then
    echo "Warm rows (--warm): the job ran in a server started beforehand (its start on the 'server start' row); their CPU is"
    echo "the client's plus the server's during the job, their peak RSS the server's since it started; each warm table has"
    echo "the cold run's column chunks (CRC32Cs in _table.json)."
    for i in 1 2; do
      [ -z "${split_of[$i]:-}" ] || echo "server CPU s during warm job $i by thread (/proc/PID/task): ${split_of[$i]}"
    done
  fi
} | tee "$report"
if [ "$keep" = 0 ]; then rm -rf "$work"; fi
log "report: $(rel "$report")"
