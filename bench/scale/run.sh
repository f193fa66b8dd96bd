#!/usr/bin/env bash
# Scale: throughput and latency through the control plane with 1, 2 and 3 inference nodes, and with 1
# or 2 control-plane processes on the same database, on this one machine (./lmaas run --nodes N on a
# fresh data directory each; a second control plane is started from the same jar on the same database,
# secrets and nodes, and the load generator spreads its connections over both, as a load balancer
# would). Same load each time. On one 2-core machine more processes cannot add CPU; this shows what
# routing across nodes and sharing one database between control planes cost or gain here.
# Writes bench/results/scale-<date>.md.
#
#   bench/scale/run.sh [--nodes 1,2,3] [--control-planes 1,2] [--concurrency 4,16] [--runs 2] [--seconds 6] [--quick]
# --quick (or LMAAS_BENCH_QUICK=1): one platform, 2 nodes and 2 control planes, concurrency 4, 1 run x 2 s; writes to bench/work/ only.
# Nodes enroll on the mTLS node link through ./lmaas run (join tokens); the second control plane shares the
# cluster CA (DATA_DIR/secrets/node-ca) and so gets its own link certificate the nodes accept.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

NODES=1,2,3
CPS=1,2
CONC=4,16
RUNS=2
SECONDS_PER=6
QUICK=${LMAAS_BENCH_QUICK:-0}
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) NODES=$2; shift 2 ;;
    --control-planes) CPS=$2; shift 2 ;;
    --concurrency) CONC=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --seconds) SECONDS_PER=$2; shift 2 ;;
    --quick) QUICK=1; shift ;;
    *) fail "unknown option $1" ;;
  esac
done
[ "$QUICK" != 1 ] || { NODES=2 CPS=2 CONC=4 RUNS=1 SECONDS_PER=2; }
need_curl
find_java

ROWS=""
IFS=, read -ra NODE_COUNTS <<<"$NODES"
IFS=, read -ra CP_COUNTS <<<"$CPS"
CP_JAR="$ROOT/platform-api/target/platform-api-0.1.0-SNAPSHOT-exec.jar"
for k in "${CP_COUNTS[@]}"; do
for n in "${NODE_COUNTS[@]}"; do
  [ "$k" = 1 ] || [ "$k" = 2 ] || fail "--control-planes takes 1 and/or 2"
  NAME="cp$k-$n-nodes"; [ "$k" = 1 ] && NAME="cp-$n-nodes"
  WORK="$BENCH/work/scale-$$-$k-$n"
  mkdir -p "$WORK"
  PORT=$(free_port)
  NODE_PORT=$(free_port "$PORT")
  LINK_PORT=$(free_port "$PORT" $(seq "$NODE_PORT" $((NODE_PORT + n))))
  CP_URL="http://127.0.0.1:$PORT"
  say "Starting a control plane and $n node(s) (data in $WORK)"
  "$ROOT/lmaas" run --data-dir "$WORK" --port "$PORT" --node-port "$NODE_PORT" --link-port "$LINK_PORT" --nodes "$n" >"$WORK/run.log" 2>&1 &
  RUN_PID=$! CP2_PID=""
  trap 'for p in $CP2_PID $RUN_PID; do kill -TERM $p 2>/dev/null || true; wait $p 2>/dev/null || true; done' EXIT
  for _ in $(seq 1 600); do grep -q "LMaaS is running" "$WORK/run.log" 2>/dev/null && break; kill -0 "$RUN_PID" 2>/dev/null || break; sleep 1; done
  grep -q "LMaaS is running" "$WORK/run.log" || { tail -30 "$WORK/run.log"; fail "the platform did not start"; }
  ADMIN_KEY=$(cat "$WORK/admin-key")
  for i in $(seq 1 "$n"); do wait_node_model "node-$i" 120 || fail "node-$i never registered"; done
  TENANT_ID=$(tenant_with_key "scale$k$n" "$WORK/key")
  URLS="$CP_URL/v1/embeddings"
  CP_URLS=("$CP_URL")
  if [ "$k" = 2 ]; then
    # A second control plane: same jar, database, secrets (cluster CA, master key, key pepper) and nodes;
    # its own node-link port is any free one (LMAAS_NODE_LINK_PORT unset).
    PORT2=$(free_port "$PORT" "$LINK_PORT" $(seq "$NODE_PORT" $((NODE_PORT + n))))
    JDBC=$(sed -n 's/.*"jdbc_url" *: *"\([^"]*\)".*/\1/p' "$WORK/run.json")
    mkdir -p "$WORK/cp2"; cp -r "$WORK/secrets" "$WORK/cp2/"
    say "Starting a second control plane on :$PORT2 (same database)"
    SPRING_DATASOURCE_PASSWORD="$(cat "$WORK/secrets/postgres-password")" \
    "$JAVA" --enable-native-access=ALL-UNNAMED -jar "$CP_JAR" --server.port="$PORT2" --lmaas.data-dir="$WORK/cp2" \
      --spring.datasource.url="$JDBC" --spring.datasource.username=lmaas >"$WORK/cp2.log" 2>&1 &
    CP2_PID=$!
    wait_http "http://127.0.0.1:$PORT2/actuator/health/readiness" 300 "$CP2_PID" || { tail -30 "$WORK/cp2.log"; fail "the second control plane did not start"; }
    URLS+="|http://127.0.0.1:$PORT2/v1/embeddings"
    CP_URLS+=("http://127.0.0.1:$PORT2")
  fi
  for u in "${CP_URLS[@]}"; do
    for _ in $(seq 1 60); do
      [ "$(curl -s "$u/v1/models" -H @<(printf 'Authorization: Bearer %s\n' "$(cat "$WORK/key")") | grep -o all-minilm-l6-v2-int8 | head -1)" = all-minilm-l6-v2-int8 ] && break
      sleep 1
    done
  done
  say "Load through $k control plane(s) with $n node(s)"
  "$JAVA" -XX:+UseSerialGC -Xmx256m "$LOADGEN" bench --target "$NAME=$URLS" --key-file "$WORK/key" \
    --concurrency "$CONC" --runs "$RUNS" --seconds "$SECONDS_PER" --warmup 2 --out "$WORK/summary.md" >"$WORK/bench.log" 2>&1 \
    || { tail -20 "$WORK/bench.log"; fail "the load generator failed"; }
  ROWS+=$(grep -E "^\| $NAME " "$WORK/summary.md" | head -10)$'\n'
  ROUTED=""
  for u in "${CP_URLS[@]}"; do
    ROUTED+="[${u##*:}] $(curl -s -H @<(printf 'Authorization: Bearer %s\n' "$(cat "$WORK/secrets/metrics-token")") "$u/actuator/prometheus" | grep -E '^lmaas_routing_decisions_total' | sed 's/.*node="\([^"]*\)".* \([0-9.E]*\)$/\1=\2/' | tr '\n' ' ')"
  done
  export PGPASSWORD="$(cat "$WORK/secrets/postgres-superuser-password")"
  PGPORT=$(sed -n 's/.*localhost:\([0-9]*\)\/.*/\1/p' "$WORK/run.json" | head -1)
  RECORDS=$(psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d lmaas -Atc \
    "SELECT (SELECT count(*) FROM usage_records WHERE tenant_id='$TENANT_ID') || ' usage records, ' ||
            (SELECT count(*) FROM audit_log WHERE tenant_id='$TENANT_ID' AND kind='api' AND status=200 AND action LIKE '%/v1/embeddings')
            || ' audit records of 200 embedding answers'" 2>/dev/null \
    || echo "(database not queried)")
  CHAIN=$(admin GET "/admin/v1/audit/verify?tenant=$TENANT_ID" | grep -o '"ok":[a-z]*' | head -1)
  ROWS+="|  | routing decisions per control plane (port): $ROUTED; records: $RECORDS; audit chain $CHAIN | | | | | |"$'\n'
  for p in $CP2_PID $RUN_PID; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  trap - EXIT
  rm -rf "$WORK"
done
done

OUT="$BENCH/results/scale-$(date -u +%Y-%m-%d).md"
[ "$QUICK" != 1 ] || { mkdir -p "$BENCH/work"; OUT="$BENCH/work/scale-quick-$$.md"; }
{
  echo "# Scale — $(date -u +%Y-%m-%d)"
  echo
  machine_md
  echo "- Command: \`bench/scale/run.sh --nodes $NODES --control-planes $CPS --concurrency $CONC --runs $RUNS --seconds $SECONDS_PER\`"
  echo "- Each row: ./lmaas run --nodes N on a fresh data directory, POST /v1/embeddings (int8 MiniLM, one short input) through the"
  echo "  control plane with every feature on; load generator, control plane, PostgreSQL and all nodes share the same 2 cores."
  echo "- cp-N-nodes: one control plane; cp2-N-nodes: two control-plane processes on the one database, the load"
  echo "  generator's connections split evenly between them (each keeps its own rate-limit state, quota leases and"
  echo "  request ledger; the audit chain and usage records are shared in PostgreSQL)."
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
