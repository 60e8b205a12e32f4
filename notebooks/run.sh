#!/usr/bin/env bash
# notebooks/run.sh NOTEBOOK.jsh DEMO_DIR   — runs a jshell notebook headless against a demo output directory
# notebooks/run.sh --interactive DEMO_DIR  — opens jshell with Musubi and Spark on the class path
# Uses the jobs jar and the local Spark class path (built on first use, as bin/musubi does).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/jobs/target/musubi-jobs.jar"
cp_file="$here/jobs/target/local-classpath.txt"
if [ ! -f "$jar" ] || [ ! -f "$cp_file" ]; then
  echo "notebooks/run.sh: building the jobs jar once (mvn -q -DskipTests package)…" >&2
  (cd "$here" && mvn -B -q -DskipTests -Dspotless.check.skip=true package >&2)
fi
[ $# -eq 2 ] || { echo "usage: notebooks/run.sh NOTEBOOK.jsh|--interactive DEMO_DIR" >&2; exit 1; }
notebook="$1"; demo="$2"
[ -d "$demo" ] || { echo "notebooks/run.sh: $demo: no such directory; run 'bin/musubi demo --out $demo' first" >&2; exit 1; }
# The Java 17 flags Spark needs (as bin/musubi), for jshell's execution JVM (-R).
flags=()
for f in -XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED \
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED \
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED \
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED \
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED \
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED \
  -Djdk.reflect.useDirectMethodHandle=false -Xmx2g "-Dmusubi.demo=$demo" \
  "-Dlog4j2.configurationFile=$here/conf/log4j2.properties"; do
  flags+=("-R$f")
done
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
cp="$jar:$(cat "$cp_file")"
if [ "$notebook" = --interactive ]; then
  exec jshell --class-path "$cp" "${flags[@]}"
fi
exec jshell -q --class-path "$cp" "${flags[@]}" "$notebook"
