# bench/lib.sh — shared preamble of the benchmark scripts (sourced, not run): paths, logging, timing, tool checks,
# the bench helpers' build and the cached synthetic VCF.gz (the same file bench/ingest.sh and bench/gwas.sh make).
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"; bench_init freq     # sets bench root out data work stamp report
#
# Functions: log now calc fmt rel loadavg timed (sets t_wall t_cpu t_rss t_rc) need_core_tools build_helpers
# synth_vcf (sets name vcf stats gen_note) stat_of machine_line print_console same_table warm_start warm_stop.

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$bench/.." && pwd)"

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.9g\", $* }"; }
fmt() { awk -v x="$1" -v f="$2" 'BEGIN { printf f, x }'; }
rel() { local p="$1"; echo "${p#"$root"/}"; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a; }

# bench_init NAME [WORK]: output folders (bench/out/data is the shared input cache; bench/out/WORK, by default
# work-NAME, is emptied) and the report's path bench/out/NAME-<date>.md.
bench_init() {
  export MUSUBI_SERVER=0 # jobs in their own JVMs, even where a server runs (see warm_start)
  out="$bench/out"
  data="$out/data"
  work="$out/${2:-work-$1}"
  mkdir -p "$data"
  rm -rf "$work"
  mkdir -p "$work"
  stamp="$(date +%Y-%m-%dT%H%M%S)"
  report="$out/$1-$stamp.md"
  load_start="$(loadavg)"
  timebin=""
  if [ -x /usr/bin/time ] && /usr/bin/time -f '%M' -o /dev/null true 2>/dev/null; then timebin=/usr/bin/time; fi
  [ -n "$timebin" ] || log "GNU time not found (apt-get install -y time): CPU time and peak RSS will be n/a"
}

# need_core_tools SCRIPT: java, mvn, bgzip and tabix, or stop saying what to install.
need_core_tools() {
  command -v java >/dev/null || { echo "$1: java (17) not found" >&2; exit 1; }
  command -v mvn >/dev/null || { echo "$1: mvn (Maven) not found" >&2; exit 1; }
  if ! command -v bgzip >/dev/null || ! command -v tabix >/dev/null; then
    echo "$1: bgzip/tabix not found; install them: apt-get install -y tabix" >&2; exit 1
  fi
}

# timed LOG CMD...: runs CMD with its output in LOG; sets t_wall (s), t_cpu (user+sys s or n/a), t_rss (MiB or
# n/a) and t_rc.
timed() {
  local logf="$1"; shift
  local tf="$work/.time.$$" t0 t1 s0
  s0="$(server_cpu)"
  t0="$(now)"
  set +e
  if [ -n "$timebin" ]; then
    "$timebin" -f '%U %S %M' -o "$tf" "$@" >"$logf" 2>&1
  else
    "$@" >"$logf" 2>&1
  fi
  t_rc=$?
  set -e
  t1="$(now)"
  t_wall="$(calc "$t1 - $t0")"
  t_cpu="n/a"; t_rss="n/a"
  if [ -n "$timebin" ] && [ -s "$tf" ]; then
    t_cpu="$(tail -n 1 "$tf" | awk -v s="$(server_cpu_since "$s0")" '{ printf "%.1f", $1 + $2 + s }')"
    t_rss="$(tail -n 1 "$tf" | awk '{ printf "%.0f", $3 / 1024 }')"
    [ -z "$s0" ] || t_rss="$(awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$warm_pid/status")"
  fi
  rm -f "$tf"
}

# A warm server for a bench's jobs (`bin/musubi server start`; its socket in the work folder, so a user's own server
# is never used). bench_init sets MUSUBI_SERVER=0: every job runs in its own JVM unless the bench asks for the server
# (MUSUBI_SERVER=1 on the command). warm_start CORES starts it and sets warm_pid; while it is set, `timed` adds the
# server's CPU seconds during a command with MUSUBI_SERVER=1 to the command's own, and reports the server's peak RSS
# (since it started) as the command's. warm_stop ends it. The server warms up once it is ready (a small demo, so that
# the JIT has compiled the jobs' code; the first job would end it): warm_start waits for the warm-up to end, so that
# its time and CPU count in the server's start, not in a job. BENCH_WARM_UP=0: a server without it (--no-warm-up).
warm_pid=""
warm_start() {
  export MUSUBI_RUN_DIR="$work/run"
  local wu=()
  [ "${BENCH_WARM_UP:-1}" != 0 ] || wu=(--no-warm-up)
  if ! MUSUBI_SERVER=1 "$root/bin/musubi" server start --master "local[$1]" --idle-minutes 0 "${wu[@]}" \
    >"$work/server-start.log" 2>&1; then
    cat "$work/server-start.log" >&2; exit 1
  fi
  warm_pid="$(sed -n 's/.*(pid \([0-9]*\),.*/\1/p' "$work/server-start.log")"
  [ -n "$warm_pid" ] || { echo "no server pid in $work/server-start.log" >&2; exit 1; }
  [ "${BENCH_WARM_UP:-1}" != 0 ] || return 0
  local i slog
  slog="$(sed -n 's/.*, log \([^)]*\)).*/\1/p' "$work/server-start.log")"
  for ((i = 0; i < 1200; i++)); do
    grep -q 'server: warm-up' "$slog" 2>/dev/null && return 0 # "warm-up done in …" or "ended early (…)"
    sleep 0.5
  done
  echo "the server's warm-up did not end within 10 min ($work/server-start.log)" >&2; exit 1
}
warm_stop() {
  [ -z "$warm_pid" ] || MUSUBI_SERVER=1 "$root/bin/musubi" server stop >/dev/null 2>&1 || true
  warm_pid=""
}
# server_cpu: the server's CPU seconds so far (user + system, its reaped child processes' included, as GNU time counts a
# run on its own), or nothing when no command goes to it.
server_cpu() {
  [ -n "$warm_pid" ] && [ "${MUSUBI_SERVER:-1}" != 0 ] || return 0
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13 + $14 + $15) / hz }' "/proc/$warm_pid/stat"
}
server_cpu_since() { if [ -n "$1" ]; then calc "$(server_cpu) - $1"; else echo 0; fi; }

# same_table A B: whether two Musubi tables hold the same rows, checked column chunk by column chunk: the same
# variant and sample counts and the same variant files with the same CRC32C of every column chunk (_table.json's
# variantFiles; whole-file CRCs may differ by parquet-mr's run-to-run order of a footer's encoding lists). Needs jq.
same_table() {
  command -v jq >/dev/null || { echo "same_table: jq not found (apt-get install -y jq): cannot compare tables" >&2; exit 1; }
  local f='[.variantCount, .sampleCount, (.variantFiles | map_values(.chunkCrc32c))]' a b
  a="$(jq -cS "$f" "$1/_table.json")" && b="$(jq -cS "$f" "$2/_table.json")" || return 1
  [ -n "$a" ] && [ "$a" = "$b" ]
}

# step KEY LABEL CMD...: runs CMD through `timed` (its output in $work/KEY.log), logs its wall, CPU and peak RSS and
# keeps them in wall_of/cpu_of/rss_of[KEY]; a failing CMD stops the script with the log's last lines (qc.sh, wgr.sh).
declare -A wall_of cpu_of rss_of
step() { # key label cmd...
  local key="$1" label="$2"; shift 2
  log "$label…"
  timed "$work/$key.log" "$@"
  if [ "$t_rc" != 0 ]; then
    log "  failed (exit $t_rc), see $(rel "$work/$key.log")"; tail -n 5 "$work/$key.log" >&2; exit 1
  fi
  wall_of[$key]="$t_wall"; cpu_of[$key]="$t_cpu"; rss_of[$key]="$t_rss"
  log "  $(fmt "$t_wall" '%.1f') s wall, $t_cpu s CPU, $t_rss MiB"
}

# java17_flags: the JVM flags Spark 3.5 needs on Java 17 (../shared/DEPS.md), for bench helpers run with java itself
# (ADAM as a peer, ADAM stores); bin/musubi keeps its own copy.
java17_flags=(-XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false)

# build_helpers [classpath]: the bench helpers' jar (the synthetic VCF generator), rebuilt only when its sources
# change; sets jar. With "classpath" also their dependencies' classpath (ADAM, for bench/ingest.sh): sets bench_cp.
build_helpers() {
  jar="$bench/target/musubi-bench-0.1.0-SNAPSHOT.jar"
  if [ "${1:-}" = classpath ]; then
    local cpfile="$bench/target/classpath.txt" t0
    if [ ! -f "$jar" ] || [ ! -f "$cpfile" ] || [ -n "$(find "$bench/pom.xml" "$bench/src" -newer "$jar" -type f 2>/dev/null | head -n 1)" ]; then
      log "building bench helpers (mvn -f bench/pom.xml package)…"
      t0="$(now)"
      mvn -B -q -f "$bench/pom.xml" package dependency:build-classpath -Dmdep.outputFile="$cpfile" >&2
      log "  built in $(fmt "$(calc "$(now) - $t0")" '%.1f') s"
    fi
    bench_cp="$jar:$(cat "$cpfile")"
  elif [ ! -f "$jar" ] || [ -n "$(find "$bench/pom.xml" "$bench/src" -newer "$jar" -type f 2>/dev/null | head -n 1)" ]; then
    log "building bench helpers (mvn -f bench/pom.xml package)…"
    mvn -B -q -f "$bench/pom.xml" package -DskipTests >&2
  fi
}

# synth_vcf SAMPLES VARIANTS SEED CORES [REGEN]: the deterministic synthetic VCF.gz (+ .tbi, .stats), cached. Sets
# name (synth-n…-m…-s…), vcf, stats, and gen_note (how long generation and indexing took, or "cached …").
synth_vcf() {
  local n="$1" m="$2" seed="$3" cores="$4" regen="${5:-0}" t0 gen_wall idx_wall
  name="synth-n${n}-m${m}-s${seed}"
  vcf="$data/$name.vcf.gz"
  stats="$data/$name.stats"
  gen_note="cached (delete it or pass --regen to time generation)"
  if [ "$regen" = 1 ] || [ ! -s "$vcf" ] || [ ! -s "$stats" ] || [ ! -s "$vcf.tbi" ]; then
    log "generating $(rel "$vcf"): $n samples x $m variants…"
    rm -f "$vcf" "$vcf.tbi" "$stats"
    t0="$(now)"
    java -Xmx1g -cp "$jar" org.musubi.bench.SyntheticVcf --samples "$n" --variants "$m" --seed "$seed" \
        --stats "$stats.tmp" | bgzip -@ "$cores" -c > "$vcf.tmp"
    mv "$vcf.tmp" "$vcf"; mv "$stats.tmp" "$stats"
    gen_wall="$(calc "$(now) - $t0")"
    t0="$(now)"
    tabix -f -p vcf "$vcf"
    idx_wall="$(calc "$(now) - $t0")"
    gen_note="generated in $(fmt "$gen_wall" '%.1f') s ($(fmt "$(calc "$n * $m / $gen_wall")" '%.3g') genotypes/s, generator | bgzip -@ $cores), tabix index $(fmt "$idx_wall" '%.1f') s"
    log "  $gen_note"
  else
    log "using cached $(rel "$vcf")"
  fi
}

stat_of() { awk -F= -v k="$1" '$1 == k { print $2 }' "$stats"; }

# machine_line CORES: one line describing the machine.
machine_line() {
  local cpu mem
  cpu="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown)"
  mem="$(awk '/^MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo 2>/dev/null || echo '?')"
  echo "$1 cores used of $(nproc) ($cpu), $mem GiB RAM; $(java -version 2>&1 | head -n 1); Spark 3.5 (local[$1])"
}

# print_console WIDTH...: the caller's table (arrays hdr and table_rows, fields of a row joined by '|') as padded
# columns of these widths, the field after the last width unpadded.
print_console() {
  local widths=("$@") i line r f
  local last=${#widths[@]}
  line=""
  for i in "${!widths[@]}"; do line+="$(printf "%-${widths[$i]}s " "${hdr[$i]}")"; done
  echo "$line${hdr[$last]}"
  for r in "${table_rows[@]}"; do
    IFS='|' read -r -a f <<<"$r"
    line=""
    for i in "${!widths[@]}"; do line+="$(printf "%-${widths[$i]}s " "${f[$i]}")"; done
    echo "$line${f[$last]}"
  done
}

# positive_ints SCRIPT VAR...: exits 2 with a message naming the option unless each variable is a positive integer.
# shared_opt SCRIPT "NAMES" ARG [VALUE]: the options the bench scripts parse alike (--samples, --variants, --cores,
# --seed, --heap; NAMES lists the ones this script takes) set the variable of the same name and return 0 (the caller
# shifts 2); any other argument returns 1 for the script's own case.
shared_opt() {
  local script="$1" names=" $2 " arg="$3"
  case "$arg" in --*) ;; *) return 1 ;; esac
  case "$names" in *" ${arg#--} "*) ;; *) return 1 ;; esac
  [ $# -ge 4 ] || { echo "$script: $arg needs a value" >&2; exit 2; }
  printf -v "${arg#--}" '%s' "$4"
}

positive_ints() {
  local script="$1" v
  shift
  for v in "$@"; do
    if ! [[ "${!v}" =~ ^[0-9]+$ ]] || [ "${!v}" -lt 1 ]; then
      echo "$script: --${v//_/-} must be a positive integer, got '${!v}'" >&2; exit 2
    fi
  done
}

# musubi_warmup: MUSUBI_JAVA_OPTS defaults to -Xmx$heap; an untimed ingest of a tiny VCF builds the jobs jar if
# missing and records the class-data archive (a first run after a build writes it at exit, which would slow the
# first timed run). Sets prep_rc (its exit status); the log is $work/musubi-prepare.log.
musubi_warmup() {
  if [ -z "${MUSUBI_JAVA_OPTS:-}" ]; then export MUSUBI_JAVA_OPTS="-Xmx$heap"; fi
  log "Musubi: preparing bin/musubi (builds the jobs jar if missing; an untimed warm-up ingest dumps the"
  log "  class-data archive after a build)…"
  java -Xmx256m -cp "$jar" org.musubi.bench.SyntheticVcf --samples 20 --variants 200 --seed 1 2>/dev/null \
    | bgzip -c > "$work/warmup.vcf.gz"
  set +e
  "$root/bin/musubi" ingest --input "$work/warmup.vcf.gz" --output "$work/warmup.mvt" --master "local[$cores]" \
    --overwrite >"$work/musubi-prepare.log" 2>&1
  prep_rc=$?
  set -e
}
