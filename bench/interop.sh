#!/usr/bin/env bash
# bench/interop.sh — BGEN ingest benchmark: Musubi `ingest --input x.bgen` against `plink2 --bgen … --make-pgen` on the
# same synthetic 16-bit BGEN, same cores, one run each (PLINK .bed ingest: bench/interop-plink.sh).
#
#   bench/interop.sh [--samples N] [--variants M] [--cores C] [--dosage-freq F] [--seed S] [--memory MB] [--warm] [--regen]
#
# The BGEN is plink2's: `plink2 --dummy N M 0.01 dosage-freq=F --seed S` (positions shifted by 1: --dummy starts at
# 0), then `--export bgen-1.2 bits=16` (zlib) with its .sample (cached in bench/out/data). Prints wall and CPU seconds
# (user+sys), genotypes per CPU second for both and their ratio, and writes bench/out/interop-<date>.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"

samples=2000
variants=50000
cores="$(nproc)"
dfreq=0.5
seed=15
memory=8000
regen=0
warm=0
usage() {
  cat <<USAGE
bench/interop.sh [--samples N] [--variants M] [--cores C] [options]
  --samples N       samples of the synthetic BGEN (default $samples)
  --variants M      variants (default $variants); N x M genotypes (1e9: --samples 10000 --variants 100000)
  --cores C         plink2 --threads C and Spark local[C] (default: nproc)
  --dosage-freq F   plink2 --dummy dosage-freq: the share of genotypes with a non-integer dosage (default $dfreq)
  --seed S          plink2 --dummy seed (default $seed)
  --memory MB       plink2 --memory (default $memory)
  --warm            also ingest through a warm server (bin/musubi server start, timed on its own row), twice: the
                    server's first job and its second (each table checked against the cold run's: every column
                    chunk's CRC32C in _table.json)
  --regen           regenerate the BGEN even if cached
Needs: Java 17, Maven, plink2 (apt-get install -y plink2), jq (--warm); GNU time for CPU and RSS.
USAGE
}
while [ $# -gt 0 ]; do
  if shared_opt interop.sh "samples variants cores seed" "$@"; then shift 2; continue; fi
  case "$1" in
    --dosage-freq) dfreq="$2"; shift 2 ;;
    --memory) memory="$2"; shift 2 ;;
    --warm) warm=1; shift ;;
    --regen) regen=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench/interop.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
positive_ints interop.sh samples variants cores seed memory
command -v plink2 >/dev/null || { echo "bench/interop.sh: plink2 not found (apt-get install -y plink2)" >&2; exit 1; }
bench_init interop
genotypes="$(calc "$samples * $variants")"

# ---------------------------------------------------------------- 1. the synthetic 16-bit BGEN (cached)
name="dummy-bgen-n${samples}-m${variants}-d${dfreq}-s${seed}"
bgen="$data/$name.bgen"
if [ "$regen" = 1 ] || [ ! -s "$bgen" ] || [ ! -s "$data/$name.sample" ]; then
  log "generating $(rel "$bgen"): plink2 --dummy $samples $variants dosage-freq=$dfreq, --export bgen-1.2 bits=16"
  plink2 --dummy "$samples" "$variants" 0.01 0 acgt dosage-freq="$dfreq" --seed "$seed" --threads "$cores" \
    --memory "$memory" --make-pgen --out "$data/$name.tmp" >"$work/dummy.log" 2>&1
  awk 'BEGIN { OFS = "\t" } /^#/ { print; next } { $2 = $2 + 1; print }' "$data/$name.tmp.pvar" > "$data/$name.tmp.pvar2"
  mv "$data/$name.tmp.pvar2" "$data/$name.tmp.pvar"
  plink2 --pfile "$data/$name.tmp" --export bgen-1.2 bits=16 ref-first --threads "$cores" --memory "$memory" \
    --out "$data/$name" >"$work/export.log" 2>&1
  rm -f "$data/$name.tmp".*
fi
log "input: $(rel "$bgen") ($(du -h "$bgen" | cut -f1)), $samples samples x $variants variants = $genotypes genotypes"

# ---------------------------------------------------------------- 2. plink2 --bgen … --make-pgen
log "plink2 --bgen --make-pgen…"
mkdir -p "$work/plink2"
timed "$work/plink2.log" plink2 --bgen "$bgen" ref-first --sample "$data/$name.sample" --make-pgen \
    --threads "$cores" --memory "$memory" --out "$work/plink2/out"
p_wall="$t_wall"; p_cpu="$t_cpu"; p_rc="$t_rc"; p_rss="$t_rss"
log "  plink2: $(fmt "$p_wall" '%.1f') s wall, $p_cpu s CPU (exit $p_rc)"

per_cpu() { if [ "$1" = n/a ]; then echo n/a; else fmt "$(calc "$genotypes / $1")" '%.3g'; fi; }
declare -a w_cpu w_wall

# ---------------------------------------------------------------- 3. Musubi ingest (after an untimed warm-up)
if [ -z "${MUSUBI_JAVA_OPTS:-}" ]; then export MUSUBI_JAVA_OPTS="-Xmx4g"; fi
log "Musubi: untimed warm-up ingest of a 20 x 200 BGEN (builds the jobs jar if missing, the class-data archive)…"
plink2 --dummy 20 200 0.01 0 acgt dosage-freq=0.5 --seed 1 --make-pgen --out "$work/warm.tmp" >/dev/null 2>&1
awk 'BEGIN { OFS = "\t" } /^#/ { print; next } { $2 = $2 + 1; print }' "$work/warm.tmp.pvar" > "$work/warm.pvar2"
mv "$work/warm.pvar2" "$work/warm.tmp.pvar"
plink2 --pfile "$work/warm.tmp" --export bgen-1.2 bits=16 ref-first --out "$work/warm" >/dev/null 2>&1
"$root/bin/musubi" ingest --input "$work/warm.bgen" --sample "$work/warm.sample" --output "$work/warm.mvt" \
  --master "local[$cores]" --overwrite >"$work/musubi-prepare.log" 2>&1 || log "  warm-up failed, see $(rel "$work/musubi-prepare.log")"
log "Musubi ingest…"
timed "$work/musubi.log" "$root/bin/musubi" ingest --input "$bgen" --sample "$data/$name.sample" \
    --output "$work/musubi.mvt" --master "local[$cores]" --overwrite
m_wall="$t_wall"; m_cpu="$t_cpu"; m_rc="$t_rc"; m_rss="$t_rss"
log "  musubi: $(fmt "$m_wall" '%.1f') s wall, $m_cpu s CPU (exit $m_rc)"

w_rows=()
if [ "$warm" = 1 ] && [ "$m_rc" = 0 ]; then
  log "Musubi: starting a warm server…"
  t0="$(now)"; warm_start "$cores"; ws_wall="$(calc "$(now) - $t0")"; trap warm_stop EXIT
  w_rows+=("| musubi server start (once per session, not per job; with its warm-up unless BENCH_WARM_UP=0) | $(fmt "$ws_wall" '%.1f') | $(MUSUBI_SERVER=1 server_cpu) | - | - | 0 |")
  for i in 1 2; do
    log "Musubi ingest on the warm server (its job $i)…"
    MUSUBI_SERVER=1 timed "$work/musubi-w$i.log" "$root/bin/musubi" ingest --input "$bgen" --sample "$data/$name.sample" \
        --output "$work/musubi-w$i.mvt" --master "local[$cores]" --overwrite
    log "  musubi, warm $i: $(fmt "$t_wall" '%.1f') s wall, $t_cpu s CPU (exit $t_rc)"
    if [ "$t_rc" = 0 ] && ! same_table "$work/musubi.mvt" "$work/musubi-w$i.mvt"; then
      echo "bench/interop.sh: the warm server's table (job $i) differs from the cold run's" >&2; exit 1
    fi
    w_rows+=("| musubi ingest on the warm server (its job $i) | $(fmt "$t_wall" '%.1f') | $t_cpu | $(per_cpu "$t_cpu") | $t_rss | $t_rc |")
    w_cpu[$i]="$t_cpu"; w_wall[$i]="$t_wall"
  done
  warm_stop
fi

# ---------------------------------------------------------------- 4. report
{
  echo "BGEN ingest benchmark, $(machine_line "$cores"), $(date '+%Y-%m-%d %H:%M')"
  echo "input: $(rel "$bgen"): 16-bit BGEN v1.2 (zlib) of plink2 --dummy (dosage-freq=$dfreq), $samples samples x"
  echo "$variants variants = $genotypes genotypes, $(du -h "$bgen" | cut -f1); load average before: $load_start, after: $(loadavg)"
  echo
  echo "| tool | wall s | CPU s | genotypes per CPU s | peak RSS MiB | exit |"
  echo "|---|---|---|---|---|---|"
  echo "| plink2 --bgen --make-pgen | $(fmt "$p_wall" '%.1f') | $p_cpu | $(per_cpu "$p_cpu") | $p_rss | $p_rc |"
  echo "| musubi ingest (JVM + Spark start-up included) | $(fmt "$m_wall" '%.1f') | $m_cpu | $(per_cpu "$m_cpu") | $m_rss | $m_rc |"
  for r in "${w_rows[@]}"; do echo "$r"; done
  echo
  if [ "$p_cpu" != n/a ] && [ "$m_cpu" != n/a ]; then
    echo "Musubi / plink2 CPU seconds: $(fmt "$(calc "$m_cpu / $p_cpu")" '%.2fx') (> 1: plink2 is faster); wall: $(fmt "$(calc "$m_wall / $p_wall")" '%.2fx')"
  fi
  for i in 1 2; do
    if [ -n "${w_cpu[$i]:-}" ] && [ "${w_cpu[$i]}" != n/a ] && [ "$p_cpu" != n/a ]; then
      echo "Warm server, its job $i: Musubi / plink2 CPU seconds $(fmt "$(calc "${w_cpu[$i]} / $p_cpu")" '%.2fx'); wall $(fmt "$(calc "${w_wall[$i]} / $p_wall")" '%.2fx')"
    fi
  done
  if [ "$warm" = 1 ]; then
    echo "Warm rows: CPU = the client's plus the server's during the job; peak RSS = the server's since it started."
  fi
  echo
  echo "Commands: \`plink2 --bgen X ref-first --sample S --make-pgen --threads $cores --memory $memory --out P\`;"
  echo "\`bin/musubi ingest --input X --sample S --output T --master local[$cores] --overwrite\` (MUSUBI_JAVA_OPTS=$MUSUBI_JAVA_OPTS)."
} | tee "$report"
log "report: $(rel "$report")"
