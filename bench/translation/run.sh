#!/bin/sh
# Translation benchmark: Apertium eng-spa through the node's pipeline pool (cold start, latency one at
# a time, concurrent throughput) against a process per request. One command, from anywhere:
#   bench/translation/run.sh [PIPELINES [CALLERS]]      (needs apt-get install apertium-eng-spa; ~1 minute)
# Writes bench/results/translation-<date>.md (LMAAS_BENCH_QUICK=1: 1 pipeline, 2 callers, written to bench/work/ only).
# In process: the node link (mTLS) is not involved. Not a test: nothing here passes or fails on a number.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
work="$root/bench/work/translation"
mkdir -p "$work/classes" bench/results
java_home=$(.mvn/find-jdk)
server=inference-node/server

echo "== compiling the node (through the reactor, nothing installed)"
./mvnw -B -q compile dependency:build-classpath -pl "$server" -am -Dmdep.outputFile="$work/classpath.txt"
cp="$server/target/classes:$(cat "$work/classpath.txt")"
# Same package as the pool, compiled onto the class path (not source-launched), so it may use package-private classes.
"$java_home/bin/javac" -d "$work/classes" -cp "$cp" bench/translation/TranslationBench.java
out="bench/results/translation-$(date -u +%Y-%m-%d).md"
pipelines=${1:-2} callers=${2:-8}
if [ "${LMAAS_BENCH_QUICK:-0}" = 1 ]; then out="$work/translation-quick.md"; pipelines=${1:-1} callers=${2:-2}; fi
{
  echo "# Translation: Apertium eng-spa through the node's pipeline pool"
  echo
  echo "Machine: $(nproc) cores, $(uname -sr); $(apertium -V 2>/dev/null || echo apertium); $(date -u +%Y-%m-%dT%H:%MZ); commit $(git rev-parse --short HEAD)."
  echo "In process (no HTTP), the pool as the node runs it: texts in Apertium's stream format, one NUL-terminated text per pipeline at a time."
  echo
  "$java_home/bin/java" -cp "$work/classes:$cp" dev.lmaas.node.task.translate.apertium.TranslationBench "$pipelines" "$callers"
} | tee "$out"
echo "== wrote $out"
