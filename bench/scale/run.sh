#!/usr/bin/env bash
# Scale: throughput and latency through the control plane with 1, 2 and 3 inference nodes on this one
# machine (./lmaas run --nodes N, fresh data directory each), same load each time. On one 2-core
# machine more nodes cannot add CPU; this shows what routing across nodes costs or gains here.
# Writes bench/results/scale-<date>.md.
#
#   bench/scale/run.sh [--nodes 1,2,3] [--concurrency 4,16] [--runs 2] [--seconds 6]
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

NODES=1,2,3
CONC=4,16
RUNS=2
SECONDS_PER=6
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) NODES=$2; shift 2 ;;
    --concurrency) CONC=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --seconds) SECONDS_PER=$2; shift 2 ;;
    *) fail "unknown option $1" ;;
  esac
done
need_curl
find_java

ROWS=""
IFS=, read -ra NODE_COUNTS <<<"$NODES"
for n in "${NODE_COUNTS[@]}"; do
  WORK="$BENCH/work/scale-$$-$n"
  mkdir -p "$WORK"
  PORT=$(free_port)
  NODE_PORT=$(free_port "$PORT")
  CP_URL="http://127.0.0.1:$PORT"
  say "Starting a control plane and $n node(s) (data in $WORK)"
  "$ROOT/lmaas" run --data-dir "$WORK" --port "$PORT" --node-port "$NODE_PORT" --nodes "$n" >"$WORK/run.log" 2>&1 &
  RUN_PID=$!
  trap 'kill -TERM $RUN_PID 2>/dev/null || true; wait $RUN_PID 2>/dev/null || true' EXIT
  for _ in $(seq 1 600); do grep -q "LMaaS is running" "$WORK/run.log" 2>/dev/null && break; kill -0 "$RUN_PID" 2>/dev/null || break; sleep 1; done
  grep -q "LMaaS is running" "$WORK/run.log" || { tail -30 "$WORK/run.log"; fail "the platform did not start"; }
  ADMIN_KEY=$(cat "$WORK/admin-key")
  for i in $(seq 1 "$n"); do wait_node_model "node-$i" 120 || fail "node-$i never registered"; done
  tenant_with_key "scale$n" "$WORK/key" >/dev/null
  for _ in $(seq 1 60); do
    [ "$(curl -s "$CP_URL/v1/models" -H "Authorization: Bearer $(cat "$WORK/key")" | grep -o all-minilm-l6-v2-int8 | head -1)" = all-minilm-l6-v2-int8 ] && break
    sleep 1
  done
  say "Load through the control plane with $n node(s)"
  "$JAVA" -XX:+UseSerialGC -Xmx256m "$LOADGEN" bench --target "cp-$n-nodes=$CP_URL/v1/embeddings" --key-file "$WORK/key" \
    --concurrency "$CONC" --runs "$RUNS" --seconds "$SECONDS_PER" --warmup 2 --out "$WORK/summary.md" >"$WORK/bench.log" 2>&1 \
    || { tail -20 "$WORK/bench.log"; fail "the load generator failed"; }
  ROWS+=$(grep -E "^\| cp-$n-nodes " "$WORK/summary.md" | head -10)$'\n'
  DIST=$(admin GET /admin/v1/nodes | grep -o '"id":"node-[0-9]*"' | tr '\n' ' ')
  ROUTED=$(curl -s "$CP_URL/actuator/prometheus" | grep -E '^lmaas_routing_decisions_total' | sed 's/.*node="\([^"]*\)".* \([0-9.E]*\)$/\1=\2/' | tr '\n' ' ')
  ROWS+="|  | routing decisions: $ROUTED | | | | | |"$'\n'
  kill -TERM "$RUN_PID"; wait "$RUN_PID" 2>/dev/null || true
  trap - EXIT
  rm -rf "$WORK"
done

OUT="$BENCH/results/scale-$(date -u +%Y-%m-%d).md"
{
  echo "# Scale — $(date -u +%Y-%m-%d)"
  echo
  machine_md
  echo "- Command: \`bench/scale/run.sh --nodes $NODES --concurrency $CONC --runs $RUNS --seconds $SECONDS_PER\`"
  echo "- Each row: ./lmaas run --nodes N on a fresh data directory, POST /v1/embeddings (int8 MiniLM, one short input) through the"
  echo "  control plane with every feature on; load generator, control plane, PostgreSQL and all nodes share the same 2 cores."
  echo
  echo "| path | concurrency | throughput (req/s) | p50 (ms) | p90 (ms) | p99 (ms) | errors |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  printf '%s' "$ROWS"
  echo
  echo "On one 2-core machine extra nodes add no CPU: the rows show the cost (or not) of spreading the"
  echo "same work over more processes, and that the router uses every node (routing decisions per node)."
} >"$OUT"
say "Wrote $OUT"
cat "$OUT"
