#!/usr/bin/env bash
# bench/ingest.sh — VCF.gz -> columnar ingest benchmark: Musubi against plink2, ADAM 1.0 (and Glow, not runnable here).
#
#   bench/ingest.sh [--samples N] [--variants M] [--cores C] [options]      (see --help; bench/README.md)
#
# Generates a deterministic synthetic multi-sample VCF.gz (cached in bench/out/data/), runs each tool on it with
# C cores, and prints a table (also written as Markdown to bench/out/ingest-<date>.md).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"

samples=2000
variants=50000
cores="$(nproc)"
seed=20240607
heap=4g
adam_budget=600            # seconds ADAM may take before it runs on a prefix instead
adam_rate_per_core=90000   # assumed ADAM genotypes/s per core, to size that prefix (9.0e4 measured on 1e8, local[2])
adam_variants=""
run_plink2=1
run_adam=1
run_musubi=1
regen=0
keep=1

orig_args="$*"

usage() {
  cat <<'EOF'
usage: bench/ingest.sh [--samples N] [--variants M] [--cores C] [options]

  --samples N           samples in the synthetic VCF (default 2000)
  --variants M          VCF records (default 50000; N x M genotypes, default 1e8)
  --cores C             cores for every tool: plink2 --threads C, Spark local[C] (default: nproc)
  --seed S              generator seed (default 20240607)
  --heap SIZE           JVM heap for ADAM and, unless MUSUBI_JAVA_OPTS is set, Musubi (default 4g)
  --adam-budget SEC     time ADAM may take; above it ADAM runs on a prefix and is extrapolated (default 600)
  --adam-rate R         assumed ADAM genotypes/s per core, used only to size that prefix (default 90000)
  --adam-variants K     run ADAM on exactly the first K records (overrides the budget rule)
  --skip-plink2 | --skip-adam | --skip-musubi
  --regen               regenerate the synthetic VCF even if a cached copy exists
  --clean               delete the tools' outputs (bench/out/work/) after measuring them
  -h, --help

Needs: Java 17, Maven, bgzip/tabix (apt-get install -y tabix), plink2 (apt-get install -y plink2).
EOF
}

while [ $# -gt 0 ]; do
  if shared_opt ingest.sh "samples variants cores seed heap" "$@"; then shift 2; continue; fi
  case "$1" in
    --adam-budget) adam_budget="$2"; shift 2 ;;
    --adam-rate) adam_rate_per_core="$2"; shift 2 ;;
    --adam-variants) adam_variants="$2"; shift 2 ;;
    --skip-plink2) run_plink2=0; shift ;;
    --skip-adam) run_adam=0; shift ;;
    --skip-musubi) run_musubi=0; shift ;;
    --regen) regen=1; shift ;;
    --clean) keep=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "ingest.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
positive_ints ingest.sh samples variants cores seed adam_budget adam_rate_per_core

# ---------------------------------------------------------------- tools
need_core_tools ingest.sh
have_plink2=1
if ! command -v plink2 >/dev/null; then
  have_plink2=0
  if [ "$run_plink2" = 1 ]; then log "plink2 not found: its row will be skipped (install: apt-get install -y plink2)"; fi
fi
java_flags=("${java17_flags[@]}")

bench_init ingest work

# ---------------------------------------------------------------- 1. build the bench helpers
build_helpers classpath

# ---------------------------------------------------------------- 2. synthetic VCF.gz
genotypes=$((samples * variants))
synth_vcf "$samples" "$variants" "$seed" "$cores" "$regen"
vcf_bytes="$(stat -c %s "$vcf")"
alt_alleles="$(stat_of alt_alleles)"
split_rows="$(stat_of split_genotype_rows)"
multi_records="$(stat_of multiallelic_records)"
missing_calls="$(stat_of missing_calls)"
text_bytes="$(stat_of vcf_text_bytes)"

# ---------------------------------------------------------------- rows of the table
# name|wall|genotypes|bytes|rss|note   (wall or bytes may be "-")
rows=()
add_row() { rows+=("$1|$2|$3|$4|$5|$6"); }

# ---------------------------------------------------------------- 3. plink2
plink2_flags="--make-pgen --threads $cores"
if [ "$run_plink2" = 1 ]; then
  if [ "$have_plink2" = 1 ]; then
    log "plink2 --vcf … $plink2_flags"
    mkdir -p "$work/plink2"
    # No extra flags are needed for this input: plink2 2.00a3 keeps tri-allelic records as they are, and './.'
    # is an ordinary missing call (only half-calls like '0/.' would need --vcf-half-call).
    # shellcheck disable=SC2086
    timed "$work/plink2.log" plink2 --vcf "$vcf" $plink2_flags --out "$work/plink2/synth"
    if [ "$t_rc" = 0 ]; then
      pbytes="$(cat "$work/plink2/synth.pgen" "$work/plink2/synth.pvar" "$work/plink2/synth.psam" | wc -c)"
      add_row "plink2 $(plink2 --version 2>/dev/null | awk '{ print $2 }')" "$t_wall" "$genotypes" "$pbytes" "$t_rss" \
        ".pgen+.pvar+.psam; CPU $t_cpu s"
      log "  plink2: $(fmt "$t_wall" '%.2f') s, CPU $t_cpu s"
    else
      add_row "plink2" "-" "$genotypes" "-" "-" "failed (exit $t_rc, see $(rel "$work/plink2.log"))"
      log "  plink2: failed (exit $t_rc), see $(rel "$work/plink2.log")"
    fi
  else
    add_row "plink2" "-" "$genotypes" "-" "-" "not installed (apt-get install -y plink2)"
  fi
fi

# ---------------------------------------------------------------- 4. ADAM 1.0
adam_line=""
if [ "$run_adam" = 1 ]; then
  if [ -n "$adam_variants" ]; then
    k="$adam_variants"
  else
    k="$(awk -v b="$adam_budget" -v r="$adam_rate_per_core" -v c="$cores" -v n="$samples" \
           'BEGIN { printf "%d", b * r * c / n }')"
    if [ "$k" -lt 1000 ]; then k=1000; fi
  fi
  if [ "$k" -gt "$variants" ]; then k="$variants"; fi
  adam_in="$vcf"
  if [ "$k" -lt "$variants" ]; then
    adam_in="$data/$name-first$k.vcf.gz"
    if [ "$regen" = 1 ] || [ ! -s "$adam_in" ]; then
      log "ADAM prefix: first $k of $variants records (the generator's --limit gives exactly the full file's prefix)"
      java -Xmx1g -cp "$jar" org.musubi.bench.SyntheticVcf --samples "$samples" --variants "$variants" \
          --seed "$seed" --limit "$k" 2>/dev/null | bgzip -@ "$cores" -c > "$adam_in.tmp"
      mv "$adam_in.tmp" "$adam_in"
    fi
  fi
  adam_g=$((samples * k))
  log "ADAM 1.0: loadVcf -> toGenotypes -> saveAsParquet on local[$cores], $k records ($adam_g genotypes)…"
  timed "$work/adam.log" java "-Xmx$heap" "${java_flags[@]}" -cp "$bench_cp" org.musubi.bench.AdamIngest \
      --input "$adam_in" --output "$work/adam.genotypes.adam" --master "local[$cores]"
  if [ "$t_rc" = 0 ]; then
    abytes="$(du -sb "$work/adam.genotypes.adam" | awk '{ print $1 }')"
    adam_line="$(grep '^ADAM_TIMING' "$work/adam.log" | tail -n 1 || true)"
    a_start="$(echo "$adam_line" | sed -n 's/.*spark_startup_s=\([0-9.]*\).*/\1/p')"
    a_ingest="$(echo "$adam_line" | sed -n 's/.*ingest_s=\([0-9.]*\).*/\1/p')"
    a_parts="$(echo "$adam_line" | sed -n 's/.*partitions_in=\([0-9]*\).*/\1/p')"
    log "  ADAM: $(fmt "$t_wall" '%.1f') s wall (Spark start-up $a_start s, ingest $a_ingest s, $a_parts input splits)"
    if [ "$k" -lt "$variants" ]; then
      add_row "ADAM 1.0 (prefix: first $k of $variants records)" "$t_wall" "$adam_g" "$abytes" "$t_rss" \
        "measured; Spark start-up ${a_start} s included"
      # Extrapolation: fixed cost (JVM + Spark start-up + shutdown) once, ingest time scaled by records.
      est_wall="$(calc "($t_wall - $a_ingest) + $a_ingest * $variants / $k")"
      est_bytes="$(calc "$abytes * $variants / $k")"
      add_row "ADAM 1.0 (EXTRAPOLATED to full input)" "$est_wall" "$genotypes" "$est_bytes" "-" \
        "estimate: fixed cost + ingest time x $variants/$k; bytes x $variants/$k"
    else
      add_row "ADAM 1.0" "$t_wall" "$adam_g" "$abytes" "$t_rss" "Spark start-up ${a_start} s included"
    fi
  else
    add_row "ADAM 1.0" "-" "$adam_g" "-" "-" "failed (exit $t_rc, see $(rel "$work/adam.log"))"
    log "  ADAM: failed (exit $t_rc), see $(rel "$work/adam.log")"
  fi
fi

# ---------------------------------------------------------------- 5. Glow
add_row "Glow" "-" "$genotypes" "-" "-" "not runnable here: io.projectglow artifacts not served; see its published figures"

# ---------------------------------------------------------------- 6. Musubi
m_wall=""
m_bytes=""
m_count=""
if [ "$run_musubi" = 1 ]; then
  musubi_warmup
  mtable="$work/musubi.table"
  if [ "$prep_rc" != 0 ]; then
    add_row "Musubi" "-" "$genotypes" "-" "-" "failed: warm-up exit $prep_rc, see $(rel "$work/musubi-prepare.log")"
    log "  musubi: failed (warm-up exit $prep_rc)"
  else
    log "Musubi: bin/musubi ingest --input … --output … --master local[$cores] --overwrite"
    timed "$work/musubi.log" "$root/bin/musubi" ingest --input "$vcf" --output "$mtable" --master "local[$cores]" --overwrite
    if [ "$t_rc" = 0 ] && [ -e "$mtable" ]; then
      m_wall="$t_wall"
      m_bytes="$(du -sb "$mtable" | awk '{ print $1 }')"
      add_row "Musubi" "$t_wall" "$genotypes" "$m_bytes" "$t_rss" "JVM + Spark start-up included; CPU $t_cpu s"
      # Musubi's own count (biallelic-split rows), for information: "N variants (R records, S multi-allelic split)".
      m_count="$(grep -o '[0-9]* samples, [0-9]* variants ([^)]*)' "$work/musubi.log" | tail -n 1 || true)"
      log "  musubi: $(fmt "$t_wall" '%.1f') s, CPU $t_cpu s"
    else
      add_row "Musubi" "-" "$genotypes" "-" "-" "failed (exit $t_rc, see $(rel "$work/musubi.log"))"
      log "  musubi: failed (exit $t_rc), see $(rel "$work/musubi.log")"
      tail -n 5 "$work/musubi.log" | sed 's/^/    | /' >&2 || true
    fi
  fi
fi

# ---------------------------------------------------------------- 7. table
hdr=(tool "wall s" "genotypes/s" "genotypes/s/core" "output bytes" "bytes/genotype" "time vs Musubi" "size vs Musubi" "peak RSS MiB" note)
table_rows=()
for r in "${rows[@]}"; do
  IFS='|' read -r t w g b rss note <<<"$r"
  if [ "$w" = "-" ]; then
    ws="-"; rate="-"; rpc="-"; tr="-"
  else
    ws="$(fmt "$w" '%.2f')"
    rate="$(fmt "$(calc "$g / $w")" '%.3g')"
    rpc="$(fmt "$(calc "$g / $w / $cores")" '%.3g')"
    if [ -n "$m_wall" ]; then tr="$(fmt "$(calc "$w / $m_wall")" '%.2fx')"; else tr="n/a"; fi
  fi
  if [ "$b" = "-" ]; then
    bs="-"; bpg="-"; sr="-"
  else
    bs="$(fmt "$b" '%.0f')"
    bpg="$(fmt "$(calc "$b / $g")" '%.4f')"
    if [ -n "$m_bytes" ]; then sr="$(fmt "$(calc "$b / $m_bytes")" '%.2fx')"; else sr="n/a"; fi
  fi
  table_rows+=("$t|$ws|$rate|$rpc|$bs|$bpg|$tr|$sr|$rss|$note")
done


machine="$(machine_line "$cores")"
summary="input: $(rel "$vcf") ($vcf_bytes bytes bgzip, $text_bytes bytes text): $samples samples x $variants records = $genotypes genotypes, $multi_records tri-allelic records, $missing_calls missing calls; biallelic-split rows (information only): $split_rows ($alt_alleles ALT alleles x $samples)"

echo
echo "Ingest benchmark, $machine, $(date '+%Y-%m-%d %H:%M')"
echo "$summary"
echo "generation: $gen_note"
echo "load average at start: $load_start; at end: $(loadavg) (other work on the machine skews the times)"
if [ -n "$m_count" ]; then echo "Musubi's own count (information only): $m_count"; fi
echo
print_console 50 9 12 16 13 14 14 14 12
echo
echo "genotypes = samples x VCF records (ADAM's prefix row: samples x prefix records). 'time vs Musubi' = tool wall / Musubi wall;"
echo "'size vs Musubi' = tool bytes / Musubi bytes. Wall times include JVM and Spark start-up for ADAM and Musubi."

{
  echo "# Ingest benchmark — $(date '+%Y-%m-%d %H:%M')"
  echo
  echo "Command: \`bench/ingest.sh${orig_args:+ $orig_args}\` (resolved: --samples $samples --variants $variants --cores $cores, seed $seed, heap $heap)"
  echo
  echo "Machine: $machine;"
  echo "plink2: $( [ "$have_plink2" = 1 ] && plink2 --version 2>/dev/null || echo 'not installed'); bgzip: $(bgzip --version | head -n 1)."
  echo
  echo "- load average (1/5/15 min) at start: $load_start; at end: $(loadavg). Other work on the machine skews the times."
  echo "- $summary"
  echo "- generation: $gen_note"
  if [ -n "$adam_line" ]; then echo "- ADAM run detail: \`$adam_line\`"; fi
  if [ -n "$m_count" ]; then echo "- Musubi's own count (information only): $m_count"; fi
  echo
  printf '| %s ' "${hdr[@]}"; echo "|"
  printf '|%s' "---" "--:" "--:" "--:" "--:" "--:" "--:" "--:" "--:" "---"; echo "|"
  for r in "${table_rows[@]}"; do
    IFS='|' read -r -a f <<<"$r"
    printf '| %s ' "${f[@]}"; echo "|"
  done
  echo
  echo "Notes"
  echo
  echo "- genotypes = samples x VCF records (multi-allelic records count once); rates are genotypes per wall-clock second."
  echo "- Wall times include process start; for ADAM and Musubi that is JVM + Spark start-up (a few seconds)."
  echo "- plink2: \`plink2 --vcf X $plink2_flags --out P\`; output = .pgen + .pvar + .psam."
  echo "- ADAM 1.0: \`loadVcf(X, LENIENT).toGenotypes().saveAsParquet(..)\` with its defaults (gzip Parquet),"
  echo "  Kryo + ADAMKryoRegistrator, input split cap = file size / (2 x cores) so every core gets work."
  echo "  Its Parquet holds one row per sample per ALT allele (multi-allelic records split)."
  echo "  A row marked EXTRAPOLATED is an estimate from the prefix run, not a measurement."
  echo "- Glow: not runnable here: io.projectglow artifacts not served; see its published figures."
  echo "- Musubi: \`bin/musubi ingest --input X --output T --master local[$cores] --overwrite\`; output = du -sb T."
} > "$report"
echo
log "report: $(rel "$report")"

if [ "$keep" = 0 ]; then rm -rf "$work"; fi
