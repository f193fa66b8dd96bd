#!/bin/sh
# KV-cache benchmark: greedy decode tokens/s with and without the cache, on a generated decoder in
# Optimum's split layout (decoder_model.onnx + decoder_with_past_model.onnx), real ONNX Runtime.
#   bench/seq2seq-cache/run.sh          (about a minute; writes bench/results/seq2seq-cache-<date>.md)
#   LMAAS_BENCH_QUICK=1 bench/seq2seq-cache/run.sh   (hidden size 64 only, written to bench/work/ only)
# In process: the node link (mTLS) is not involved. Not a test: nothing here passes or fails on a number.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
work="$root/bench/work/seq2seq-cache"
mkdir -p "$work/classes" bench/results
java_home=$(.mvn/find-jdk)
server=inference-node/server
echo "== compiling the node and its tests (through the reactor, nothing installed)"
./mvnw -B -q test-compile dependency:build-classpath -pl "$server" -am -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath.txt"
cp="$server/target/classes:$server/target/test-classes:$(cat "$work/classpath.txt")"
"$java_home/bin/javac" -d "$work/classes" -cp "$cp" bench/seq2seq-cache/CacheBench.java
out="bench/results/seq2seq-cache-$(date -u +%Y-%m-%d).md"
sizes="64 512"
if [ "${LMAAS_BENCH_QUICK:-0}" = 1 ]; then out="$work/seq2seq-cache-quick.md"; sizes=64; fi
{
  echo "# Seq2seq decoding with and without the KV cache"
  echo
  echo "Machine: $(nproc) cores, $(uname -sr); $(date -u +%Y-%m-%dT%H:%MZ); commit $(git rev-parse --short HEAD). Generated one-layer,"
  echo "one-head decoder in Optimum's split and merged layouts, source length 32, greedy, ONNX Runtime 2 intra-op threads."
  echo "Without the cache every step re-reads the whole prefix (decoder_model.onnx); with it, one token per row (decoder_with_past_model.onnx, or decoder_model_merged.onnx with use_cache_branch)."
  echo
  for h in $sizes; do
    "$java_home/bin/java" --enable-native-access=ALL-UNNAMED -cp "$work/classes:$cp" dev.lmaas.node.task.seq2seq.export.CacheBench "$h" 4 2>/dev/null
    echo
  done
} | tee "$out"
echo "== wrote $out"
