#!/usr/bin/env bash
# bench/qc.sh — QC benchmark: Musubi's qc steps (sample, variant, prune, king, pca) against plink2 --missing, --het,
# --indep-pairwise, --make-king-table and --pca approx on the same simulated cohort (bin/musubi simulate --format both: the table Musubi reads, the VCF
# plink2 imports once, untimed in the ratios), the same number of cores, in one run.
#
#   bench/qc.sh [--samples N] [--variants M] [--cores C] [--related-fraction F]      (see --help)
#
# Prints a table (also written as Markdown to bench/out/qc-<date>.md) with Musubi/plink2 wall-time and CPU-time ratios
# per step, and checks that the two agree on the .smiss, .het, .prune.in/.prune.out, .kin0 (pairs and NSNP) and the
# top PCs (|corr| per PC; both PCAs on all samples over plink2's .prune.in with MAF >= 0.01).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"

samples=20000
variants=20000
cores="$(nproc)"
related=0.2
seed=20260101
heap=8g
plink_mem=8000
pca=1
kingf=0.0442
warm=0

usage() {
  cat <<'USAGE'
usage: bench/qc.sh [--samples N] [--variants M] [--cores C] [--related-fraction F] [--seed S] [--heap SIZE]
                   [--plink-memory MB] [--king-table-filter F] [--no-pca] [--warm]

  --samples N            samples of the simulated bank (default 20000)
  --variants M           variants on 21, 22 and X (default 20000)
  --cores C              plink2 --threads C, Spark local[C] (default: nproc)
  --related-fraction F   share of samples in trios/sib pairs (default 0.2)
  --no-pca               leave out the PCA steps
  --king-table-filter F  both tools' --king-table-filter (default 0.0442; 0.177 keeps the .kin0 small)
  --heap SIZE            Musubi's JVM heap unless MUSUBI_JAVA_OPTS is set (default 8g)
  --plink-memory MB      plink2 --memory (default 8000)
  --warm                 also run Musubi's steps through a warm server (bin/musubi server start, once, after the
                         runs on their own); their outputs are checked against those runs'

Needs: Java 17, Maven, plink2 (apt-get install -y plink2), GNU time for CPU/RSS (apt-get install -y time).
USAGE
}

while [ $# -gt 0 ]; do
  if shared_opt qc.sh "samples variants cores seed heap" "$@"; then shift 2; continue; fi
  case "$1" in
    --related-fraction) related="$2"; shift 2 ;;
    --plink-memory) plink_mem="$2"; shift 2 ;;
    --no-pca) pca=0; shift ;;
    --warm) warm=1; shift ;;
    --king-table-filter) kingf="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "qc.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
positive_ints qc.sh samples variants cores seed plink_mem
command -v plink2 >/dev/null || { echo "qc.sh: plink2 not found (apt-get install -y plink2)" >&2; exit 1; }
bench_init qc
if [ -z "${MUSUBI_JAVA_OPTS:-}" ]; then export MUSUBI_JAVA_OPTS="-Xmx$heap"; fi

sim="$data/qc-sim-$samples-$variants-$seed-$related"
if [ ! -f "$sim/_SUCCESS" ]; then
  step simulate "simulate $samples samples x $variants variants (cached in $(rel "$sim"))" \
    "$root/bin/musubi" simulate --banks 1 --samples "$samples" --variants "$variants" --seed "$seed" \
    --related-fraction "$related" --format both --out "$sim" --overwrite --master "local[$cores]"
fi
table="$sim/bankA/cohort.mvt"
vcf="$sim/bankA/cohort.vcf.gz"

step p_import "plink2 --vcf --make-pgen (not compared)" plink2 --vcf "$vcf" --make-pgen --threads "$cores" --memory "$plink_mem" --out "$work/p"
# the manifest's pedigree and sex, as Musubi's table has them (founders-only frequencies, FID columns)
awk -F'\t' 'NR==1{print "#FID\tIID\tPAT\tMAT\tSEX"; next} {print $5"\t"$1"\t"$6"\t"$7"\t"($2=="XY"?1:($2=="XX"?2:0))}' \
  "$sim/bankA/samples.tsv" > "$work/p.psam"
step p_missing "plink2 --missing" plink2 --pfile "$work/p" --missing --threads "$cores" --memory "$plink_mem" --out "$work/p"
step p_het "plink2 --het" plink2 --pfile "$work/p" --het --threads "$cores" --memory "$plink_mem" --out "$work/p"
# LD pruning: autosomes, founders, every variant (no MAF filter, no long-range LD regions), as Musubi below
step p_prune "plink2 --indep-pairwise 1000kb 1 0.1" plink2 --pfile "$work/p" --autosome \
  --indep-pairwise 1000kb 1 0.1 --threads "$cores" --memory "$plink_mem" --out "$work/p"
step p_king "plink2 --make-king-table (filter $kingf)" plink2 --pfile "$work/p" --make-king-table --king-table-filter "$kingf" \
  --threads "$cores" --memory "$plink_mem" --out "$work/p"
if [ "$pca" = 1 ]; then
  step p_pca "plink2 --pca approx 10 (pruned, MAF >= 0.01)" plink2 --pfile "$work/p" --extract "$work/p.prune.in" \
    --maf 0.01 --pca approx 10 --threads "$cores" --memory "$plink_mem" --out "$work/p"
fi

m=("$root/bin/musubi" qc --table "$table" --master "local[$cores]" --overwrite --sample-min-call-rate 0 --het-sd 0
  --variant-min-call-rate 0 --hwe 0)
step m_sample "Musubi qc --steps sample (missing, het, sex check)" "${m[@]}" --steps sample --out "$work/m.sample"
step m_variant "Musubi qc --steps variant (vmiss, HWE, MAF)" "${m[@]}" --steps variant --out "$work/m.variant"
step m_prune "Musubi qc --steps prune (1000kb 1 0.1)" "${m[@]}" --steps prune --prune-window 1000kb \
  --prune-step 1 --prune-r2 0.1 --prune-maf 0 --no-long-range-ld --out "$work/m.prune"
step m_king "Musubi qc --steps king" "${m[@]}" --steps king --king-table-filter "$kingf" --out "$work/m.king"
if [ "$pca" = 1 ]; then
  step m_pca "Musubi qc --steps pca --pca-mode approx (pruned, MAF >= 0.01)" "${m[@]}" --steps pca --pca-mode approx \
    --pca 10 --pca-variants "$work/p.prune.in" --out "$work/m.pca"
fi

warm_diff=""
if [ "$warm" = 1 ]; then
  log "starting a warm server…"
  t0="$(now)"; warm_start "$cores"; ws_wall="$(calc "$(now) - $t0")"; ws_cpu="$(MUSUBI_SERVER=1 server_cpu)"
  trap warm_stop EXIT
  # the same steps, the same arguments, outputs in w.<step>; each compared with the run on its own
  w_steps=("sample|qc.smiss qc.het" "variant|qc.vmiss keep.variants.txt" "prune|prune.in prune.out" "king|king.kin0")
  [ "$pca" = 0 ] || w_steps+=("pca|pca.eigenval pca.eigenvec")
  for ws in "${w_steps[@]}"; do
    st="${ws%%|*}"; files="${ws#*|}"
    extra=()
    case "$st" in
      prune) extra=(--prune-window 1000kb --prune-step 1 --prune-r2 0.1 --prune-maf 0 --no-long-range-ld) ;;
      king) extra=(--king-table-filter "$kingf") ;;
      pca) extra=(--pca-mode approx --pca 10 --pca-variants "$work/p.prune.in") ;;
    esac
    MUSUBI_SERVER=1 step "w_$st" "Musubi qc --steps $st on the warm server" "${m[@]}" --steps "$st" "${extra[@]}" \
      --out "$work/w.$st"
    for f in $files; do cmp -s "$work/m.$st/$f" "$work/w.$st/$f" || warm_diff+=" $st/$f"; done
  done
  warm_stop
fi

smiss_diff="$(diff "$work/p.smiss" "$work/m.sample/qc.smiss" | grep -c '^>' || true)"
het_diff="$(diff "$work/p.het" "$work/m.sample/qc.het" | grep -c '^>' || true)"
prune_diff="$( (diff "$work/p.prune.in" "$work/m.prune/prune.in"; diff "$work/p.prune.out" "$work/m.prune/prune.out") \
  | grep -c '^[<>]' || true)"
kin_p="$(tail -n +2 "$work/p.kin0" | wc -l)"
kin_m="$(tail -n +2 "$work/m.king/king.kin0" | wc -l)"
kin_diff="$(diff <(tail -n +2 "$work/p.kin0" | cut -f1-5 | sort) <(tail -n +2 "$work/m.king/king.kin0" | cut -f1-5 | sort) | grep -c '^[<>]' || true)"

pca_corr="n/a"
if [ "$pca" = 1 ]; then
  # |corr| of PC1..PC4 between the two .eigenvec files, joined by IID (sign is arbitrary)
  pca_corr="$(awk -F'\t' 'FNR == 1 { for (i = 1; i <= NF; i++) if ($i == "IID") id = i; next }
    NR == FNR { for (c = 1; c <= 4; c++) a[$id, c] = $(id + c); next }
    ($id, 1) in a { n++; for (c = 1; c <= 4; c++) { x = a[$id, c]; y = $(id + c); sx[c] += x; sy[c] += y
      sxx[c] += x * x; syy[c] += y * y; sxy[c] += x * y } }
    END { for (c = 1; c <= 4; c++) { r = (sxy[c] - sx[c] * sy[c] / n) / sqrt((sxx[c] - sx[c]^2 / n) * (syy[c] - sy[c]^2 / n))
      printf "%sPC%d %.4f", (c > 1 ? ", " : ""), c, (r < 0 ? -r : r) } }' "$work/p.eigenvec" "$work/m.pca/pca.eigenvec")"
fi

# row LABEL "PLINK2 KEYS" MUSUBI_KEY: wall and CPU of plink2's steps (summed) against Musubi's step
row() {
  local label="$1" pk="$2" mk="$3" pw=0 pc=0 k
  for k in $pk; do pw="$(calc "$pw + ${wall_of[$k]}")"; pc="$(calc "$pc + ${cpu_of[$k]}")"; done
  local line="| $label | $(fmt "$pw" '%.1f') | $(fmt "${wall_of[$mk]}" '%.1f') | $(fmt "$(calc "${wall_of[$mk]} / $pw")" '%.2fx') | $pc | ${cpu_of[$mk]} | $(fmt "$(calc "${cpu_of[$mk]} / ($pc > 0 ? $pc : 0.05)")" '%.2fx') | ${rss_of[$mk]} |"
  local wk="w_${mk#m_}"
  if [ "$warm" = 1 ]; then
    line+=" $(fmt "${wall_of[$wk]}" '%.1f') | ${cpu_of[$wk]} | $(fmt "$(calc "${wall_of[$wk]} / $pw")" '%.2fx') | $(fmt "$(calc "${cpu_of[$wk]} / ($pc > 0 ? $pc : 0.05)")" '%.2fx') |"
  fi
  echo "$line"
}
{
  echo "# QC benchmark, $(machine_line "$cores"), $(date '+%Y-%m-%d %H:%M')"
  echo
  echo "Cohort: bin/musubi simulate, $samples samples x $variants variants (21, 22, X), related fraction $related, seed $seed; KING --king-table-filter $kingf."
  echo "Load average at start: $load_start; at end: $(loadavg) (other work on the machine skews the wall times; CPU"
  echo "seconds are user+sys of the whole process, JVM and Spark start-up included)."
  echo
  if [ "$warm" = 1 ]; then
    echo "| step | plink2 wall s | Musubi wall s | wall ratio | plink2 CPU s | Musubi CPU s | CPU ratio | Musubi peak RSS MiB | warm wall s | warm CPU s | warm wall ratio | warm CPU ratio |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  else
    echo "| step | plink2 wall s | Musubi wall s | wall ratio | plink2 CPU s | Musubi CPU s | CPU ratio | Musubi peak RSS MiB |"
    echo "|---|---|---|---|---|---|---|---|"
  fi
  row "missing (.smiss/.vmiss) + het (+ sex check)" "p_missing p_het" m_sample
  row "variant QC (Musubi) vs --missing (plink2)" p_missing m_variant
  row "LD pruning (1000kb 1 0.1)" p_prune m_prune
  row "KING table" p_king m_king
  if [ "$pca" = 1 ]; then row "PCA approx, 10 PCs (pruned, MAF >= 0.01)" p_pca m_pca; fi
  echo
  echo "plink2 --vcf import (not in the ratios): $(fmt "${wall_of[p_import]}" '%.1f') s. Every Musubi run on its own includes JVM + Spark start-up."
  if [ "$warm" = 1 ]; then
    echo "Warm: the steps through \`bin/musubi server start --master local[$cores]\` (started once after the runs on their own: $(fmt "$ws_wall" '%.1f') s wall, $ws_cpu CPU s, not in the ratios); a warm step's CPU is the client's plus the server's during it. Outputs differing from the runs on their own:${warm_diff:- none}."
  fi
  echo "Agreement: .smiss rows differing $smiss_diff; .het rows differing $het_diff; .prune.in/.prune.out lines differing $prune_diff (of $(cat "$work/p.prune.in" "$work/p.prune.out" | wc -l)); .kin0 pairs plink2 $kin_p, Musubi $kin_m, rows differing in IDs/NSNP $kin_diff; PCA |corr| $pca_corr."
} | tee "$report"
