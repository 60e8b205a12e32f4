#!/usr/bin/env bash
# bench/gwas.sh — GWAS benchmark: Musubi's gwas job against plink2 --glm (linear, and logistic with Firth fallback)
# on the same synthetic cohort, phenotypes and covariates, with the same number of cores.
#
#   bench/gwas.sh [--samples N] [--variants M] [--cores C] [options]      (see --help; bench/README.md)
#
# Generates (or reuses) the deterministic synthetic VCF.gz of bench/ingest.sh, simulated phenotypes (one
# quantitative, one binary) and covariates, runs each tool, prints a table (also written as Markdown to
# bench/out/gwas-<date>.md) and checks that both tools agree on every biallelic variant.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"

samples=10000
variants=20000
cores="$(nproc)"
covariates=10
seed=20240607
pheno_seed=7
heap=4g
partitions=0
m_part=()
run_plink2=1
run_musubi=1
run_logistic=1
run_pfile=1
regen=0
keep=1
integrity_pairs=0

orig_args="$*"

usage() {
  cat <<'EOF'
usage: bench/gwas.sh [--samples N] [--variants M] [--cores C] [options]

  --samples N           samples in the synthetic cohort (default 10000)
  --variants M          VCF records (default 20000; multi-allelic records give one tested row per ALT allele)
  --cores C             cores for every tool: plink2 --threads C, Spark local[C] (default: nproc)
  --covariates K        simulated covariates (default 10)
  --seed S              genotype generator seed (default 20240607, shared with bench/ingest.sh)
  --pheno-seed S        phenotype/covariate seed (default 7)
  --heap SIZE           Musubi's JVM heap unless MUSUBI_JAVA_OPTS is set (default 4g)
  --partitions P        musubi gwas --partitions P (default 0: as the table is read)
  --skip-plink2 | --skip-musubi | --skip-logistic
  --skip-pfile          do not time plink2 on its own .pgen (analysis only); the end-to-end runs from the VCF remain
  --integrity-cost N    after the runs, N pairs of Musubi linear runs with checksum verification on and off
                        (--conf spark.hadoop.musubi.integrity.verify=false), alternated; a row each and the median ratio
  --regen               regenerate the synthetic VCF and the phenotypes even if cached
  --clean               delete the tools' outputs (bench/out/work-gwas/) after measuring them
  -h, --help

Needs: Java 17, Maven, bgzip/tabix (apt-get install -y tabix), plink2 (apt-get install -y plink2), awk.
EOF
}

while [ $# -gt 0 ]; do
  if shared_opt gwas.sh "samples variants cores seed heap" "$@"; then shift 2; continue; fi
  case "$1" in
    --covariates) covariates="$2"; shift 2 ;;
    --integrity-cost) integrity_pairs="$2"; shift 2 ;;
    --pheno-seed) pheno_seed="$2"; shift 2 ;;
    --partitions) partitions="$2"; shift 2 ;;
    --skip-plink2) run_plink2=0; shift ;;
    --skip-musubi) run_musubi=0; shift ;;
    --skip-logistic) run_logistic=0; shift ;;
    --skip-pfile) run_pfile=0; shift ;;
    --regen) regen=1; shift ;;
    --clean) keep=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "gwas.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
positive_ints gwas.sh samples variants cores covariates seed pheno_seed
if ! [[ "$partitions" =~ ^[0-9]+$ ]]; then echo "gwas.sh: --partitions must be >= 0" >&2; exit 2; fi
if [ "$covariates" -lt 3 ]; then echo "gwas.sh: --covariates must be >= 3 (the traits depend on C1..C3)" >&2; exit 2; fi

# ---------------------------------------------------------------- tools
need_core_tools gwas.sh
have_plink2=1
if ! command -v plink2 >/dev/null; then
  have_plink2=0
  [ "$run_plink2" = 0 ] || log "plink2 not found: its rows will be skipped (install: apt-get install -y plink2)"
fi
bench_init gwas

# ---------------------------------------------------------------- 1. the bench helpers (the VCF generator)
build_helpers

# ---------------------------------------------------------------- 2. synthetic VCF.gz (the cache of bench/ingest.sh)
synth_vcf "$samples" "$variants" "$seed" "$cores" "$regen"
alt_alleles="$(stat_of alt_alleles)"      # = rows each tool tests (one per ALT allele)
multi_records="$(stat_of multiallelic_records)"
missing_calls="$(stat_of missing_calls)"

# ---------------------------------------------------------------- 3. phenotypes and covariates (awk, deterministic)
# Covariates C1..CK ~ N(0,1) (Box-Muller); s = 0.2 C1 - 0.15 C2 + 0.2 C3; Q1 = s + N(0,1); B1 ~ Bernoulli(logit^-1(-0.8
# + 1.2 s)) (about 30 % cases). No genetic effect: the tests are null, as most of a GWAS is. Header '#IID …', which
# plink2 and Musubi both read; the VCF's sample names are the IIDs.
pheno="$data/gwas-n${samples}-c${covariates}-s${pheno_seed}.pheno.tsv"
covar="$data/gwas-n${samples}-c${covariates}-s${pheno_seed}.covar.tsv"
if [ "$regen" = 1 ] || [ ! -s "$pheno" ] || [ ! -s "$covar" ]; then
  log "simulating phenotypes Q1 (quantitative), B1 (0/1) and $covariates covariates for $samples samples…"
  { bgzip -dc "$vcf" || true; } | awk '/^#CHROM/ { for (i = 10; i <= NF; i++) print $i; exit }' |
    awk -v seed="$pheno_seed" -v k="$covariates" -v P="$pheno.tmp" -v C="$covar.tmp" '
      function gauss(   u, v) { u = rand(); v = rand(); if (u < 1e-300) u = 1e-300; return sqrt(-2 * log(u)) * cos(6.283185307179586 * v) }
      BEGIN { srand(seed); printf "#IID\tQ1\tB1\n" > P; printf "#IID" > C; for (j = 1; j <= k; j++) printf "\tC%d", j > C; printf "\n" > C }
      { s = 0; line = $1
        for (j = 1; j <= k; j++) { c = gauss(); line = line sprintf("\t%.6f", c); if (j <= 3) s += (j == 2 ? -0.15 : 0.2) * c }
        print line > C
        q = s + gauss(); eta = -0.8 + 1.2 * s; b = (rand() < 1 / (1 + exp(-eta))) ? 1 : 0
        printf "%s\t%.6f\t%d\n", $1, q, b > P }'
  mv "$pheno.tmp" "$pheno"; mv "$covar.tmp" "$covar"
fi
n_pheno="$(($(wc -l < "$pheno") - 1))"
if [ "$n_pheno" != "$samples" ]; then echo "gwas.sh: $pheno has $n_pheno samples, expected $samples" >&2; exit 1; fi
cases="$(awk 'NR > 1 { s += $3 } END { print s }' "$pheno")"
covar_names="$(head -n 1 "$covar" | cut -f2- | tr '\t' ',')"

# ---------------------------------------------------------------- rows of the table
# name|step|wall|cpu|rss|rows|note
rows=()
add_row() { rows+=("$1|$2|$3|$4|$5|$6|$7"); }
add_rows() { # counts the ADD rows of a glm file ($1); "-" if absent
  if [ -s "$1" ]; then awk -F'\t' 'NR > 1 && $0 ~ /\tADD\t/ { n++ } END { print n + 0 }' "$1"; else echo "-"; fi
}
declare -A wall_of

# ---------------------------------------------------------------- 4. plink2
p_ver=""
if [ "$run_plink2" = 1 ] && [ "$have_plink2" = 1 ]; then
  p_ver="$(plink2 --version 2>/dev/null | awk '{ print $2 }')"
  p_common=(--pheno "$pheno" --covar "$covar" --threads "$cores")
  run_p() { # key step label outprefix glmfile args...
    local key="$1" step="$2" label="$3" glm="$4"; shift 4
    log "plink2 $label…"
    timed "$work/$key.log" plink2 "$@"
    if [ "$t_rc" = 0 ]; then
      wall_of[$key]="$t_wall"
      add_row "plink2 $p_ver" "$step" "$t_wall" "$t_cpu" "$t_rss" "$( [ -n "$glm" ] && add_rows "$glm" || echo -)" "$label"
      log "  $(fmt "$t_wall" '%.1f') s wall, $t_cpu s CPU"
    else
      add_row "plink2 $p_ver" "$step" "-" "-" "-" "-" "failed (exit $t_rc, see $(rel "$work/$key.log"))"
      log "  failed (exit $t_rc), see $(rel "$work/$key.log")"
    fi
  }
  run_p p_lin_vcf "linear, from VCF" "--vcf X --glm hide-covar (Q1)" "$work/plink2.lin.Q1.glm.linear" \
    --vcf "$vcf" "${p_common[@]}" --pheno-name Q1 --glm hide-covar --out "$work/plink2.lin"
  if [ "$run_logistic" = 1 ]; then
    run_p p_log_vcf "logistic, from VCF" "--vcf X --1 --glm hide-covar (B1, firth-fallback)" \
      "$work/plink2.log.B1.glm.logistic.hybrid" \
      --vcf "$vcf" "${p_common[@]}" --1 --pheno-name B1 --glm hide-covar --out "$work/plink2.log"
  fi
  if [ "$run_pfile" = 1 ]; then
    run_p p_import "import" "--vcf X --make-pgen" "" --vcf "$vcf" --make-pgen --threads "$cores" --out "$work/plink2"
    if [ -n "${wall_of[p_import]:-}" ]; then
      run_p p_lin "linear" "--pfile --glm hide-covar (Q1)" "$work/plink2.pf.lin.Q1.glm.linear" \
        --pfile "$work/plink2" "${p_common[@]}" --pheno-name Q1 --glm hide-covar --out "$work/plink2.pf.lin"
      if [ "$run_logistic" = 1 ]; then
        run_p p_log "logistic" "--pfile --1 --glm hide-covar (B1, firth-fallback)" \
          "$work/plink2.pf.log.B1.glm.logistic.hybrid" \
          --pfile "$work/plink2" "${p_common[@]}" --1 --pheno-name B1 --glm hide-covar --out "$work/plink2.pf.log"
      fi
    fi
  fi
elif [ "$run_plink2" = 1 ]; then
  add_row "plink2" "-" "-" "-" "-" "-" "not installed (apt-get install -y plink2)"
fi

# ---------------------------------------------------------------- 5. Musubi
if [ "$run_musubi" = 1 ]; then
  musubi_warmup
  if [ "$prep_rc" != 0 ]; then
    add_row "Musubi" "-" "-" "-" "-" "-" "failed: warm-up exit $prep_rc, see $(rel "$work/musubi-prepare.log")"
  else
    m_table="$work/musubi.mvt"
    if [ "$partitions" -gt 0 ]; then m_part=(--partitions "$partitions"); fi
    run_m() { # key step label glmfile args...
      local key="$1" step="$2" label="$3" glm="$4"; shift 4
      log "Musubi: $label…"
      timed "$work/$key.log" "$root/bin/musubi" "$@" --master "local[$cores]" --overwrite
      if [ "$t_rc" = 0 ]; then
        wall_of[$key]="$t_wall"
        add_row "Musubi" "$step" "$t_wall" "$t_cpu" "$t_rss" "$( [ -n "$glm" ] && add_rows "$glm" || echo -)" "$label"
        log "  $(fmt "$t_wall" '%.1f') s wall, $t_cpu s CPU"
      else
        add_row "Musubi" "$step" "-" "-" "-" "-" "failed (exit $t_rc, see $(rel "$work/$key.log"))"
        log "  failed (exit $t_rc), see $(rel "$work/$key.log")"
        tail -n 5 "$work/$key.log" | sed 's/^/    | /' >&2 || true
      fi
    }
    run_m m_import "import" "ingest --input X --output T" "" ingest --input "$vcf" --output "$m_table"
    if [ -n "${wall_of[m_import]:-}" ]; then
      run_m m_lin "linear" "gwas --pheno-name Q1 (linear)" "$work/musubi.lin/Q1.glm.linear" \
        gwas --table "$m_table" --pheno "$pheno" --pheno-name Q1 --covar "$covar" "${m_part[@]}" --out "$work/musubi.lin"
      if [ "$run_logistic" = 1 ]; then
        run_m m_log "logistic" "gwas --pheno-name B1 (logistic, Firth fallback)" \
          "$work/musubi.log/B1.glm.logistic.hybrid" \
          gwas --table "$m_table" --pheno "$pheno" --pheno-name B1 --covar "$covar" "${m_part[@]}" --out "$work/musubi.log"
      fi
    fi
  fi
fi

# ---------------------------------------------------------------- 5b. cost of checksum verification (issue 13)
if [ "$integrity_pairs" -gt 0 ] && [ -n "${wall_of[m_lin]:-}" ]; then
  on_walls=(); off_walls=()
  for i in $(seq 1 "$integrity_pairs"); do
    for mode in on off; do
      v=true; [ "$mode" = off ] && v=false
      run_m "m_lin_verify_${mode}_$i" "linear, verify $mode ($i)" "gwas Q1, musubi.integrity.verify=$v" \
        "$work/musubi.lin.$mode/Q1.glm.linear" gwas --table "$m_table" --pheno "$pheno" --pheno-name Q1 \
        --covar "$covar" "${m_part[@]}" --out "$work/musubi.lin.$mode" --conf "spark.hadoop.musubi.integrity.verify=$v"
      w="${wall_of[m_lin_verify_${mode}_$i]:-}"
      if [ -n "$w" ]; then if [ "$mode" = on ]; then on_walls+=("$w"); else off_walls+=("$w"); fi; fi
    done
  done
  med() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
  if [ "${#on_walls[@]}" -gt 0 ] && [ "${#off_walls[@]}" -gt 0 ]; then
    m_on="$(med "${on_walls[@]}")"; m_off="$(med "${off_walls[@]}")"
    add_row "Musubi" "verification cost" "-" "-" "-" "-" \
      "median wall verify on $m_on s / off $m_off s = $(calc "$m_on / $m_off") ($integrity_pairs pairs, alternated)"
    log "verification: median $m_on s on, $m_off s off, ratio $(calc "$m_on / $m_off")"
  fi
fi

# ---------------------------------------------------------------- 6. end-to-end rows (VCF -> results) for Musubi
if [ -n "${wall_of[m_import]:-}" ] && [ -n "${wall_of[m_lin]:-}" ]; then
  add_row "Musubi" "linear, from VCF" "$(calc "${wall_of[m_import]} + ${wall_of[m_lin]}")" "-" "-" \
    "$(add_rows "$work/musubi.lin/Q1.glm.linear")" "ingest + gwas (sum of the two runs)"
  wall_of[m_lin_vcf]="$(calc "${wall_of[m_import]} + ${wall_of[m_lin]}")"
fi
if [ -n "${wall_of[m_import]:-}" ] && [ -n "${wall_of[m_log]:-}" ]; then
  add_row "Musubi" "logistic, from VCF" "$(calc "${wall_of[m_import]} + ${wall_of[m_log]}")" "-" "-" \
    "$(add_rows "$work/musubi.log/B1.glm.logistic.hybrid")" "ingest + gwas (sum of the two runs)"
  wall_of[m_log_vcf]="$(calc "${wall_of[m_import]} + ${wall_of[m_log]}")"
fi

# ---------------------------------------------------------------- 7. agreement (biallelic rows; plink2 keeps multi-allelic records joint)
concord() { # plink2-glm musubi-glm -> one line
  awk -F'\t' '
    function chrom(c) { sub(/^chr/, "", c); return c }
    FNR == 1 { for (i = 1; i <= NF; i++) col[FILENAME, $i] = i; next }
    FILENAME == ARGV[1] {
      if ($col[FILENAME, "ALT"] ~ /,/ || $col[FILENAME, "TEST"] != "ADD") next
      k = chrom($1) ":" $2 ":" $col[FILENAME, "REF"] ":" $col[FILENAME, "ALT"]
      est = ((FILENAME, "OR") in col) ? "OR" : "BETA"; se = est == "OR" ? "LOG(OR)_SE" : "SE"
      pe[k] = $col[FILENAME, est]; ps[k] = $col[FILENAME, se]; pp[k] = $col[FILENAME, "P"]; pa[k] = $col[FILENAME, "A1"]
      po[k] = $col[FILENAME, "OBS_CT"]; pf[k] = ((FILENAME, "FIRTH?") in col) ? $col[FILENAME, "FIRTH?"] : "-"; n1++; next }
    { k = chrom($1) ":" $2 ":" $col[FILENAME, "REF"] ":" $col[FILENAME, "ALT"]
      if (!(k in pe)) next
      est = ((FILENAME, "OR") in col) ? "OR" : "BETA"; se = est == "OR" ? "LOG(OR)_SE" : "SE"
      f = ((FILENAME, "FIRTH?") in col) ? $col[FILENAME, "FIRTH?"] : "-"
      m++
      if ($col[FILENAME, "A1"] != pa[k]) a1++
      if ($col[FILENAME, "OBS_CT"] != po[k]) obs++
      if (f != pf[k]) fd++
      if (pe[k] == "NA" || $col[FILENAME, est] == "NA") { if (pe[k] != $col[FILENAME, est]) na++; next }
      if (f == "Y") { d = log($col[FILENAME, est]) - log(pe[k]); if (d < 0) d = -d; if (d > mf) mf = d; nf++ }
      else { d = ($col[FILENAME, est] - pe[k]) / pe[k]; if (d < 0) d = -d; if (d > me) me = d }
      d = ($col[FILENAME, se] - ps[k]) / ps[k]; if (d < 0) d = -d; if (d > ms) ms = d
      d = (log($col[FILENAME, "P"]) - log(pp[k])) / log(10); if (d < 0) d = -d; if (d > mp) mp = d }
    END { printf "%d of %d biallelic rows compared; A1, OBS_CT, FIRTH?, NA differ in %d, %d, %d, %d rows; max rel. diff of the estimate %.2g, of SE %.2g; max |d log10 P| %.2g", m, n1, a1 + 0, obs + 0, fd + 0, na + 0, me, ms, mp
          if (nf) printf "; Firth rows %d, max |d ln OR| %.2g", nf, mf
          printf "\n" }' "$1" "$2"
}
agree=()
if [ -s "$work/plink2.lin.Q1.glm.linear" ] && [ -s "$work/musubi.lin/Q1.glm.linear" ]; then
  agree+=("linear: $(concord "$work/plink2.lin.Q1.glm.linear" "$work/musubi.lin/Q1.glm.linear")")
fi
if [ -s "$work/plink2.log.B1.glm.logistic.hybrid" ] && [ -s "$work/musubi.log/B1.glm.logistic.hybrid" ]; then
  agree+=("logistic: $(concord "$work/plink2.log.B1.glm.logistic.hybrid" "$work/musubi.log/B1.glm.logistic.hybrid")")
fi
firth_rows=""
if [ -s "$work/musubi.log/B1.glm.logistic.hybrid" ]; then
  firth_rows="$(awk -F'\t' 'NR > 1 && $7 == "Y" { n++ } END { print n + 0 }' "$work/musubi.log/B1.glm.logistic.hybrid")"
fi

# ---------------------------------------------------------------- 8. table
# ratio: the plink2 wall time of the same step / Musubi's (> 1: Musubi is faster)
ratio_for() {
  local step="$1" p="" m=""
  case "$step" in
    "linear") p="${wall_of[p_lin]:-}"; m="${wall_of[m_lin]:-}" ;;
    "logistic") p="${wall_of[p_log]:-}"; m="${wall_of[m_log]:-}" ;;
    "import") p="${wall_of[p_import]:-}"; m="${wall_of[m_import]:-}" ;;
    "linear, from VCF") p="${wall_of[p_lin_vcf]:-}"; m="${wall_of[m_lin_vcf]:-}" ;;
    "logistic, from VCF") p="${wall_of[p_log_vcf]:-}"; m="${wall_of[m_log_vcf]:-}" ;;
  esac
  if [ -n "$p" ] && [ -n "$m" ]; then fmt "$(calc "$p / $m")" '%.2fx'; else echo "-"; fi
}
hdr=(tool step "wall s" "CPU s" "variant·samples/s" "per core" "plink2/Musubi" "peak RSS MiB" "rows" command)
table_rows=()
for r in "${rows[@]}"; do
  IFS='|' read -r t step w cpu rss nrows note <<<"$r"
  if [ "$w" = "-" ]; then
    ws="-"; rate="-"; rpc="-"
  else
    ws="$(fmt "$w" '%.1f')"
    vs="$(calc "$alt_alleles * $samples")"
    if [ "$step" = "import" ]; then vs="$(calc "$(stat_of records) * $samples")"; fi
    rate="$(fmt "$(calc "$vs / $w")" '%.3g')"
    rpc="$(fmt "$(calc "$vs / $w / $cores")" '%.3g')"
  fi
  table_rows+=("$t|$step|$ws|$cpu|$rate|$rpc|$(ratio_for "$step")|$rss|$nrows|$note")
done


machine="$(machine_line "$cores")"
summary="cohort: $(rel "$vcf"): $samples samples x $variants records ($multi_records tri-allelic, $missing_calls missing calls) = $alt_alleles tested rows (one per ALT allele); phenotypes $(rel "$pheno") (Q1 quantitative, B1 0/1 with $cases cases), $covariates covariates $(rel "$covar")"
notes=(
  "variant·samples/s = tested rows ($alt_alleles, one per ALT allele) x $samples samples / wall s; import rows: VCF records x samples. 'per core' divides by $cores."
  "plink2/Musubi = plink2 wall / Musubi wall for the same step (> 1: Musubi faster). 'from VCF' = VCF to results: plink2 --vcf --glm (it converts the VCF first) vs Musubi ingest + gwas."
  "Wall times include process start: JVM + Spark start-up (a few seconds) for Musubi. CPU s = user + sys (GNU time)."
  "Musubi writes more per phenotype than plink2: Parquet results, GWAS-SSF .tsv.gz + metadata, Manhattan and QQ PNGs, summary.json."
  "Both run Firth on the variants PLINK's rule sends to it (A1 dosage all in cases or all in controls, or no convergence)${firth_rows:+: $firth_rows of $alt_alleles rows here}; plink2 2.00a3.5 fits in single precision, Musubi in double precision to tighter convergence."
)

echo
echo "GWAS benchmark, $machine, $(date '+%Y-%m-%d %H:%M')"
echo "$summary"
echo "load average at start: $load_start; at end: $(loadavg) (other work on the machine skews the times)"
echo
print_console 20 20 8 8 18 10 14 13 7
echo
for a in "${agree[@]}"; do echo "agreement, $a"; done
echo
for n in "${notes[@]}"; do echo "- $n"; done

{
  echo "# GWAS benchmark — $(date '+%Y-%m-%d %H:%M')"
  echo
  echo "Command: \`bench/gwas.sh${orig_args:+ $orig_args}\` (resolved: --samples $samples --variants $variants --cores $cores --covariates $covariates, seeds $seed/$pheno_seed, heap $heap, partitions $partitions)"
  echo
  echo "Machine: $machine;"
  echo "plink2: $( [ "$have_plink2" = 1 ] && plink2 --version 2>/dev/null || echo 'not installed')."
  echo
  echo "- load average (1/5/15 min) at start: $load_start; at end: $(loadavg). Other work on the machine skews the times."
  echo "- $summary"
  echo "- plink2: \`plink2 --vcf X|--pfile P --pheno $(rel "$pheno") [--1] --pheno-name Q1|B1 --covar $(rel "$covar") --glm hide-covar --threads $cores\`"
  echo "- Musubi: \`bin/musubi ingest --input X --output T\`, \`bin/musubi gwas --table T --pheno … --pheno-name Q1|B1 --covar …$( [ "$partitions" -gt 0 ] && echo " --partitions $partitions") --master local[$cores]\` (MUSUBI_JAVA_OPTS=${MUSUBI_JAVA_OPTS:-})"
  echo
  printf '| %s ' "${hdr[@]}"; echo "|"
  printf '|%s' "---" "---" "--:" "--:" "--:" "--:" "--:" "--:" "--:" "---"; echo "|"
  for r in "${table_rows[@]}"; do
    IFS='|' read -r -a f <<<"$r"
    printf '| %s ' "${f[@]}"; echo "|"
  done
  echo
  if [ "${#agree[@]}" -gt 0 ]; then
    echo "Agreement of the outputs (plink2 from the VCF vs Musubi):"
    echo
    for a in "${agree[@]}"; do echo "- $a"; done
    echo
  fi
  echo "Notes"
  echo
  for n in "${notes[@]}"; do echo "- $n"; done
} > "$report"
echo
log "report: $(rel "$report")"

if [ "$keep" = 0 ]; then rm -rf "$work"; fi
