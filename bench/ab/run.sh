#!/usr/bin/env bash
# A change measured against the jar before it, side by side in one run:
#   new   ./lmaas run from this checkout (control plane, embedded PostgreSQL, one node),
#   base  built from --base REF (a git commit): with --what cp (default) a second control plane on the
#         same database, node, secrets and tenant, started like a second replica; with --what node a
#         second node that enrolls with a join token like any node,
# then the same request to both (POST /v1/ENDPOINT with a tenant key; for nodes POST /internal/v1/infer
# over the node link's mTLS with the control plane's kind of certificate), interleaved run by run at
# every concurrency, with the CPU each side (and PostgreSQL) spends per answered request (/proc).
#
#   bench/ab/run.sh --base REF [--what cp|node] [--concurrency 1,4,16] [--runs 5] [--seconds 8] [--warmup 2]
#                   [--endpoint embeddings|classifications] [--new-env K=V]... [--base-env K=V]... [--no-build]
#                   [--prewarm 20]
#
# --prewarm S: before the measured runs, S seconds of unrecorded load on each side at the highest
# concurrency, so both JVMs' JIT has settled (without it the first runs favour whichever warmed first).
#
# --new-env / --base-env pass environment to one side only (a Spring property as env, e.g.
# MANAGEMENT_OBSERVATIONS_ENABLE_SPRING_SECURITY=false): a configuration change measured the same way.
# Writes bench/results/ab-<date>-<short base>..<short head>.md. The base jar is built in a detached
# worktree under bench/work/ (removed afterwards). Figures are for this machine in this run only.
set -euo pipefail
source "$(cd "$(dirname "$0")/.." && pwd)/lib.sh"

CONC=1,4,16 RUNS=5 SECONDS_PER=8 WARMUP=2 PREWARM=20 BUILD=1 BASE="" ENDPOINT=embeddings WHAT=cp
NEW_ENV=() BASE_ENV=()
while [ $# -gt 0 ]; do
  case "$1" in
    --base) BASE=$2; shift 2 ;;
    --what) WHAT=$2; shift 2 ;;
    --concurrency) CONC=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --seconds) SECONDS_PER=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --prewarm) PREWARM=$2; shift 2 ;;
    --endpoint) ENDPOINT=$2; shift 2 ;;
    --new-env) NEW_ENV+=("$2"); shift 2 ;;
    --base-env) BASE_ENV+=("$2"); shift 2 ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown option $1" ;;
  esac
done
[ -n "$BASE" ] || fail "--base REF is required (the commit to compare with, e.g. HEAD~1)"
case "$WHAT" in cp|node) ;; *) fail "--what is cp or node" ;; esac
case "$ENDPOINT" in
  embeddings) BODY='{"model":"all-minilm-l6-v2-int8","input":"The quick brown fox jumps over the lazy dog."}' ;;
  classifications) BODY='{"model":"sentiment","input":"The quick brown fox jumps over the lazy dog."}' ;;
  *) fail "--endpoint is embeddings or classifications" ;;
esac
BASE_SHA=$(git -C "$ROOT" rev-parse --short "$BASE^{commit}") || fail "unknown commit $BASE"
HEAD_SHA=$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- . ':!bench' || echo "+changes")

find_java
need_curl
STAMP=$(date -u +%Y%m%d-%H%M%S)
WORK="$BENCH/work/ab-$STAMP"
DATA="$WORK/data"
mkdir -p "$WORK" "$BENCH/results"
[ "$BUILD" = 0 ] || build_checkout

say "Building the base $WHAT from $BASE ($BASE_SHA) in a detached worktree"
git -C "$ROOT" worktree add -q --detach "$WORK/base-src" "$BASE_SHA"
MODULE=platform-api; [ "$WHAT" = cp ] || MODULE=inference-node/server
"$ROOT/mvnw" -B -q -f "$WORK/base-src/pom.xml" package -DskipTests -pl "$MODULE" -am >"$WORK/base-build.log" 2>&1 \
  || { tail -30 "$WORK/base-build.log"; fail "the base build failed"; }
if [ "$WHAT" = cp ]; then cp "$WORK/base-src/platform-api/target/platform-api-0.1.0-SNAPSHOT-exec.jar" "$WORK/base.jar"
else cp "$WORK/base-src/inference-node/server/target/inference-node-server-0.1.0-SNAPSHOT-exec.jar" "$WORK/base.jar"; fi
git -C "$ROOT" worktree remove --force "$WORK/base-src"

CP_PORT=$(free_port); NODE_PORT=$(free_port "$CP_PORT"); LINK_PORT=$(free_port "$CP_PORT" "$NODE_PORT" $((NODE_PORT + 1)))
BASE_PORT=$(free_port "$CP_PORT" "$NODE_PORT" $((NODE_PORT + 1)) "$LINK_PORT")
BASE_LINK=$(free_port "$CP_PORT" "$NODE_PORT" $((NODE_PORT + 1)) "$LINK_PORT" "$BASE_PORT")
CP_URL="http://127.0.0.1:$CP_PORT"
LMAAS_PID="" BASE_PID=""
cleanup() {
  trap - EXIT INT TERM
  [ -z "$BASE_PID" ] || { kill -TERM "$BASE_PID" 2>/dev/null || true; wait "$BASE_PID" 2>/dev/null || true; }
  if [ -n "$LMAAS_PID" ]; then kill -TERM "$LMAAS_PID" 2>/dev/null || true; wait "$LMAAS_PID" 2>/dev/null || true; fi
  rm -rf "$DATA/postgres" "$DATA/models" "$DATA/cache" "$WORK/data-base" "$WORK/base.jar"
}
trap cleanup EXIT INT TERM
for kv in ${NEW_ENV[@]+"${NEW_ENV[@]}"}; do export "$kv"; done
start_lmaas "$DATA" "$WORK" "$CP_PORT" "$NODE_PORT" "$LINK_PORT"
for kv in ${NEW_ENV[@]+"${NEW_ENV[@]}"}; do unset "${kv%%=*}"; done
wait_node_model all-minilm-l6-v2-int8 180 || fail "the node did not register with the control plane"
tenant_with_key ab "$WORK/tenant-key" >/dev/null

# prewarm BASE_TARGET NEW_TARGET [loadgen options]: unrecorded load on each side at the highest concurrency.
prewarm() {
  [ "$PREWARM" -gt 0 ] || return 0
  local base=$1 new=$2; shift 2
  say "Pre-warming each side for ${PREWARM}s at concurrency ${CONC##*,} (not recorded)"
  for target in "$base" "$new"; do
    "$JAVA" -XX:+UseSerialGC -Xmx256m "$LOADGEN" bench --target "$target" "$@" \
      --concurrency "${CONC##*,}" --runs 1 --seconds "$PREWARM" --warmup 0 >/dev/null
  done
}

if [ "$WHAT" = node ]; then
  BASE_NODE_PORT=$BASE_PORT
  say "Starting the base node on :$BASE_NODE_PORT (enrolls with a join token; same built-in models)"
  start_joined_node "$WORK/base.jar" ab-base-node "$BASE_NODE_PORT" "$WORK/data-base" "$WORK/base.log"
  BASE_PID=$NODE_PID
  wait_http "https://127.0.0.1:$BASE_NODE_PORT/actuator/health/readiness" 300 "$BASE_PID" "$DATA/secrets/node-ca/ca.crt" \
    || { tail -30 "$WORK/base.log"; fail "the base node did not start"; }
  CERTS="$WORK/client-tls"; bench_client_cert "$DATA/secrets/node-ca" "$CERTS"; bench_tls_opts "$CERTS"
  NEW_JVM=$(pid_on "$NODE_PORT"); BASE_JVM=$(pid_on "$BASE_NODE_PORT")
  [ -n "$NEW_JVM" ] && [ -n "$BASE_JVM" ] || fail "could not find the nodes' processes"
  DATE=$(date -u +%Y-%m-%d)
  OUT="$BENCH/results/ab-node-$DATE-$BASE_SHA..${HEAD_SHA%+changes}.md"; RAW="${OUT%.md}.tsv"
  prewarm "base=https://127.0.0.1:$BASE_NODE_PORT/internal/v1/infer" "new=https://127.0.0.1:$NODE_PORT/internal/v1/infer" "${TLS_OPTS[@]}"
  say "Load: concurrency $CONC, $RUNS runs x ${SECONDS_PER}s (+${WARMUP}s warm-up), base and new node interleaved"
  "$JAVA" -XX:+UseSerialGC -Xmx256m "$LOADGEN" bench \
    --target "base=https://127.0.0.1:$BASE_NODE_PORT/internal/v1/infer" --target "new=https://127.0.0.1:$NODE_PORT/internal/v1/infer" \
    --compare new "${TLS_OPTS[@]}" --cpu "base node=$BASE_JVM" --cpu "new node=$NEW_JVM" \
    --concurrency "$CONC" --runs "$RUNS" --seconds "$SECONDS_PER" --warmup "$WARMUP" --raw "$RAW" --out "$WORK/summary.md"
  {
    echo "# Node A/B — $DATE: $BASE_SHA (base) vs $HEAD_SHA (new)"
    echo
    machine_md
    echo "- Command: \`bench/ab/run.sh --what node --base $BASE --concurrency $CONC --runs $RUNS --seconds $SECONDS_PER --warmup $WARMUP\`"
    echo "- Paths: POST /internal/v1/infer (all-minilm-l6-v2-int8, one short input) over the node link's mTLS with the control plane's kind of client certificate, keep-alive; **new** = the node of \`./lmaas run\` from this checkout, **base** = a node from $BASE_SHA's exec jar enrolled with a join token; same machine, same model files."
    echo "- CPU: user + system from /proc per answered request, of each node's JVM."
    echo "- Raw per-run figures: [$(basename "$RAW")]($(basename "$RAW"))"
    echo
    cat "$WORK/summary.md"
  } >"$OUT"
  say "Results: $OUT"
  cat "$OUT"
  exit 0
fi

JDBC=$(sed -n 's/.*"jdbc_url" *: *"\([^"]*\)".*/\1/p' "$DATA/run.json")
mkdir -p "$WORK/data-base"; cp -r "$DATA/secrets" "$WORK/data-base/"; [ ! -f "$DATA/admin-key" ] || cp "$DATA/admin-key" "$WORK/data-base/"
say "Starting the base control plane on :$BASE_PORT (same database, node and secrets)"
# The base may lack migrations the new one applied: it must not refuse the newer schema.
(for kv in ${BASE_ENV[@]+"${BASE_ENV[@]}"}; do export "$kv"; done
 SPRING_DATASOURCE_PASSWORD="$(cat "$DATA/secrets/postgres-password")" LMAAS_DATA_DIR="$WORK/data-base" LMAAS_PORT="$BASE_PORT" \
 LMAAS_NODE_LINK_PORT="$BASE_LINK" exec "$JAVA" --enable-native-access=ALL-UNNAMED -jar "$WORK/base.jar" \
   --spring.datasource.url="$JDBC" --spring.datasource.username=lmaas --spring.flyway.ignore-migration-patterns='*:future' \
   >"$WORK/base.log" 2>&1) &
BASE_PID=$!
wait_http "http://127.0.0.1:$BASE_PORT/actuator/health/readiness" 300 "$BASE_PID" || { tail -30 "$WORK/base.log"; fail "the base control plane did not start"; }
NEW_JVM=$(pid_on "$CP_PORT"); BASE_JVM=$(pid_on "$BASE_PORT"); PG_PID=$(head -1 "$DATA/postgres/postmaster.pid" 2>/dev/null || true)
[ -n "$NEW_JVM" ] && [ -n "$BASE_JVM" ] && [ -n "$PG_PID" ] || fail "could not find the processes to measure"
for url in "$CP_URL" "http://127.0.0.1:$BASE_PORT"; do
  for _ in $(seq 1 60); do
    code=$(curl -s -o "$WORK/probe.json" -w '%{http_code}' "$url/v1/$ENDPOINT" -H @<(printf 'Authorization: Bearer %s\n' "$(cat "$WORK/tenant-key")") \
      -H 'Content-Type: application/json' -d "$BODY")
    [ "$code" = 200 ] && break; sleep 1
  done
  [ "$code" = 200 ] || fail "$url answered $code: $(head -c 300 "$WORK/probe.json")"
done

DATE=$(date -u +%Y-%m-%d)
OUT="$BENCH/results/ab-$DATE-$BASE_SHA..${HEAD_SHA%+changes}.md"; RAW="${OUT%.md}.tsv"
prewarm "base=http://127.0.0.1:$BASE_PORT/v1/$ENDPOINT" "new=$CP_URL/v1/$ENDPOINT" --body "$BODY" --key-file "$WORK/tenant-key"
say "Load: concurrency $CONC, $RUNS runs x ${SECONDS_PER}s (+${WARMUP}s warm-up), base and new interleaved"
"$JAVA" -XX:+UseSerialGC -Xmx256m "$LOADGEN" bench \
  --target "base=http://127.0.0.1:$BASE_PORT/v1/$ENDPOINT" --target "new=$CP_URL/v1/$ENDPOINT" --body "$BODY" \
  --compare new --key-file "$WORK/tenant-key" \
  --cpu "base control plane=$BASE_JVM" --cpu "new control plane=$NEW_JVM" --cpu "PostgreSQL=tree:$PG_PID" \
  --concurrency "$CONC" --runs "$RUNS" --seconds "$SECONDS_PER" --warmup "$WARMUP" \
  --raw "$RAW" --out "$WORK/summary.md"
{
  echo "# Control plane A/B — $DATE: $BASE_SHA (base) vs $HEAD_SHA (new)"
  echo
  machine_md
  echo "- Command: \`bench/ab/run.sh --base $BASE --concurrency $CONC --runs $RUNS --seconds $SECONDS_PER --warmup $WARMUP --prewarm $PREWARM --endpoint $ENDPOINT${NEW_ENV[*]:+ --new-env ${NEW_ENV[*]}}${BASE_ENV[*]:+ --base-env ${BASE_ENV[*]}}\`"
  echo "- Paths: **new** = POST /v1/$ENDPOINT on \`./lmaas run\` from this checkout; **base** = the same on a second control plane from $BASE_SHA's exec jar, on the same database, node (mTLS) and tenant. Every feature on in both (key check, plan, limits, quota, the call's admission committed while the node works, usage + audit records after the answer)."
  echo "- CPU: user + system from /proc per answered request, of each control plane's JVM and of PostgreSQL (postmaster and backends); during a path's point only that path's control plane serves."
  echo "- Raw per-run figures: [$(basename "$RAW")]($(basename "$RAW"))"
  echo
  cat "$WORK/summary.md"
} >"$OUT"
say "Results: $OUT"
cat "$OUT"
