#!/usr/bin/env bash
# CPU cost per request, per endpoint: how many milliseconds of CPU (user + system, from /proc) the control
# plane's JVM, its PostgreSQL (postmaster and every backend) and the inference node spend on one answered
# request of each public endpoint, through the real path (tenant key, every limit on, usage + audit
# group commit, mTLS to the node). Endpoints run one after another, interleaved run by run, so the CPU a
# process spends during an endpoint's point is that endpoint's cost; medians over runs.
#
#   bench/cost/run.sh [--concurrency 1,8] [--runs 3] [--seconds 8] [--warmup 2] [--keep] [--no-build] [--quick]
#
# Endpoints: embeddings (MiniLM int8, 1 short input), embeddings-zh (bge-small-zh int8), classification
# (sentiment, English and Chinese), summary (English, 6 sentences), the brief's {"text"} shape, and
# translation (Apertium en->es, when the node's machine has apertium-eng-spa). Writes
# bench/results/cost-<date>.md (and the raw per-run figures, .tsv). Shares bench/lib.sh with the others.
set -euo pipefail
source "$(cd "$(dirname "$0")/.." && pwd)/lib.sh"

CONC=1,8 RUNS=3 SECONDS_PER=8 WARMUP=2 KEEP=0 BUILD=1
[ "${LMAAS_BENCH_QUICK:-}" != 1 ] || { CONC=4 RUNS=1 SECONDS_PER=2 WARMUP=1; }
while [ $# -gt 0 ]; do
  case "$1" in
    --concurrency) CONC=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --seconds) SECONDS_PER=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --no-build) BUILD=0; shift ;;
    --quick) LMAAS_BENCH_QUICK=1 CONC=4 RUNS=1 SECONDS_PER=2 WARMUP=1; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown option $1" ;;
  esac
done

find_java
need_curl
[ "$BUILD" = 0 ] || build_checkout

STAMP=$(date -u +%Y%m%d-%H%M%S)
WORK="$BENCH/work/cost-$STAMP"
DATA="$WORK/data"
mkdir -p "$WORK" "$BENCH/results"
CP_PORT=$(free_port); NODE_PORT=$(free_port "$CP_PORT"); LINK_PORT=$(free_port "$CP_PORT" "$NODE_PORT" $((NODE_PORT + 1)))
CP_URL="http://127.0.0.1:$CP_PORT"

LMAAS_PID=""
cleanup() {
  trap - EXIT INT TERM
  if [ -n "$LMAAS_PID" ]; then kill -TERM "$LMAAS_PID" 2>/dev/null || true; wait "$LMAAS_PID" 2>/dev/null || true; fi
  [ "$KEEP" = 1 ] || rm -rf "$DATA/postgres" "$DATA/models" "$DATA/cache"
}
trap cleanup EXIT INT TERM

start_lmaas "$DATA" "$WORK" "$CP_PORT" "$NODE_PORT" "$LINK_PORT"
for m in all-minilm-l6-v2-int8 bge-small-zh-v1.5-int8 sentiment-bge-en sentiment-bge-zh summarizer-minilm; do
  wait_node_model "$m" 180 || fail "the node did not register $m with the control plane"
done
CP_PID=$(sed -n 's/.*"pid" *: *\([0-9]*\).*/\1/p' "$DATA/run/control-plane.json")
NODE_PID=$(sed -n 's/.*"pids": *\[[0-9]*, *\([0-9]*\).*/\1/p' "$DATA/run.json")
PG_PID=$(head -1 "$DATA/postgres/postmaster.pid" 2>/dev/null || true)
[ -n "$CP_PID" ] && [ -n "$NODE_PID" ] && [ -n "$PG_PID" ] || fail "could not find the control plane's, PostgreSQL's and the node's process ids"
TENANT=$(tenant_with_key cost "$WORK/tenant-key")

SUMMARY_TEXT="The city council met on Tuesday to discuss the new budget. Most of the money will go to schools and public transport. Several members asked for more spending on parks. The mayor said the plan balances growth and care for the environment. A final vote is expected next month. Residents can comment on the plan online until Friday."
TARGETS=(
  --target "embeddings=$CP_URL/v1/embeddings" --body.embeddings '{"model":"all-minilm-l6-v2-int8","input":["The quick brown fox jumps over the lazy dog."]}'
  --target "embeddings-zh=$CP_URL/v1/embeddings" --body.embeddings-zh '{"model":"bge-small-zh-v1.5-int8","input":["这家餐厅的服务很好，菜也很好吃。"]}'
  --target "classify-en=$CP_URL/v1/classifications" --body.classify-en '{"model":"sentiment","input":["The delivery was late and the box was damaged."]}'
  --target "classify-zh=$CP_URL/v1/classifications" --body.classify-zh '{"model":"sentiment","input":["快递太慢了，包装也坏了。"]}'
  --target "text-shape=$CP_URL/v1/models" --body.text-shape '{"text":"I love this product"}'
  --target "summary=$CP_URL/v1/summaries" --body.summary "{\"model\":\"summarization\",\"input\":\"$SUMMARY_TEXT\"}"
)
PAIRS="no Apertium pair on this machine (apt-get install apertium-eng-spa)"
if admin GET /admin/v1/nodes | grep -q '"apertium-eng-spa"'; then
  TARGETS+=(--target "translation=$CP_URL/v1/translations" --body.translation '{"model":"translation","input":["The weather is nice today and we are going to the beach."],"target_language":"es"}')
  PAIRS="apertium-eng-spa"
fi
# Each endpoint must answer 200 before it is measured (a refusal would measure the refusal path).
for ((i = 0; i < ${#TARGETS[@]}; i += 4)); do
  url=${TARGETS[$((i + 1))]#*=}; body=${TARGETS[$((i + 3))]}
  code=$(curl -s -o "$WORK/probe.json" -w '%{http_code}' "$url" -H @<(printf 'Authorization: Bearer %s\n' "$(cat "$WORK/tenant-key")") \
    -H 'Content-Type: application/json' -d "$body")
  [ "$code" = 200 ] || fail "${TARGETS[$((i + 1))]%%=*} answered $code: $(head -c 300 "$WORK/probe.json")"
done

DATE=$(date -u +%Y-%m-%d)
OUT="$BENCH/results/cost-$DATE.md"; RAW="$BENCH/results/cost-$DATE.tsv"
[ "${LMAAS_BENCH_QUICK:-}" != 1 ] || { OUT="$WORK/cost-quick.md"; RAW="$WORK/cost-quick.tsv"; }
say "Load: concurrency $CONC, $RUNS runs x ${SECONDS_PER}s per endpoint (+${WARMUP}s warm-up), CPU of control plane $CP_PID, PostgreSQL $PG_PID (tree), node $NODE_PID"
"$JAVA" -XX:+UseSerialGC -Xmx256m "$LOADGEN" bench "${TARGETS[@]}" --key-file "$WORK/tenant-key" \
  --cpu "control plane (JVM)=$CP_PID" --cpu "PostgreSQL=tree:$PG_PID" --cpu "node (JVM + Apertium pipelines)=tree:$NODE_PID" \
  --concurrency "$CONC" --runs "$RUNS" --seconds "$SECONDS_PER" --warmup "$WARMUP" \
  --raw "$RAW" --out "$WORK/summary.md"

{
  echo "# CPU cost per request, per endpoint — $DATE"
  echo
  machine_md
  echo "- Command: \`bench/cost/run.sh --concurrency $CONC --runs $RUNS --seconds $SECONDS_PER --warmup $WARMUP\`"
  echo "- Path: the control plane's public API with a tenant key (plan \`bench\`: limits far above capacity, every check on; usage + audit group commit before the answer), mTLS to one node; translation: $PAIRS"
  echo "- CPU: user + system time from \`/proc/PID/stat\` of the control plane's JVM, of PostgreSQL's postmaster with all its backends, and of the node's JVM with its child processes (the Apertium pipelines), read before and after each timed point and divided by that point's answered requests (the endpoints run one after another, so each process's CPU in a point is that endpoint's). Ticks are 10 ms: a point of a few hundred answers resolves ~0.05 ms/request."
  echo "- The load generator runs on the same 2 cores; its CPU is not counted. Latency figures below are for orientation only (the machine is shared); the CPU figures are what this bench is for."
  echo "- Raw per-run figures: [cost-$DATE.tsv](cost-$DATE.tsv)"
  echo
  cat "$WORK/summary.md" | sed '/compared with the other paths/,$d'
} >"$OUT"
say "Results: $OUT"
cat "$OUT"
