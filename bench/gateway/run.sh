#!/usr/bin/env bash
# Gateway benchmark, one command: the same embedding request (int8 MiniLM, short input) sent
#   direct   straight to the node (POST /internal/v1/infer, signed per request),
#   nginx    through an nginx proxy_pass to the node (the floor of one proxy hop),
#   cp       through the control plane's /v1/embeddings with every feature on (key check, plan,
#            rate limits, quota lease, usage + audit group commit before the answer),
# at several concurrencies, interleaved run by run, medians of several runs.
#
#   bench/gateway/run.sh [--concurrency 1,4,16] [--runs 3] [--seconds 8] [--warmup 2] [--keep]
#
# Starts its own control plane (embedded PostgreSQL) and node with ./lmaas run on a private data
# directory under bench/work/, on free loopback ports; installs nginx with apt-get if it is missing.
# Writes bench/results/gateway-<date>.md (and the raw per-run figures next to it, .tsv).
set -euo pipefail
source "$(cd "$(dirname "$0")/.." && pwd)/lib.sh"

CONC=1,4,16 RUNS=3 SECONDS_PER=8 WARMUP=2 KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --concurrency) CONC=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --seconds) SECONDS_PER=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown option $1" ;;
  esac
done

find_java
need_curl
if ! command -v nginx >/dev/null 2>&1; then
  say "Installing nginx (Debian package) for the proxy baseline"
  { apt-get install -y --no-install-recommends nginx || { apt-get update && apt-get install -y --no-install-recommends nginx; }; } >/dev/null \
    || fail "could not install nginx; install it (apt-get install -y nginx) and run again"
fi
NGINX=$(command -v nginx)

STAMP=$(date -u +%Y%m%d-%H%M%S)
WORK="$BENCH/work/gateway-$STAMP"
DATA="$WORK/data"
mkdir -p "$WORK" "$BENCH/results"
CP_PORT=$(free_port); NODE_PORT=$(free_port "$CP_PORT"); NGINX_PORT=$(free_port "$CP_PORT" "$NODE_PORT" $((NODE_PORT + 1)))
CP_URL="http://127.0.0.1:$CP_PORT"

LMAAS_PID="" NGINX_PID=""
cleanup() {
  trap - EXIT INT TERM
  [ -z "$NGINX_PID" ] || { kill -TERM "$NGINX_PID" 2>/dev/null || true; wait "$NGINX_PID" 2>/dev/null || true; }
  if [ -n "$LMAAS_PID" ]; then
    kill -TERM "$LMAAS_PID" 2>/dev/null || true   # ./lmaas stops the node, the control plane and its PostgreSQL
    wait "$LMAAS_PID" 2>/dev/null || true
  fi
  [ "$KEEP" = 1 ] || rm -rf "$DATA/postgres" "$DATA/models" "$DATA/cache"
}
trap cleanup EXIT INT TERM

say "Starting the control plane on :$CP_PORT and one node on :$NODE_PORT (builds first if needed; data in $WORK)"
"$ROOT/lmaas" run --data-dir "$DATA" --port "$CP_PORT" --node-port "$NODE_PORT" >"$WORK/lmaas.log" 2>&1 &
LMAAS_PID=$!
for i in $(seq 1 900); do
  [ -f "$DATA/run.json" ] && break
  kill -0 "$LMAAS_PID" 2>/dev/null || { tail -30 "$WORK/lmaas.log"; fail "./lmaas run stopped (log: $WORK/lmaas.log)"; }
  sleep 1
done
[ -f "$DATA/run.json" ] || fail "the platform did not start in 15 minutes (log: $WORK/lmaas.log)"
ADMIN_KEY=$(cat "$DATA/admin-key")
wait_node_model all-minilm-l6-v2-int8 60 || fail "the node did not register with the control plane"
TENANT=$(tenant_with_key bench "$WORK/tenant-key")
say "Tenant $TENANT on plan 'bench' (limits far above this machine's capacity, all checks still on)"

say "Starting nginx on :$NGINX_PORT (proxy_pass to the node, keep-alive upstream)"
mkdir -p "$WORK/nginx/tmp"
cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/tmp/body;
  proxy_temp_path $WORK/nginx/tmp/proxy;
  fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
  uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
  scgi_temp_path $WORK/nginx/tmp/scgi;
  upstream node { server 127.0.0.1:$NODE_PORT; keepalive 64; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://node;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
    }
  }
}
EOF
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" >"$WORK/nginx/stdout.log" 2>&1 &
NGINX_PID=$!
for i in $(seq 1 50); do port_free "$NGINX_PORT" || break; sleep 0.1; done
kill -0 "$NGINX_PID" 2>/dev/null || { cat "$WORK/nginx/error.log" "$WORK/nginx/stdout.log" >&2; fail "nginx did not start"; }

DATE=$(date -u +%Y-%m-%d)
OUT="$BENCH/results/gateway-$DATE.md"
RAW="$BENCH/results/gateway-$DATE.tsv"
say "Load: concurrency $CONC, $RUNS runs x ${SECONDS_PER}s per point (+${WARMUP}s warm-up each), paths direct / nginx / cp, interleaved"
"$JAVA" -XX:+UseSerialGC -Xmx256m "$LOADGEN" bench \
  --target "direct=http://127.0.0.1:$NODE_PORT/internal/v1/infer" \
  --target "nginx=http://127.0.0.1:$NGINX_PORT/internal/v1/infer" \
  --target "cp=$CP_URL/v1/embeddings" \
  --compare cp --key-file "$WORK/tenant-key" --secret-file "$DATA/secrets/cluster-secret" \
  --concurrency "$CONC" --runs "$RUNS" --seconds "$SECONDS_PER" --warmup "$WARMUP" \
  --raw "$RAW" --out "$WORK/summary.md"

# What the control plane recorded: one usage and one audit row per answered request.
JDBC=$(sed -n 's/.*"jdbc_url" *: *"\([^"]*\)".*/\1/p' "$DATA/run.json")
PGPORT=$(echo "$JDBC" | sed -n 's#.*://[^:]*:\([0-9]*\)/.*#\1#p')
PGDB=$(echo "$JDBC" | sed -n 's#.*/\([^/?]*\)\(?.*\)\{0,1\}$#\1#p')
RECORDS=$(psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d "$PGDB" -Atc \
  "SELECT (SELECT count(*) FROM usage_records WHERE tenant_id='$TENANT') || ' usage records, ' ||
          (SELECT count(*) FROM audit_log WHERE tenant_id='$TENANT' AND kind='api') || ' API audit records'" 2>/dev/null || echo "(database not queried)")
VERIFY=$(admin GET /admin/v1/audit/verify | head -c 300)
OVERHEAD=$(curl -s "$CP_URL/actuator/prometheus" | grep -E '^lmaas_gateway_(overhead|node)_time_seconds_(sum|count)' | sed 's/^/    /' || true)

{
  echo "# Gateway benchmark — $DATE"
  echo
  machine_md
  echo "- Command: \`bench/gateway/run.sh --concurrency $CONC --runs $RUNS --seconds $SECONDS_PER --warmup $WARMUP\`"
  echo "- Request: \`all-minilm-l6-v2-int8\`, one short input (\"The quick brown fox jumps over the lazy dog.\", 12 tokens), float embeddings"
  echo "- Paths: **direct** = signed POST /internal/v1/infer on the node; **nginx** = the same signed request through nginx $("$NGINX" -v 2>&1 | sed 's#.*/##') (1 worker, keep-alive upstream) to the node; **cp** = POST /v1/embeddings on the control plane with a tenant key (plan \`bench\`: limits far above capacity, every check on; usage + audit group commit to the embedded PostgreSQL before the answer), which then calls the node"
  echo "- Load generator: bench/loadgen/Bench.java (closed loop, one keep-alive connection per worker, a fresh request id and HMAC signature per request), on the same 2 cores as the servers; each point ${SECONDS_PER} s after ${WARMUP} s warm-up; runs interleaved (run r: c=1 direct, nginx, cp; c=4 ...)"
  echo "- Raw per-run figures: [gateway-$DATE.tsv](gateway-$DATE.tsv)"
  echo
  cat "$WORK/summary.md"
  echo
  echo "### Afterwards"
  echo
  echo "- Control plane records for the bench tenant: $RECORDS"
  echo "- Audit chain verification: \`$VERIFY\`"
  echo "- Control plane's own timers (lmaas.gateway.overhead.time = time in the control plane outside the node's queue+inference, incl. the ledger commit):"
  echo
  echo "$OVERHEAD"
} >"$OUT"
say "Results: $OUT"
cat "$OUT"
