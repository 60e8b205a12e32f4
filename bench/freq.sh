#!/usr/bin/env bash
# bench/freq.sh — allele-frequency benchmark: Musubi's ingest + freq against bcftools +fill-tags and plink2 --freq
# --hardy on the same synthetic VCF.gz and the same number of cores, in one run.
#
#   bench/freq.sh [--samples N] [--variants M] [--cores C] [options]      (see --help; bench/README.md)
#
# Prints a table (also written as Markdown to bench/out/freq-<date>.md) and checks that the three tools agree on
# AC and AN of every biallelic record.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"

samples=2000
variants=20000
cores="$(nproc)"
seed=20240607
heap=4g
run_bcftools=1
run_plink2=1
run_musubi=1
run_strata=1
pops=5
regen=0
warm=0
warm_note=()
keep=1
orig_args="$*"

usage() {
  cat <<'USAGE'
usage: bench/freq.sh [--samples N] [--variants M] [--cores C] [options]

  --samples N        samples in the synthetic cohort (default 2000)
  --variants M       VCF records (default 20000)
  --cores C          cores for every tool: bcftools --threads C, plink2 --threads C, Spark local[C] (default: nproc)
  --seed S           generator seed (default 20240607, shared with bench/ingest.sh and bench/gwas.sh)
  --heap SIZE        Musubi's JVM heap unless MUSUBI_JAVA_OPTS is set (default 4g)
  --skip-bcftools | --skip-plink2 | --skip-musubi
  --skip-strata      leave out the stratified comparison (Musubi freq --strata population,sex against plink2
                     --pfile --keep <stratum> --freq --hardy once per stratum, summed)
  --populations P    populations of the manifest used by the stratified comparison (default 5)
  --regen            regenerate the synthetic VCF even if cached
  --warm             also run Musubi's freq (none, then strata) through a warm server (bin/musubi server start,
                     timed on its own row); outputs checked against the runs on their own
  --clean            delete the tools' outputs (bench/out/work-freq/) after measuring them
  -h, --help

Needs: Java 17, Maven, bgzip/tabix (apt-get install -y tabix), bcftools and plink2 (apt-get install -y bcftools
plink2; a missing one's rows say so), awk.
USAGE
}

while [ $# -gt 0 ]; do
  if shared_opt freq.sh "samples variants cores seed heap" "$@"; then shift 2; continue; fi
  case "$1" in
    --skip-bcftools) run_bcftools=0; shift ;;
    --skip-plink2) run_plink2=0; shift ;;
    --skip-musubi) run_musubi=0; shift ;;
    --skip-strata) run_strata=0; shift ;;
    --populations) pops="$2"; shift 2 ;;
    --regen) regen=1; shift ;;
    --warm) warm=1; shift ;;
    --clean) keep=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "freq.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
positive_ints freq.sh samples variants cores seed pops

need_core_tools freq.sh
bench_init freq
build_helpers
synth_vcf "$samples" "$variants" "$seed" "$cores" "$regen"
records="$(stat_of records)"
alt_alleles="$(stat_of alt_alleles)"
genotypes="$(calc "$records * $samples")"

# The stratified comparison's manifest: sample i (S0000001…) in population P<(i-1) % pops + 1>, sex alternating XX/XY;
# plink2 gets one --keep file per stratum (all, each population, each sex, each population × sex), as freq's strata.
manifest="$work/manifest.tsv"
keeps=()
if [ "$run_strata" = 1 ]; then
  awk -v n="$samples" -v p="$pops" 'BEGIN { print "sample_id\tsex\tpopulation"
    for (i = 1; i <= n; i++) printf "S%07d\t%s\tP%d\n", i, (i % 2 ? "XX" : "XY"), (i - 1) % p + 1 }' > "$manifest"
  mkdir -p "$work/keep"
  awk -F'\t' -v d="$work/keep" 'NR > 1 { print $1 > (d "/" $3 ".txt"); print $1 > (d "/" $2 ".txt");
    print $1 > (d "/" $3 "_" $2 ".txt") }' "$manifest"
  for f in "$work"/keep/*.txt; do keeps+=("$f"); done
fi

# key|name|step|wall|cpu|rss|note
rows=()
row_key=""
add_row() { rows+=("$row_key|$1|$2|$3|$4|$5|$6"); }
declare -A wall_of
declare -A cpu_by
cpu_of() { echo "${cpu_by[$1]:-0}"; }
run_tool() { # key tool step label cmd...
  local key="$1" tool="$2" step="$3" label="$4"; shift 4
  log "$tool: $label…"
  row_key="$key"
  timed "$work/$key.log" "$@"
  if [ "$t_rc" = 0 ]; then
    wall_of[$key]="$t_wall"
    cpu_by[$key]="$t_cpu"
    add_row "$tool" "$step" "$t_wall" "$t_cpu" "$t_rss" "$label"
    log "  $(fmt "$t_wall" '%.1f') s wall, $t_cpu s CPU"
  else
    add_row "$tool" "$step" "-" "-" "-" "failed (exit $t_rc, see $(rel "$work/$key.log"))"
    log "  failed (exit $t_rc), see $(rel "$work/$key.log")"
    tail -n 5 "$work/$key.log" | sed 's/^/    | /' >&2 || true
  fi
}

# ---------------------------------------------------------------- bcftools +fill-tags (sites VCF out, as freq writes)
b_ver=""
if [ "$run_bcftools" = 1 ] && command -v bcftools >/dev/null; then
  b_ver="$(bcftools --version | head -n 1 | awk '{ print $2 }')"
  run_tool b_fill "bcftools $b_ver" "freq, from VCF" "+fill-tags -t AN,AC,AF,AC_Hom,AC_Het,HWE, then view -G -Oz" \
    bash -o pipefail -c "bcftools +fill-tags --threads $cores -Ou '$vcf' -- -t AN,AC,AF,AC_Hom,AC_Het,HWE \
      | bcftools view --threads $cores -G -Oz -o '$work/bcftools.sites.vcf.gz'"
elif [ "$run_bcftools" = 1 ]; then
  row_key=""; add_row "bcftools" "-" "-" "-" "-" "not installed (apt-get install -y bcftools)"
fi

# ---------------------------------------------------------------- plink2 --freq --hardy
p_ver=""
if [ "$run_plink2" = 1 ] && command -v plink2 >/dev/null; then
  p_ver="$(plink2 --version 2>/dev/null | awk '{ print $2 }')"
  run_tool p_vcf "plink2 $p_ver" "freq, from VCF" "--vcf X --freq --hardy (converts the VCF first)" \
    plink2 --vcf "$vcf" --freq cols=chrom,pos,ref,alt,altfreq,nobs --hardy --threads "$cores" --out "$work/plink2.vcf"
  run_tool p_import "plink2 $p_ver" "import" "--vcf X --make-pgen" \
    plink2 --vcf "$vcf" --make-pgen --threads "$cores" --out "$work/plink2"
  if [ -n "${wall_of[p_import]:-}" ]; then
    run_tool p_freq "plink2 $p_ver" "freq" "--pfile P --freq --hardy" \
      plink2 --pfile "$work/plink2" --freq cols=chrom,pos,ref,alt,altfreq,nobs --hardy --threads "$cores" --out "$work/plink2.pf"
  fi
  if [ -n "${wall_of[p_freq]:-}" ] && [ "$run_strata" = 1 ]; then
    # once per stratum other than "all" (that run is p_freq above), timed together
    run_tool p_keep "plink2 $p_ver" "freq, strata" "--pfile P --keep S --freq --hardy, once per stratum (${#keeps[@]} + all; sum)" \
      bash -c 'set -e; for k in "$@"; do plink2 --pfile "'"$work/plink2"'" --keep "$k" --freq cols=chrom,pos,ref,alt,altfreq,nobs --hardy \
        --threads '"$cores"' --out "'"$work"'/plink2.keep.$(basename "$k" .txt)" >/dev/null; done' _ "${keeps[@]}"
    if [ -n "${wall_of[p_keep]:-}" ]; then
      # the "all" run counts as one of the strata
      wall_of[p_keep]="$(calc "${wall_of[p_keep]} + ${wall_of[p_freq]}")"
      last=$((${#rows[@]} - 1))
      IFS='|' read -r k t st w c r note <<<"${rows[$last]}"
      cpu_by[p_keep]="$(calc "$c + $(cpu_of p_freq)")"
      rows[$last]="$k|$t|$st|${wall_of[p_keep]}|${cpu_by[p_keep]}|$r|$note"
    fi
  fi
elif [ "$run_plink2" = 1 ]; then
  row_key=""; add_row "plink2" "-" "-" "-" "-" "not installed (apt-get install -y plink2)"
fi

# ---------------------------------------------------------------- Musubi ingest + freq
if [ "$run_musubi" = 1 ]; then
  musubi_warmup
  if [ "$prep_rc" != 0 ]; then
    row_key=""; add_row "Musubi" "-" "-" "-" "-" "failed: warm-up exit $prep_rc, see $(rel "$work/musubi-prepare.log")"
  else
    # The same untimed warm-up for freq (bin/musubi keeps one class-data archive per job; the first run after a
    # build records it at exit, which would add seconds to the timed run).
    "$root/bin/musubi" freq --table "$work/warmup.mvt" --strata none --out "$work/warmup.freq" \
      --master "local[$cores]" --overwrite >>"$work/musubi-prepare.log" 2>&1 || true
    samples_arg=()
    if [ "$run_strata" = 1 ]; then samples_arg=(--samples "$manifest"); fi
    run_tool m_import "Musubi" "import" "ingest --input X --output T${samples_arg:+ --samples manifest.tsv}" \
      "$root/bin/musubi" ingest --input "$vcf" "${samples_arg[@]}" --output "$work/musubi.mvt" --master "local[$cores]" --overwrite
    if [ -n "${wall_of[m_import]:-}" ]; then
      run_tool m_freq "Musubi" "freq" "freq --table T --strata none (HWE, FAF, sites VCF + Parquet)" \
        "$root/bin/musubi" freq --table "$work/musubi.mvt" --strata none --out "$work/musubi.freq" \
        --master "local[$cores]" --overwrite
      if [ "$run_strata" = 1 ]; then
        run_tool m_strata "Musubi" "freq, strata" "freq --table T --strata population,sex ($pops populations)" \
          "$root/bin/musubi" freq --table "$work/musubi.mvt" --strata population,sex --out "$work/musubi.strata" \
          --master "local[$cores]" --overwrite
      fi
    fi
  fi
fi
if [ "$warm" = 1 ] && [ -n "${wall_of[m_freq]:-}" ]; then
  log "Musubi: starting a warm server…"
  t0="$(now)"; warm_start "$cores"; ws_wall="$(calc "$(now) - $t0")"; trap warm_stop EXIT
  row_key=""; add_row "Musubi" "server start" "$ws_wall" "$(MUSUBI_SERVER=1 server_cpu)" "-" \
    "bin/musubi server start --master local[$cores] (once per session, not per job; with its warm-up unless BENCH_WARM_UP=0)"
  warm_runs=("m_freq_w1|freq, warm 1|none|musubi.freq" "m_freq_w2|freq, warm 2|none|musubi.freq")
  [ ! -d "$work/musubi.strata" ] || warm_runs+=("m_strata_w|freq, strata, warm|population,sex|musubi.strata")
  for r in "${warm_runs[@]}"; do
    IFS='|' read -r key step strata cold <<<"$r"
    MUSUBI_SERVER=1 run_tool "$key" "Musubi" "$step" "freq --strata $strata on the warm server" \
      "$root/bin/musubi" freq --table "$work/musubi.mvt" --strata "$strata" --out "$work/$key" \
      --master "local[$cores]" --overwrite
    if ! cmp -s "$work/$cold/frequencies.sites.vcf.gz" "$work/$key/frequencies.sites.vcf.gz"; then
      echo "freq.sh: the warm server's sites VCF ($key) differs from the run on its own" >&2; exit 1
    fi
  done
  warm_stop
fi
if [ -n "${wall_of[m_import]:-}" ] && [ -n "${wall_of[m_freq]:-}" ]; then
  wall_of[m_vcf]="$(calc "${wall_of[m_import]} + ${wall_of[m_freq]}")"
  row_key=m_vcf
  add_row "Musubi" "freq, from VCF" "${wall_of[m_vcf]}" "-" "-" "ingest + freq (sum of the two runs)"
fi

# ---------------------------------------------------------------- agreement on biallelic records (AC, AN)
agree=()
m_sites="$work/musubi.freq/frequencies.sites.vcf.gz"
acan() { # sites.vcf.gz -> chrom:pos:ref:alt AC AN, biallelic records only
  bgzip -dc "$1" | awk -F'\t' '!/^#/ && $5 !~ /,/ {
    ac = ""; an = ""; n = split($8, kv, ";")
    for (i = 1; i <= n; i++) { split(kv[i], p, "="); if (p[1] == "AC") ac = p[2]; if (p[1] == "AN") an = p[2] }
    c = $1; sub(/^chr/, "", c); print c ":" $2 ":" $4 ":" $5 "\t" ac "\t" an }'
}
# Musubi's AC/AN once, for whichever peers ran (with --skip-bcftools the plink2 check still needs it).
if [ -s "$m_sites" ]; then acan "$m_sites" > "$work/musubi.acan"; fi
if [ -s "$m_sites" ] && [ -s "$work/bcftools.sites.vcf.gz" ]; then
  acan "$work/bcftools.sites.vcf.gz" > "$work/bcftools.acan"
  agree+=("bcftools vs Musubi: $(awk -F'\t' 'NR == FNR { b[$1] = $2 "\t" $3; next } ($1 in b) { m++; if (b[$1] != $2 "\t" $3) d++ }
    END { printf "%d biallelic records compared, AC/AN differ in %d", m, d + 0 }' "$work/bcftools.acan" "$work/musubi.acan")")
fi
if [ -s "$m_sites" ] && [ -s "$work/plink2.pf.afreq" ]; then
  agree+=("plink2 vs Musubi: $(awk -F'\t' 'NR == FNR { if (FNR > 1 && $5 !~ /,/) { c = $1; sub(/^chr/, "", c); k = c ":" $2 ":" $4 ":" $5; f[k] = $6; n[k] = $7 }; next }
    ($1 in f) { m++; af = $3 ? $2 / $3 : 0; d = af - f[$1]; if (d < 0) d = -d; if (d > md) md = d; if (n[$1] != $3) dn++ }
    END { printf "%d biallelic records compared, OBS_CT != AN in %d, max |AF - ALT_FREQS| %.2g (plink2 prints 6 digits)", m, dn + 0, md }' \
    "$work/plink2.pf.afreq" "$work/musubi.acan")")
fi

# Stratified agreement: AC/AN of each population × sex stratum (INFO AC_p1_XX …) against the plink2 --keep run's.
# plink2 writes ALT_FREQS with 6 significant digits (%g), so its AC is recovered as round(ALT_FREQS × OBS_CT) — exact
# while OBS_CT < 100000 (the relative rounding error is at most 5e-6) — and compared with Musubi's AC as an integer.
# Comparing AC/AN with ALT_FREQS within 5e-7 instead failed on rounding ties: XY at chr2:45266801 (5000 × 120000) has
# AC 507, AN 4992 in both tools, AF = 13/128 = 0.1015625 exactly, which plink2 prints as 0.101562 and Java's %g as
# 0.101563; |0.1015625 − 0.101562| is 5e-7 plus the double's error.
if [ -s "$work/musubi.strata/frequencies.sites.vcf.gz" ] && [ -s "$work/plink2.keep.P1_XX.afreq" ]; then
  bad=0; compared=0
  for f in "$work"/plink2.keep.*.afreq; do
    s_name="$(basename "$f" .afreq)"; s_name="${s_name#plink2.keep.}"
    key="$(echo "$s_name" | tr 'A-Z' 'a-z' | sed 's/_xx$/_XX/; s/_xy$/_XY/; s/^xx$/XX/; s/^xy$/XY/')"
    r="$(bgzip -dc "$work/musubi.strata/frequencies.sites.vcf.gz" | awk -F'\t' -v key="$key" 'NR == FNR { if (FNR > 1 && $5 !~ /,/) { c = $1; sub(/^chr/, "", c); n[c ":" $2 ":" $4 ":" $5] = $7; f[c ":" $2 ":" $4 ":" $5] = $6 }; next }
      !/^#/ && $5 !~ /,/ { c = $1; sub(/^chr/, "", c); k = c ":" $2 ":" $4 ":" $5; if (!(k in n)) next
        ac = ""; an = ""; m = split($8, kv, ";")
        for (i = 1; i <= m; i++) { split(kv[i], p, "="); if (p[1] == "AC_" key) ac = p[2]; if (p[1] == "AN_" key) an = p[2] }
        t++; if (an != n[k] || (an > 0 && ac != int(f[k] * n[k] + 0.5))) d++ }
      END { printf "%d %d", t, d + 0 }' "$f" -)"
    compared=$((compared + ${r% *})); bad=$((bad + ${r#* }))
  done
  agree+=("plink2 --keep vs Musubi strata: $compared stratum x record pairs compared (${#keeps[@]} strata), AN or AC differ in $bad")
fi

if [ -n "${wall_of[p_freq]:-}" ] && [ -n "${wall_of[m_freq_w2]:-}" ]; then
  warm_note=("warm server, Musubi/plink2: freq (the server's 2nd job) $(fmt "$(calc "${wall_of[m_freq_w2]} / ${wall_of[p_freq]}")" '%.2fx') in wall, $(fmt "$(calc "$(cpu_of m_freq_w2) / $(cpu_of p_freq)")" '%.2fx') in CPU$(
    [ -z "${wall_of[m_strata_w]:-}" ] || [ -z "${wall_of[p_keep]:-}" ] || echo "; strata $(fmt "$(calc "${wall_of[m_strata_w]} / ${wall_of[p_keep]}")" '%.2fx') in wall, $(fmt "$(calc "$(cpu_of m_strata_w) / $(cpu_of p_keep)")" '%.2fx') in CPU (plink2: the sum of its runs)")")
fi

# ---------------------------------------------------------------- table
ratio_for() { # Musubi wall / the tool's wall for the same step (> 1: the tool is faster)
  local key="$1" step="$2" m=""
  case "$step" in
    "freq, from VCF") m="${wall_of[m_vcf]:-}" ;;
    "import") m="${wall_of[m_import]:-}" ;;
    "freq") m="${wall_of[m_freq]:-}" ;;
    "freq, strata") m="${wall_of[m_strata]:-}" ;;
  esac
  local t="${wall_of[$key]:-}"
  if [[ "$key" == m_* ]] || [ -z "$m" ] || [ -z "$t" ]; then echo "-"; else fmt "$(calc "$m / $t")" '%.2fx'; fi
}
hdr=(tool step "wall s" "CPU s" "genotypes/s" "per core" "Musubi/tool" "peak RSS MiB" command)
table_rows=()
keys=()
for r in "${rows[@]}"; do
  IFS='|' read -r key t step w cpu rss note <<<"$r"
  if [ "$w" = "-" ]; then ws="-"; rate="-"; rpc="-"; else
    ws="$(fmt "$w" '%.1f')"
    rate="$(fmt "$(calc "$genotypes / $w")" '%.3g')"
    rpc="$(fmt "$(calc "$genotypes / $w / $cores")" '%.3g')"
    [ "$step" != "server start" ] || { rate="-"; rpc="-"; }
  fi
  table_rows+=("$t|$step|$ws|$cpu|$rate|$rpc|$(ratio_for "$key" "$step")|$rss|$note")
done

summary="input: $(rel "$vcf"): $samples samples x $records records ($alt_alleles ALT alleles) = $genotypes genotypes"
notes=(
  "genotypes/s = VCF records x samples ($genotypes) / wall s; 'per core' divides by $cores."
  "freq, strata: Musubi runs freq --strata population,sex once (all, $pops populations, XX, XY, population x sex); plink2 runs --pfile --keep --freq --hardy once per stratum, the times summed (the 'all' run included)."
  "Musubi/tool = Musubi's wall for the same step / the tool's (> 1: the tool is faster). 'freq, from VCF': bcftools reads the VCF directly; plink2 --vcf converts it to a temporary .pgen first; Musubi is ingest + freq (two JVM starts)."
  "Outputs differ: bcftools writes a sites VCF with AN, AC, AF, AC_Hom, AC_Het, HWE (multi-allelic records joint); plink2 .afreq + .hardy text; Musubi a Parquet table, a bgzipped sites VCF (multi-allelics split, faf95/99, nhomalt, HWE exact P and mid-P) and summary.json."
  "Wall times include process start: JVM + Spark start-up (a few seconds) for each Musubi run."
)
if [ -n "${warm_note[*]:-}" ]; then notes+=("${warm_note[@]}"); fi
echo
echo "Allele-frequency benchmark, $(machine_line "$cores"), $(date '+%Y-%m-%d %H:%M')"
echo "$summary"
echo "load average at start: $load_start; at end: $(loadavg) (other work on the machine skews the times)"
echo
printf '%-16s %-15s %8s %8s %12s %10s %12s %13s %s\n' "${hdr[@]}"
for r in "${table_rows[@]}"; do
  IFS='|' read -r -a f <<<"$r"
  printf '%-16s %-15s %8s %8s %12s %10s %12s %13s %s\n' "${f[@]}"
done
echo
for a in "${agree[@]}"; do echo "agreement, $a"; done
for n in "${notes[@]}"; do echo "- $n"; done

{
  echo "# Allele-frequency benchmark — $(date '+%Y-%m-%d %H:%M')"
  echo
  echo "Command: \`bench/freq.sh${orig_args:+ $orig_args}\` (resolved: --samples $samples --variants $variants --cores $cores --seed $seed, heap $heap)"
  echo
  echo "Machine: $(machine_line "$cores"); bcftools ${b_ver:-n/a}; plink2 ${p_ver:-n/a}."
  echo
  echo "- load average (1/5/15 min) at start: $load_start; at end: $(loadavg). Other work on the machine skews the times."
  echo "- $summary"
  echo
  printf '| %s ' "${hdr[@]}"; echo "|"
  printf '|%s' "---" "---" "--:" "--:" "--:" "--:" "--:" "--:" "---"; echo "|"
  for r in "${table_rows[@]}"; do
    IFS='|' read -r -a f <<<"$r"
    printf '| %s ' "${f[@]}"; echo "|"
  done
  echo
  for a in "${agree[@]}"; do echo "- agreement, $a"; done
  echo
  for n in "${notes[@]}"; do echo "- $n"; done
} > "$report"
echo
log "report: $(rel "$report")"
if [ "$keep" = 0 ]; then rm -rf "$work"; fi
