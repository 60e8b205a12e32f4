#!/usr/bin/env bash
# bench/same-outputs.sh A B — are two Musubi output trees (e.g. two demo runs, before and after a change) the same?
#
# Every file is compared byte for byte. Where the bytes differ, the file is compared again with what may
# legitimately differ between two runs masked, and the script says which rule made it equal:
#   - the output roots' absolute paths (and their last names), in every text file: a run's own paths;
#   - JSON keys that hold run times or wall-clock stamps (seconds, seconds_*, *_seconds, createdAt), and the keys a later
#     version may add to summary.json (job, engine_version, release_statement, files_written), and the
#     release_statement line a GWAS-SSF -meta.yaml may gain;
#   - file digests in JSON (an object with "size" and "crc32c": summary.json's file_digests, _table.json's files and
#     variantFiles, the _SUCCESS marker's digest of its manifest): the size and the whole file's and the Parquet
#     footer's CRC are left out, since the file each describes is compared here on its own (a table's column-chunk
#     CRCs stay); their names keep only the part number, as below;
#   - Spark's part-file names (part-NNNNN-<uuid>-c000…): matched by part number; Parquet files are compared by
#     content (schema, key-value metadata with paths masked, every row) through bench/src/compare/ParquetDump.java;
#   - gzip files are compared decompressed.
# Anything else that differs is listed as DIFFERENT and the script exits 1.
# Needs the jobs jar's class path (jobs/target/local-classpath.txt; `mvn -q -DskipTests package` builds it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -eq 2 ] || { echo "usage: bench/same-outputs.sh A B" >&2; exit 2; }
a="$(cd "$1" && pwd)"; b="$(cd "$2" && pwd)"
cp_file="$here/jobs/target/local-classpath.txt"
[ -f "$cp_file" ] || { echo "same-outputs: $cp_file missing: run 'mvn -q -DskipTests package' first" >&2; exit 2; }
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT

# Files relative to a root, with Spark's part UUIDs folded so that the two trees line up.
norm() { sed -E 's/(part-[0-9]+)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/\1/'; }
list() { (cd "$1" && find . -type f ! -name '.*.crc' ! -name '*.crc' | sort) ; }
list "$a" | while read -r f; do echo "$(echo "$f" | norm)	$f"; done | sort > "$tmp/a"
list "$b" | while read -r f; do echo "$(echo "$f" | norm)	$f"; done | sort > "$tmp/b"
join -t $'\t' -v1 "$tmp/a" "$tmp/b" | cut -f1 | sed 's/^/ONLY IN A  /' > "$tmp/report"
join -t $'\t' -v2 "$tmp/a" "$tmp/b" | cut -f1 | sed 's/^/ONLY IN B  /' >> "$tmp/report"
join -t $'\t' "$tmp/a" "$tmp/b" > "$tmp/pairs"

mask_text() { # FILE ROOT: prints FILE with ROOT and its last name replaced, without a release_statement line
  sed -e "s#$2#<OUT>#g" -e "s#$(basename "$2")#<OUT>#g" -e '/^release_statement: /d' "$1"
}
mask_json() { # FILE ROOT
  mask_text "$1" "$2" | python3 -c '
import json, re, sys
VOLATILE = ("seconds", "createdAt", "job", "engine_version", "release_statement", "files_written")
PART = re.compile(r"(part-[0-9]+)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
def volatile(k, digest):
    return k in VOLATILE or k.startswith("seconds_") or k.endswith("_seconds") or (digest and k in ("size", "crc32c", "tailCrc32c"))
def clean(x):
    if isinstance(x, dict):
        digest = "size" in x and "crc32c" in x
        return {PART.sub(r"\1", k): clean(v) for k, v in x.items() if not volatile(k, digest)}
    if isinstance(x, list):
        return [clean(v) for v in x]
    if isinstance(x, str):
        return PART.sub(r"\1", x)
    return x
print(json.dumps(clean(json.load(sys.stdin)), indent=1, sort_keys=True))'
}
# Parquet files whose bytes differ are dumped as text in one JVM per tree (ParquetDump, compiled once).
n=0
while IFS=$'\t' read -r key fa fb; do
  n=$((n + 1))
  case "$key" in *.parquet) cmp -s "$a/$fa" "$b/$fb" || {
    printf '%s\t%s\n' "$a/$fa" "$tmp/dump-a-$n" >> "$tmp/list-a"
    printf '%s\t%s\n' "$b/$fb" "$tmp/dump-b-$n" >> "$tmp/list-b"; } ;;
  esac
done < "$tmp/pairs"
if [ -s "$tmp/list-a" ]; then
  cp="$(cat "$cp_file")"
  mkdir -p "$tmp/classes"
  javac -nowarn -d "$tmp/classes" -cp "$cp" "$here/bench/src/compare/ParquetDump.java"
  java -cp "$tmp/classes:$cp" ParquetDump "$tmp/list-a" "$a=<OUT>" "$(basename "$a")=<OUT>" 2>/dev/null
  java -cp "$tmp/classes:$cp" ParquetDump "$tmp/list-b" "$b=<OUT>" "$(basename "$b")=<OUT>" 2>/dev/null
fi

same=0; masked=0; different=0; n=0
while IFS=$'\t' read -r key fa fb; do
  n=$((n + 1))
  pa="$a/$fa"; pb="$b/$fb"
  if cmp -s "$pa" "$pb"; then same=$((same + 1)); continue; fi
  how=""
  case "$key" in
    *.json) cmp -s <(mask_json "$pa" "$a") <(mask_json "$pb" "$b") && how="json (paths, times, added keys, digests masked)" ;;
    */_SUCCESS) cmp -s <(mask_json "$pa" "$a") <(mask_json "$pb" "$b") && how="_SUCCESS (its manifest's digest masked)" ;;
    *.parquet) [ -s "$tmp/dump-a-$n" ] && cmp -s "$tmp/dump-a-$n" "$tmp/dump-b-$n" && how="parquet content (schema, metadata, rows)" ;;
    *.gz|*.bgz) cmp -s <(gzip -dc "$pa" | sed -e "s#$a#<OUT>#g") <(gzip -dc "$pb" | sed -e "s#$b#<OUT>#g") && how="decompressed, paths masked" ;;
    *) if LC_ALL=C grep -qI . "$pa"; then cmp -s <(mask_text "$pa" "$a") <(mask_text "$pb" "$b") && how="text, paths masked"; fi ;;
  esac
  if [ -n "$how" ]; then masked=$((masked + 1)); echo "EQUAL AS    $key  ($how)" >> "$tmp/report"
  else different=$((different + 1)); echo "DIFFERENT   $key" >> "$tmp/report"; fi
done < "$tmp/pairs"
sort "$tmp/report" | grep -v '^EQUAL AS' || true
grep -c '^EQUAL AS' "$tmp/report" >/dev/null && grep '^EQUAL AS' "$tmp/report" | sed -E 's/^EQUAL AS +[^ ]+ +//' | sort | uniq -c | sed 's/^/equal after masking: /'
only=$(grep -c '^ONLY IN' "$tmp/report" || true)
echo "same-outputs: $same identical, $masked equal after masking, $different different, $only in one tree only"
[ "$different" = 0 ] && [ "$only" = 0 ]
