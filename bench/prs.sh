#!/usr/bin/env bash
# bench/prs.sh — PRS benchmark: Musubi's prs job against plink2 --score on the same synthetic cohort and the same
# synthetic score (>= 100k variants), with the same number of cores, in one run; checks that the scores agree.
#
#   bench/prs.sh [--samples N] [--variants M] [--score-variants S] [--cores C] [options]   (see --help; bench/README.md)
#
# Generates (or reuses) the deterministic synthetic VCF.gz of bench/ingest.sh, a synthetic score over S of its
# biallelic variants (written twice: PGS Catalog columns for Musubi, plink2 'ID A1 weight' for plink2), an outcome
# and covariates; times plink2 --make-pgen and plink2 --pfile --score, Musubi ingest and Musubi prs (scoring only,
# then scoring + evaluation against the outcome); prints a table (also bench/out/prs-<date>.md).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"

samples=5000
variants=120000
score_variants=100000
cores="$(nproc)"
seed=20240607
score_seed=11
heap=4g
run_plink2=1
run_musubi=1
run_eval=1
regen=0
keep=1
reuse=0
warm=0
p_memory=""
orig_args="$*"

usage() {
  cat <<'USAGE'
usage: bench/prs.sh [--samples N] [--variants M] [--score-variants S] [--cores C] [options]

  --samples N           samples in the synthetic cohort (default 5000)
  --variants M          VCF records (default 120000; about 97% are biallelic)
  --score-variants S    variants in the synthetic score, drawn from the biallelic records (default 100000)
  --cores C             cores for every tool: plink2 --threads C, Spark local[C] (default: nproc)
  --seed S              genotype generator seed (default 20240607, shared with bench/ingest.sh)
  --score-seed S        seed of the score weights, the outcome and the covariates (default 11)
  --heap SIZE           Musubi's JVM heap unless MUSUBI_JAVA_OPTS is set (default 4g)
  --skip-plink2 | --skip-musubi | --skip-eval (no Musubi run with --outcome)
  --regen               regenerate the synthetic VCF, score and outcome even if cached
  --clean               delete the tools' outputs (bench/out/work-prs/) after measuring them
  --reuse-imports       keep both imports (plink2 .pgen/.pvar/.psam, Musubi table) next to the cached VCF in
                        bench/out/data/ and reuse them when present (their rows then say "cached", not timed):
                        score the same large cohort again without re-importing it
  --plink2-memory MB    plink2 --memory MB (its import's workspace; default: plink2's, half the RAM)
  --warm                also score through a warm server (bin/musubi server start, timed on its own row), twice:
                        the first job after its start and the next one (same outputs checked against the cold run)
  -h, --help

Needs: Java 17, Maven, bgzip/tabix (apt-get install -y tabix), plink2 (apt-get install -y plink2), awk.
USAGE
}

while [ $# -gt 0 ]; do
  if shared_opt prs.sh "samples variants cores seed heap" "$@"; then shift 2; continue; fi
  case "$1" in
    --score-variants) score_variants="$2"; shift 2 ;;
    --score-seed) score_seed="$2"; shift 2 ;;
    --skip-plink2) run_plink2=0; shift ;;
    --skip-musubi) run_musubi=0; shift ;;
    --skip-eval) run_eval=0; shift ;;
    --regen) regen=1; shift ;;
    --clean) keep=0; shift ;;
    --reuse-imports) reuse=1; shift ;;
    --plink2-memory) p_memory="$2"; shift 2 ;;
    --warm) warm=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "prs.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
positive_ints prs.sh samples variants score_variants cores seed score_seed

# ---------------------------------------------------------------- tools
need_core_tools prs.sh
have_plink2=1
if ! command -v plink2 >/dev/null; then
  have_plink2=0
  [ "$run_plink2" = 0 ] || log "plink2 not found: its rows will be skipped (install: apt-get install -y plink2)"
fi
bench_init prs
uptime_start="$(uptime)"

# ---------------------------------------------------------------- 1. the bench helpers (the VCF generator)
build_helpers

# ---------------------------------------------------------------- 2. synthetic VCF.gz (the cache of bench/ingest.sh)
synth_vcf "$samples" "$variants" "$seed" "$cores" "$regen"

# ---------------------------------------------------------------- 3. the score, outcome and covariates (awk, deterministic)
# The score: S biallelic records picked evenly over the file (every record when S >= the biallelic count), effect
# allele ALT or REF at random, weight ~ N(0, 0.01^2). Musubi reads the PGS Catalog columns (chr_name chr_position
# effect_allele other_allele effect_weight); plink2 reads 'ID effect_allele weight' with the IDs that
# --set-all-var-ids @:#:\$r:\$a gives its import. Strand-ambiguous SNPs (A/T, C/G) are kept by both (--keep-ambiguous).
tag="prs-n${samples}-m${variants}-s${seed}-k${score_variants}-w${score_seed}"
pgs="$data/$tag.pgs.txt"
p2s="$data/$tag.plink2.tsv"
pheno="$data/$tag.pheno.tsv"
covar="$data/$tag.covar.tsv"
if [ "$regen" = 1 ] || [ ! -s "$pgs" ] || [ ! -s "$p2s" ] || [ ! -s "$pheno" ] || [ ! -s "$covar" ]; then
  log "writing the synthetic score ($score_variants variants), outcome and covariates…"
  bgzip -dc "$vcf" | cut -f1-5 | awk -F'\t' '!/^#/ && $5 !~ /,/' > "$work/biallelic.tsv"
  nb="$(wc -l < "$work/biallelic.tsv")"
  awk -F'\t' -v OFS='\t' -v seed="$score_seed" -v nb="$nb" -v k="$score_variants" -v P="$p2s.tmp" '
    function gauss(   u, v) { u = rand(); v = rand(); if (u < 1e-300) u = 1e-300; return sqrt(-2 * log(u)) * cos(6.283185307179586 * v) }
    BEGIN { srand(seed); step = (k >= nb) ? 1 : nb / k; next_pick = 0; picked = 0
            print "#format_version=2.0\n#pgs_id=PGSBENCH\n#genome_build=GRCh38\n#variants_number=" (k < nb ? k : nb)
            print "chr_name", "chr_position", "effect_allele", "other_allele", "effect_weight"
            print "ID", "A1", "WEIGHT" > P }
    { if (NR - 1 < next_pick || picked >= k) next
      next_pick += step; picked++
      c = $1; sub(/^chr/, "", c)
      w = sprintf("%.6f", 0.01 * gauss())
      if (rand() < 0.5) { ea = $5; oa = $4 } else { ea = $4; oa = $5 }
      print c, $2, ea, oa, w
      print c ":" $2 ":" $4 ":" $5, ea, w > P }' "$work/biallelic.tsv" > "$pgs.tmp"
  { bgzip -dc "$vcf" || true; } | awk '/^#CHROM/ { for (i = 10; i <= NF; i++) print $i; exit }' |
    awk -v seed="$score_seed" -v P="$pheno.tmp" -v C="$covar.tmp" '
      function gauss(   u, v) { u = rand(); v = rand(); if (u < 1e-300) u = 1e-300; return sqrt(-2 * log(u)) * cos(6.283185307179586 * v) }
      BEGIN { srand(seed + 1); print "#IID\tB1\tQ1" > P; print "#IID\tC1\tC2\tC3\tC4" > C }
      { c1 = gauss(); c2 = gauss(); c3 = gauss(); c4 = gauss()
        printf "%s\t%.6f\t%.6f\t%.6f\t%.6f\n", $1, c1, c2, c3, c4 > C
        s = 0.3 * c1 - 0.2 * c2; b = (rand() < 1 / (1 + exp(-(-1 + s)))) ? 1 : 0
        printf "%s\t%d\t%.6f\n", $1, b, s + gauss() > P }'
  mv "$pgs.tmp" "$pgs"; mv "$p2s.tmp" "$p2s"; mv "$pheno.tmp" "$pheno"; mv "$covar.tmp" "$covar"
  rm -f "$work/biallelic.tsv"
fi
k_score="$(($(wc -l < "$p2s") - 1))"
records="$(awk -F= '$1 == "records" { print $2 }' "$stats")"
log "score: $k_score variants; cohort: $samples samples x $records records"

# ---------------------------------------------------------------- rows: name|step|wall|cpu|rss|vs|note
rows=()
add_row() { rows+=("$1|$2|$3|$4|$5|$6|$7"); }
declare -A wall_of

# ---------------------------------------------------------------- 4. plink2
p_ver=""
if [ "$run_plink2" = 1 ] && [ "$have_plink2" = 1 ]; then
  p_ver="$(plink2 --version 2>/dev/null | awk '{ print $2 }')"
  run_p() { # key step label vs args...
    local key="$1" step="$2" label="$3" vs="$4"; shift 4
    log "plink2 $label…"
    timed "$work/$key.log" plink2 "$@"
    if [ "$t_rc" = 0 ]; then
      wall_of[$key]="$t_wall"
      add_row "plink2 $p_ver" "$step" "$t_wall" "$t_cpu" "$t_rss" "$vs" "$label"
      log "  $(fmt "$t_wall" '%.1f') s wall, $t_cpu s CPU"
    else
      add_row "plink2 $p_ver" "$step" "-" "-" "-" "-" "failed (exit $t_rc, see $(rel "$work/$key.log"))"
      log "  failed (exit $t_rc), see $(rel "$work/$key.log")"
    fi
  }
  p_mem=(); [ -z "$p_memory" ] || p_mem=(--memory "$p_memory")
  p_pfile="$work/plink2"; [ "$reuse" = 0 ] || p_pfile="$data/$name.plink2"
  if [ "$reuse" = 1 ] && [ -s "$p_pfile.pgen" ] && [ -s "$p_pfile.pvar" ] && [ -s "$p_pfile.psam" ]; then
    wall_of[p_import]=cached
    add_row "plink2 $p_ver" "import" "-" "-" "-" "-" "cached $(rel "$p_pfile").pgen (--reuse-imports)"
  else
    run_p p_import "import" "--vcf X --set-all-var-ids @:#:\$r:\$a --make-pgen" "$(calc "$records * $samples")" \
      --vcf "$vcf" --set-all-var-ids '@:#:$r:$a' --new-id-max-allele-len 1000 --make-pgen --threads "$cores" \
      "${p_mem[@]}" --out "$p_pfile"
  fi
  if [ -n "${wall_of[p_import]:-}" ]; then
    run_p p_score "score" "--pfile P --score S 1 2 3 header cols=+scoresums,+denom" "$(calc "$k_score * $samples")" \
      --pfile "$p_pfile" --score "$p2s" 1 2 3 header cols=+scoresums,+denom --threads "$cores" "${p_mem[@]}" \
      --out "$work/plink2.score"
  fi
elif [ "$run_plink2" = 1 ]; then
  add_row "plink2" "-" "-" "-" "-" "-" "not installed (apt-get install -y plink2)"
fi

# ---------------------------------------------------------------- 5. Musubi
m_scored=""
if [ "$run_musubi" = 1 ]; then
  musubi_warmup
  if [ "$prep_rc" != 0 ]; then
    add_row "Musubi" "-" "-" "-" "-" "-" "failed: warm-up exit $prep_rc, see $(rel "$work/musubi-prepare.log")"
  else
    # The same untimed warm-up for prs (bin/musubi keeps one class-data archive per job): a 50-variant score on the
    # warm-up table.
    { bgzip -dc "$work/warmup.vcf.gz" || true; } | awk -F'\t' -v OFS='\t' '
      BEGIN { print "#pgs_id=WARMUP\n#genome_build=GRCh38"; print "chr_name", "chr_position", "effect_allele", "other_allele", "effect_weight" }
      !/^#/ && $5 !~ /,/ && n < 50 { c = $1; sub(/^chr/, "", c); print c, $2, $5, $4, 0.01; n++ }' > "$work/warmup.pgs.txt"
    "$root/bin/musubi" prs --table "$work/warmup.mvt" --score "$work/warmup.pgs.txt" --min-overlap 0 --keep-ambiguous \
      --out "$work/warmup.prs" --master "local[$cores]" --overwrite >>"$work/musubi-prepare.log" 2>&1 || true
    m_table="$work/musubi.mvt"; [ "$reuse" = 0 ] || m_table="$data/$name.mvt"
    run_m() { # key step label vs args...
      local key="$1" step="$2" label="$3" vs="$4"; shift 4
      log "Musubi: $label…"
      timed "$work/$key.log" "$root/bin/musubi" "$@" --master "local[$cores]" --overwrite
      if [ "$t_rc" = 0 ]; then
        wall_of[$key]="$t_wall"
        add_row "Musubi" "$step" "$t_wall" "$t_cpu" "$t_rss" "$vs" "$label"
        log "  $(fmt "$t_wall" '%.1f') s wall, $t_cpu s CPU"
      else
        add_row "Musubi" "$step" "-" "-" "-" "-" "failed (exit $t_rc, see $(rel "$work/$key.log"))"
        log "  failed (exit $t_rc), see $(rel "$work/$key.log")"
        tail -n 5 "$work/$key.log" | sed 's/^/    | /' >&2 || true
      fi
    }
    if [ "$reuse" = 1 ] && [ -d "$m_table" ] && [ -z "$(find "$m_table" -name '_temporary' -print -quit)" ] &&
      [ -n "$(ls "$m_table" 2>/dev/null)" ]; then
      wall_of[m_import]=cached
      add_row "Musubi" "import" "-" "-" "-" "-" "cached $(rel "$m_table") (--reuse-imports)"
    else
      run_m m_import "import" "ingest --input X --output T" "$(calc "$records * $samples")" \
        ingest --input "$vcf" --output "$m_table"
    fi
    if [ -n "${wall_of[m_import]:-}" ]; then
      run_m m_score "score" "prs --table T --score S --keep-ambiguous" "$(calc "$k_score * $samples")" \
        prs --table "$m_table" --score "$pgs" --keep-ambiguous --out "$work/musubi.prs"
      m_scored="$(awk '/"variants_scored"/ { gsub(/[^0-9]/, ""); print; exit }' "$work/musubi.prs/summary.json" 2>/dev/null || true)"
      if [ "$warm" = 1 ] && [ -n "${wall_of[m_score]:-}" ]; then
        log "Musubi: starting a warm server…"
        t0="$(now)"; warm_start "$cores"; ws_wall="$(calc "$(now) - $t0")"; trap warm_stop EXIT
        add_row "Musubi" "server start" "$ws_wall" "$(MUSUBI_SERVER=1 server_cpu)" "-" "0" \
          "bin/musubi server start --master local[$cores] (once per session, not per job; with its warm-up unless BENCH_WARM_UP=0)"
        for i in 1 2; do
          MUSUBI_SERVER=1 run_m "m_score_w$i" "score, warm $i" "the same prs on the warm server (its job $i)" \
            "$(calc "$k_score * $samples")" prs --table "$m_table" --score "$pgs" --keep-ambiguous --out "$work/musubi.prs.w$i"
          if ! cmp -s "$work/musubi.prs/PGSBENCH.sscore" "$work/musubi.prs.w$i/PGSBENCH.sscore"; then
            echo "prs.sh: the warm server's PGSBENCH.sscore differs from the cold run's" >&2; exit 1
          fi
        done
        warm_stop
      fi
      if [ "$run_eval" = 1 ]; then
        run_m m_eval "score + evaluation" "prs … --outcome O --covar C (B1 binary, Q1 quantitative)" \
          "$(calc "$k_score * $samples")" \
          prs --table "$m_table" --score "$pgs" --keep-ambiguous --outcome "$pheno" --covar "$covar" --out "$work/musubi.eval"
      fi
    fi
  fi
fi
eval_s=""
if [ -s "$work/musubi.eval/summary.json" ]; then
  eval_s="$(awk '/"evaluation"/ { e = 1 } e && /"seconds"/ { gsub(/[^0-9.]/, ""); print; exit }' "$work/musubi.eval/summary.json")"
fi

# ---------------------------------------------------------------- 6. agreement of the scores (SUM per sample)
agree=""
if [ -s "$work/plink2.score.sscore" ] && [ -s "$work/musubi.prs/PGSBENCH.sscore" ]; then
  agree="$(awk -F'\t' '
    FNR == 1 { for (i = 1; i <= NF; i++) col[FILENAME, $i] = i; next }
    FILENAME == ARGV[1] { s[$col[FILENAME, "#IID"]] = $col[FILENAME, "SCORE1_SUM"]; a[$col[FILENAME, "#IID"]] = $col[FILENAME, "ALLELE_CT"]; n1++; next }
    { id = $col[FILENAME, "#IID"]; if (!(id in s)) { miss++; next }
      m++; d = $col[FILENAME, "PGSBENCH_SUM"] - s[id]; if (d < 0) d = -d; if (d > md) md = d
      r = d / (s[id] < 0 ? -s[id] : s[id]) ; if (s[id] != 0 && r > mr) mr = r
      if ($col[FILENAME, "ALLELE_CT"] != a[id]) ac++ }
    END { printf "%d of %d samples compared (%d not in plink2 output); ALLELE_CT differs in %d; max |dSUM| %.3g (max relative %.3g; plink2 prints 6 significant digits)", m, n1, miss + 0, ac + 0, md, mr }' \
    "$work/plink2.score.sscore" "$work/musubi.prs/PGSBENCH.sscore")"
fi

# ---------------------------------------------------------------- 7. table
ratio_for() { # STEP [MUSUBI_KEY]
  local p="${wall_of[p_$1]:-}" m="${wall_of[m_${2:-$1}]:-}"
  if [ -n "$p" ] && [ -n "$m" ] && [ "$p" != cached ] && [ "$m" != cached ]; then fmt "$(calc "$p / $m")" '%.2fx'; else echo "-"; fi
}
hdr=(tool step "wall s" "CPU s" "variant·samples/s" "per core" "plink2/Musubi" "peak RSS MiB" command)
table_rows=()
for r in "${rows[@]}"; do
  IFS='|' read -r t step w cpu rss vs note <<<"$r"
  if [ "$w" = "-" ]; then
    ws="-"; rate="-"; rpc="-"
  else
    ws="$(fmt "$w" '%.1f')"
    rate="$(fmt "$(calc "$vs / $w")" '%.3g')"
    rpc="$(fmt "$(calc "$vs / $w / $cores")" '%.3g')"
  fi
  key=""; mkey=""
  case "$step" in
    import) key=import ;;
    score) key=score ;;
    "score, warm "*) key=score; mkey="score_w${step##* }" ;;
    "server start") rate="-"; rpc="-" ;;
  esac
  table_rows+=("$t|$step|$ws|$cpu|$rate|$rpc|$( [ -n "$key" ] && ratio_for "$key" $mkey || echo -)|$rss|$note")
done
machine="$(machine_line "$cores")"
summary="cohort $(rel "$vcf"): $samples samples x $records records; score $(rel "$pgs"): $k_score variants${m_scored:+ (Musubi scored $m_scored)}; outcome $(rel "$pheno") (B1 0/1, Q1), 4 covariates"
notes=(
  "variant·samples/s = score variants ($k_score) x $samples samples / wall s (import rows: VCF records x samples); 'per core' divides by $cores."
  "plink2/Musubi = plink2 wall / Musubi wall for the same step (> 1: Musubi faster). Wall times include process start: JVM + Spark start-up (a few seconds) for Musubi; 'score, warm N' rows (--warm) ran in a server started beforehand (its start-up on the 'server start' row): their CPU is the client's plus the server's during the job, their peak RSS the server's since it started."
  "Both mean-impute missing genotypes (0.5% of calls) from the cohort frequency. Musubi writes more: <score>.sscore, scores.parquet, scores.tsv.gz, match_summary.csv, match_log.csv.gz (one row per scoring row), summary.json."
  "score + evaluation: the same scoring plus the evaluation of B1 (AUC/DeLong, OR per SD, top-x%, deciles, calibration) and Q1 with 4 covariates, the HTML report${eval_s:+; the evaluation itself took $(fmt "$eval_s" '%.1f') s (summary.json)}."
)


echo
echo "PRS benchmark, $machine, $(date '+%Y-%m-%d %H:%M')"
echo "$summary"
echo "uptime at start: $uptime_start"
echo "uptime at end:   $(uptime)"
echo
print_console 16 20 8 8 18 10 14 13
echo
[ -z "$agree" ] || echo "agreement (Musubi vs plink2 SUM): $agree"
echo
for n in "${notes[@]}"; do echo "- $n"; done

{
  echo "# PRS benchmark — $(date '+%Y-%m-%d %H:%M')"
  echo
  echo "Command: \`bench/prs.sh${orig_args:+ $orig_args}\` (resolved: --samples $samples --variants $variants --score-variants $score_variants --cores $cores, seeds $seed/$score_seed, heap $heap)"
  echo
  echo "Machine: $machine;"
  echo "plink2: $( [ "$have_plink2" = 1 ] && plink2 --version 2>/dev/null || echo 'not installed')."
  echo
  echo "- uptime at start: $uptime_start; at end: $(uptime). Other work on the machine skews the times."
  echo "- $summary"
  echo
  printf '| %s ' "${hdr[@]}"; echo "|"
  printf '|%s' "---" "---" "--:" "--:" "--:" "--:" "--:" "--:" "---"; echo "|"
  for r in "${table_rows[@]}"; do
    IFS='|' read -r -a f <<<"$r"
    printf '| %s ' "${f[@]}"; echo "|"
  done
  echo
  [ -z "$agree" ] || { echo "Agreement (Musubi vs plink2 SUM): $agree"; echo; }
  echo "Notes"
  echo
  for n in "${notes[@]}"; do echo "- $n"; done
} > "$report"
echo
log "report: $(rel "$report")"
if [ "$keep" = 0 ]; then rm -rf "$work"; fi
