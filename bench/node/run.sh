#!/usr/bin/env bash
# Node benchmark: raw in-process ONNX Runtime vs the node over HTTPS (the node link's mTLS) under
# concurrent load, for all-MiniLM-L6-v2 fp32 and int8 (or BENCH_MODELS) at ~32 and ~128 tokens. One command, from anywhere:
#   bench/node/run.sh            (BENCH_SECONDS=3 per measurement by default; about 4-5 minutes)
#   BENCH_QUICK=1 bench/node/run.sh   (1 s per measurement, 1 round: proves it runs; figures are noise)
#   BENCH_MODELS=bge-small-zh-v1.5-int8 bench/node/run.sh   (other built-in embedding models, comma-separated;
#                                  Chinese models get Chinese inputs; writes node-<models>-<date>.md)
# Builds if needed, starts a node standalone (no control plane) on a free port with certificate files
# from a throwaway bench CA (lmaas.node.tls.*), measures with the control plane's kind of client
# certificate, stops the node and writes bench/results/node-<date>.md (a quick run writes to bench/work/).
# Not a test: nothing here passes or fails on a number.
set -eu
source "$(cd "$(dirname "$0")/.." && pwd)/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
seconds=${BENCH_SECONDS:-3}
quick=${BENCH_QUICK:-${LMAAS_BENCH_QUICK:-0}}
[ "$quick" != 1 ] || seconds=1
work="$root/bench/work/node"
mkdir -p "$work" bench/results
java_home=$(.mvn/find-jdk)
java="$java_home/bin/java"
server=inference-node/server
jar="$server/target/inference-node-server-0.1.0-SNAPSHOT-exec.jar"

echo "== building the node (skip tests)"
# Through the reactor (-am), never install: ~/.m2 is shared with other checkouts. A quick run with the jar
# already built only compiles (so a node another bench runs from that jar is not disturbed).
phase=package
[ "$quick" != 1 ] || [ ! -f "$jar" ] || phase=compile
./mvnw -B -q $phase dependency:build-classpath -pl inference-node/server -am -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath.txt"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
log="$work/node.log"
# A throwaway cluster CA: the node's certificate (its identity and https URL) and the client's
# (the control plane's identity, the only one the node answers on /internal).
tls="$work/tls"
rm -rf "$tls"
bench_ca "$tls/ca"
bench_issue "$tls/ca" "$tls" node spiffe://lmaas.cluster/node/bench "https://127.0.0.1:$port"
bench_client_cert "$tls/ca" "$tls"
echo "== starting the node on port $port (standalone, certificate files from a bench CA; log: $log)"
"$java" --enable-native-access=ALL-UNNAMED -jar "$jar" \
  --server.port="$port" --lmaas.node.data-dir="$work/data" --lmaas.node.control-plane-url= \
  --lmaas.node.node-id=bench --lmaas.node.advertised-url="https://127.0.0.1:$port" \
  --lmaas.node.tls.certificate="$tls/node.crt" --lmaas.node.tls.private-key="$tls/node.key" --lmaas.node.tls.ca-certificate="$tls/ca.crt" \
  --lmaas.node.batch.max-batch-size=${BENCH_MAX_BATCH:-32} --lmaas.node.batch.queue-capacity=1024 \
  >"$log" 2>&1 &
node_pid=$!
trap 'kill $node_pid 2>/dev/null || true' EXIT INT TERM
i=0
until curl -fs --cacert "$tls/ca.crt" "https://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1; do
  i=$((i+1)); [ $i -lt 240 ] || { echo "node did not become ready; see $log"; exit 1; }
  kill -0 $node_pid 2>/dev/null || { echo "node exited; see $log"; exit 1; }
  sleep 0.5
done

date_utc=$(date -u +%Y-%m-%dT%H:%MZ)
models=${BENCH_MODELS:-all-minilm-l6-v2,all-minilm-l6-v2-int8}
tag=""
[ "$models" = "all-minilm-l6-v2,all-minilm-l6-v2-int8" ] || tag="$(echo "$models" | tr ',' '+')-"
report="bench/results/node-$tag$(date -u +%Y-%m-%d).md"
[ "$quick" != 1 ] || report="$work/node-quick.md"
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
mem=$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)
commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- inference-node bench 2>/dev/null || echo "+local changes")
cat > "$report" <<MD
# Inference node benchmark — $date_utc

| machine | |
|---|---|
| cores (nproc) | $(nproc) |
| CPU | $cpu |
| memory | $mem |
| JDK | $("$java" -version 2>&1 | head -1) |
| ONNX Runtime | 1.29.0 (Java), intra-op threads = cores |
| git commit | $commit |
| seconds per measurement | $seconds at ~32 tokens, 5/3 of that at ~128 (after a warm-up) |
| load average before the run | $(cut -d' ' -f1-3 /proc/loadavg) |

**raw**: one thread calls \`EmbeddingModel.embed\` (session run + the model's pooling (mean, or CLS for bge) + L2) back to back on
pre-tokenized batches; a short sweep over batch sizes 1, 8, 16, 32, 64 picks the best, which is the limit. **node**: the node jar
started separately on the same machine (max batch ${BENCH_MAX_BATCH:-32}, max wait 2 ms, its defaults since 2026-12-04: 1 intra-op thread per session and one batch per core at once),
driven by virtual-thread clients over HTTPS/1.1 (the node link's TLS 1.3 with a client certificate, keep-alive); it tokenizes, batches, runs,
serialises JSON. The load generator shares the 2 cores with the node. Latency = per request (node)
or per batch (raw); node throughput counts the embeddings answered inside the window (steady state). Inputs are random sequences of common English words (30 or 126 words) for English models, of common two-character Chinese words (15 or 63 words, one token per character) for Chinese models.
The host is shared and its speed drifts, so raw and node runs are interleaved in 3 rounds and the
table shows the median round of each; node/raw divides those medians.

MD
echo "== measuring (about $(( seconds * 90 + 60 )) s)"
"$java" --enable-native-access=ALL-UNNAMED -cp "$server/target/classes:$(cat "$work/classpath.txt")" \
  bench/node/NodeBench.java "https://127.0.0.1:$port" "$tls" "$work" "$report" "$seconds" "$([ "$quick" = 1 ] && echo 1 || echo 3)" "$models"
printf '\nLoad average after the run: %s (1, 5, 15 min; 2 cores).\n' "$(cut -d' ' -f1-3 /proc/loadavg)" >> "$report"
echo "== report: $report"
cat "$report"
