#!/usr/bin/env bash
# bench/interop.sh — BGEN ingest benchmark: Musubi `ingest --input x.bgen` against `plink2 --bgen … --make-pgen` on the
# same synthetic 16-bit BGEN, same cores, one run each. (PLINK .bed ingest is added by the PLINK reader's work.)
#
# The BGEN is made from a synthetic VCF of `bin/musubi simulate` with `plink2 --export bgen-1.2 bits=16` (cached in
# bench/out/data). Prints genotypes/s per core for both and their ratio, and writes bench/out/interop-<date>.md.
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$bench/.." && pwd)"
. "$bench/lib.sh"

samples=2000
variants=50000
cores="$(nproc)"
usage() {
  cat <<USAGE
bench/interop.sh [--samples N] [--variants M] [--cores C]
  --samples N     samples of the synthetic BGEN (default $samples)
  --variants M    variants (default $variants); N x M genotypes (1e9: --samples 10000 --variants 100000)
  --cores C       plink2 --threads C and Spark local[C] (default: nproc)
Needs: Java 17, Maven, plink2 (apt-get install -y plink2).
USAGE
}
while [ $# -gt 0 ]; do
  case "$1" in
    --samples) samples="$2"; shift 2 ;;
    --variants) variants="$2"; shift 2 ;;
    --cores) cores="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench/interop.sh: unknown option $1" >&2; usage >&2; exit 1 ;;
  esac
done
command -v plink2 >/dev/null || { echo "bench/interop.sh: plink2 not found (apt-get install -y plink2)" >&2; exit 1; }
bench_init interop
genotypes=$((samples * variants))

# ---------------------------------------------------------------- 1. the synthetic 16-bit BGEN (cached)
name="sim-bgen-n${samples}-m${variants}"
bgen="$data/$name.bgen"
if [ ! -s "$bgen" ] || [ ! -s "$data/$name.sample" ]; then
  log "generating $(rel "$bgen"): bin/musubi simulate, then plink2 --export bgen-1.2 bits=16"
  rm -rf "$data/$name.sim"
  "$root/bin/musubi" simulate --banks 1 --samples "$samples" --variants "$variants" --contigs 22 \
      --out "$data/$name.sim" --master "local[$cores]" >"$work/simulate.log" 2>&1
  vcf="$(find "$data/$name.sim" -name '*.vcf.gz' | head -n 1)"
  plink2 --vcf "$vcf" --export bgen-1.2 bits=16 --threads "$cores" --out "$data/$name" >"$work/export.log" 2>&1
  rm -rf "$data/$name.sim"
fi
log "input: $(rel "$bgen") ($(du -h "$bgen" | cut -f1)), $samples samples x $variants variants = $genotypes genotypes"

# ---------------------------------------------------------------- 2. plink2 --bgen … --make-pgen
mkdir -p "$work/plink2"
timed "$work/plink2.log" plink2 --bgen "$bgen" ref-first --sample "$data/$name.sample" --make-pgen \
    --threads "$cores" --out "$work/plink2/out"
p_wall="$t_wall"; p_rc="$t_rc"; p_rss="$t_rss"
log "  plink2: $(fmt "$p_wall" '%.2f') s (exit $p_rc)"

# ---------------------------------------------------------------- 3. Musubi ingest
"$root/bin/musubi" --help >/dev/null 2>&1
timed "$work/musubi.log" "$root/bin/musubi" ingest --input "$bgen" --sample "$data/$name.sample" \
    --output "$work/musubi.mvt" --master "local[$cores]" --overwrite
m_wall="$t_wall"; m_rc="$t_rc"; m_rss="$t_rss"
log "  musubi: $(fmt "$m_wall" '%.2f') s (exit $m_rc)"

# ---------------------------------------------------------------- 4. report
per_core() { calc "$genotypes / $1 / $cores"; }
{
  echo "# BGEN ingest, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Input: synthetic 16-bit BGEN v1.2 (zlib), $samples samples x $variants variants = $genotypes genotypes,"
  echo "$(du -h "$bgen" | cut -f1); $cores core(s); load average before: $load_start, after: $(loadavg)."
  echo
  echo "| tool | wall s | genotypes/s per core | peak RSS MiB | exit |"
  echo "|---|---|---|---|---|"
  echo "| plink2 --bgen --make-pgen | $(fmt "$p_wall" '%.2f') | $(fmt "$(per_core "$p_wall")" '%.3g') | $p_rss | $p_rc |"
  echo "| musubi ingest (JVM + Spark start-up included) | $(fmt "$m_wall" '%.2f') | $(fmt "$(per_core "$m_wall")" '%.3g') | $m_rss | $m_rc |"
  echo
  echo "Musubi / plink2 throughput ratio: $(fmt "$(calc "$p_wall / $m_wall")" '%.3g')"
  echo
  echo "Commands: \`plink2 --bgen X ref-first --sample S --make-pgen --threads $cores --out P\`;"
  echo "\`bin/musubi ingest --input X --sample S --output T --master local[$cores] --overwrite\`."
} | tee "$report"
log "report: $(rel "$report")"
