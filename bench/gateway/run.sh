#!/usr/bin/env bash
# Gateway benchmark, one command: the same embedding request (int8 MiniLM, short input) sent
#   direct   straight to the node (POST /internal/v1/infer over the node link's TLS 1.3 with the
#            control plane's kind of client certificate, keep-alive),
#   nginx    through nginx: plain HTTP in, proxy_pass https:// to the node with the same client
#            certificate, keep-alive upstream (the floor of one proxy hop on the same mTLS link),
#   cp       through the control plane's /v1/embeddings with every feature on (key check, plan,
#            rate limits, quota lease, usage + audit group commit before the answer),
#   cp-off   a second control plane on the same database and node, with enforcement (plan, limits,
#            quota) and metering (usage + audit records) switched off by a test-classpath launcher
#            (platform-api/src/test/.../bench/BenchControlPlane.java; main code has no such switch),
#   relay    the floor of the control plane's stack: Spring Boot's embedded Tomcat with one servlet relaying
#            nginx's request bytes to the node over HttpClient 5 with the same mTLS (bench/BenchRelay.java),
# at several concurrencies, interleaved run by run, medians of several runs, with the CPU each process
# (load generator, node, nginx, relay, both control planes, PostgreSQL) spends per answered request on each path.
#
#   bench/gateway/run.sh [--concurrency 1,4,16] [--runs 3] [--seconds 8] [--warmup 2] [--prewarm 20] [--keep] [--no-build] [--quick]
#
# --quick (or LMAAS_BENCH_QUICK=1): concurrency 1,4, 1 run x 2 s (+1 s warm-up): proves the paths work, figures are noise.
# The client certificate of the direct and nginx paths is issued by bench_client_cert (lib.sh) from the
# running control plane's cluster CA (DATA_DIR/secrets/node-ca), with the control plane's identity; the
# node itself enrolls with a join token like any node of ./lmaas run.
#
# Builds the whole reactor first (./mvnw package -DskipTests, ~1-2 min) so the jars hold this checkout's
# modules and not whatever another checkout last installed into ~/.m2; --no-build skips that.
# Starts its own control plane (embedded PostgreSQL) and node with ./lmaas run on a private data
# directory under bench/work/, on free loopback ports; installs nginx with apt-get if it is missing.
# Writes bench/results/gateway-<date>.md (and the raw per-run figures next to it, .tsv).
set -euo pipefail
source "$(cd "$(dirname "$0")/.." && pwd)/lib.sh"

CONC=1,4,16 RUNS=3 SECONDS_PER=8 WARMUP=2 PREWARM=20 KEEP=0 BUILD=1
[ "${LMAAS_BENCH_QUICK:-}" != 1 ] || { CONC=1,4 RUNS=1 SECONDS_PER=2 WARMUP=1 PREWARM=0; }
while [ $# -gt 0 ]; do
  case "$1" in
    --concurrency) CONC=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --seconds) SECONDS_PER=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --prewarm) PREWARM=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --no-build) BUILD=0; shift ;;
    --quick) LMAAS_BENCH_QUICK=1 CONC=1,4 RUNS=1 SECONDS_PER=2 WARMUP=1 PREWARM=0; shift ;;
    -h|--help) sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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

if [ "$BUILD" = 1 ]; then
  say "Building this checkout (./mvnw package -DskipTests)"
  "$ROOT/mvnw" -B -q -f "$ROOT/pom.xml" package -DskipTests >/tmp/lmaas-bench-build-$$.log 2>&1 \
    || { tail -30 /tmp/lmaas-bench-build-$$.log; fail "the build failed"; }
  rm -f /tmp/lmaas-bench-build-$$.log
fi

STAMP=$(date -u +%Y%m%d-%H%M%S)
WORK="$BENCH/work/gateway-$STAMP"
DATA="$WORK/data"
mkdir -p "$WORK" "$BENCH/results"
CP_PORT=$(free_port); NODE_PORT=$(free_port "$CP_PORT"); NGINX_PORT=$(free_port "$CP_PORT" "$NODE_PORT" $((NODE_PORT + 1)))
LINK_PORT=$(free_port "$CP_PORT" "$NODE_PORT" $((NODE_PORT + 1)) "$NGINX_PORT")
CP_URL="http://127.0.0.1:$CP_PORT"

LMAAS_PID="" NGINX_PID="" OFF_PID="" RELAY_PID=""
cleanup() {
  trap - EXIT INT TERM
  [ -z "$NGINX_PID" ] || { kill -TERM "$NGINX_PID" 2>/dev/null || true; wait "$NGINX_PID" 2>/dev/null || true; }
  [ -z "$OFF_PID" ] || { kill -TERM "$OFF_PID" 2>/dev/null || true; wait "$OFF_PID" 2>/dev/null || true; }
  [ -z "$RELAY_PID" ] || { kill -TERM "$RELAY_PID" 2>/dev/null || true; wait "$RELAY_PID" 2>/dev/null || true; }
  if [ -n "$LMAAS_PID" ]; then
    kill -TERM "$LMAAS_PID" 2>/dev/null || true   # ./lmaas stops the node, the control plane and its PostgreSQL
    wait "$LMAAS_PID" 2>/dev/null || true
  fi
  [ "$KEEP" = 1 ] || rm -rf "$DATA/postgres" "$DATA/models" "$DATA/cache" "$WORK/exec" "$WORK/client-tls"
}
trap cleanup EXIT INT TERM

say "Starting the control plane on :$CP_PORT and one node on :$NODE_PORT (builds first if needed; data in $WORK)"
"$ROOT/lmaas" run --data-dir "$DATA" --port "$CP_PORT" --node-port "$NODE_PORT" --link-port "$LINK_PORT" >"$WORK/lmaas.log" 2>&1 &
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

say "Issuing the bench's node-link client certificate from the control plane's cluster CA"
CERTS="$WORK/client-tls"
bench_client_cert "$DATA/secrets/node-ca" "$CERTS"
bench_tls_opts "$CERTS"

say "Starting nginx on :$NGINX_PORT (proxy_pass https:// to the node with the client certificate, keep-alive upstream)"
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
      proxy_pass https://node;
      proxy_http_version 1.1;
      # The node link's mTLS, as the control plane speaks it: TLS 1.3, the control plane's kind of
      # client certificate (the node refuses /internal without it). The node's certificate is NOT
      # verified on this hop: nginx 1.22 checks the upstream name with X509_check_host, which never
      # matches an IP address SAN, and the node's certificate names 127.0.0.1 by IP only. Verification
      # happens once per keep-alive connection, so per-request work is the same as the control plane's.
      proxy_ssl_protocols TLSv1.3;
      proxy_ssl_certificate $CERTS/client.crt;
      proxy_ssl_certificate_key $CERTS/client.key;
      proxy_ssl_trusted_certificate $CERTS/ca.crt;
      proxy_ssl_verify off;
      proxy_ssl_session_reuse on;
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

JDBC=$(sed -n 's/.*"jdbc_url" *: *"\([^"]*\)".*/\1/p' "$DATA/run.json")
OFF_PORT=$(free_port "$CP_PORT" "$NODE_PORT" $((NODE_PORT + 1)) "$NGINX_PORT")
say "Starting a second control plane on :$OFF_PORT with enforcement and metering off (same database, node and secrets)"
if [ ! -f "$ROOT/platform-api/target/test-classes/dev/lmaas/platform/api/bench/BenchRelay.class" ]; then
  "$ROOT/mvnw" -B -q -f "$ROOT/pom.xml" test-compile -pl platform-api >"$WORK/test-compile.log" 2>&1 || fail "test-compile failed ($WORK/test-compile.log)"
fi
# The very classes and libraries of the exec jar that `cp` runs (not ~/.m2, which other checkouts overwrite), plus the launcher.
mkdir -p "$WORK/exec" && (cd "$WORK/exec" && "$JAVA_HOME/bin/jar" xf "$ROOT/platform-api/target/platform-api-0.1.0-SNAPSHOT-exec.jar")
mkdir -p "$WORK/data-off"; cp -r "$DATA/secrets" "$WORK/data-off/"
SPRING_DATASOURCE_PASSWORD="$(cat "$DATA/secrets/postgres-password")" \
"$JAVA" --enable-native-access=ALL-UNNAMED -cp "$ROOT/platform-api/target/test-classes:$WORK/exec/BOOT-INF/classes:$WORK/exec/BOOT-INF/lib/*" \
  dev.lmaas.platform.api.bench.BenchControlPlane --server.port="$OFF_PORT" --lmaas.data-dir="$WORK/data-off" \
  --spring.datasource.url="$JDBC" --spring.datasource.username=lmaas >"$WORK/cp-off.log" 2>&1 &
OFF_PID=$!
wait_http "http://127.0.0.1:$OFF_PORT/actuator/health/readiness" 300 "$OFF_PID" || { tail -30 "$WORK/cp-off.log"; fail "the metering-off control plane did not start"; }
for _ in $(seq 1 30); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$OFF_PORT/v1/embeddings" -H @<(printf 'Authorization: Bearer %s\n' "$(cat "$WORK/tenant-key")") \
    -H 'Content-Type: application/json' -d '{"model":"all-minilm-l6-v2-int8","input":["probe"]}')" = 200 ] && break
  sleep 1
done

RELAY_PORT=$(free_port "$CP_PORT" "$NODE_PORT" $((NODE_PORT + 1)) "$NGINX_PORT" "$OFF_PORT")
say "Starting the stack's floor on :$RELAY_PORT (Spring Boot's Tomcat + one servlet relaying bytes to the node over HttpClient 5 and mTLS)"
"$JAVA" -cp "$ROOT/platform-api/target/test-classes:$WORK/exec/BOOT-INF/lib/*" dev.lmaas.platform.api.bench.BenchRelay \
  "$RELAY_PORT" "https://127.0.0.1:$NODE_PORT/internal/v1/infer" "$CERTS/client.crt" "$CERTS/client.key" "$CERTS/ca.crt" >"$WORK/relay.log" 2>&1 &
RELAY_PID=$!
for _ in $(seq 1 100); do port_free "$RELAY_PORT" || break; sleep 0.2; done
kill -0 "$RELAY_PID" 2>/dev/null || { cat "$WORK/relay.log" >&2; fail "the relay did not start"; }

DATE=$(date -u +%Y-%m-%d)
OUT="$BENCH/results/gateway-$DATE.md"
RAW="$BENCH/results/gateway-$DATE.tsv"
# A quick run proves the paths work; its figures are noise and stay out of bench/results/.
[ "${LMAAS_BENCH_QUICK:-}" != 1 ] || { OUT="$WORK/gateway-quick.md"; RAW="$WORK/gateway-quick.tsv"; }
# Every path gets PREWARM seconds of unrecorded load at the highest concurrency first: a control plane's JIT takes a
# minute or more to settle on two busy cores, and the first measured runs would otherwise pay for it (the node too).
if [ "$PREWARM" -gt 0 ]; then
  say "Pre-warming each path for ${PREWARM}s at concurrency ${CONC##*,} (not recorded)"
  for target in "direct=https://127.0.0.1:$NODE_PORT/internal/v1/infer" "nginx=http://127.0.0.1:$NGINX_PORT/internal/v1/infer" \
                "cp=$CP_URL/v1/embeddings" "cp-off=http://127.0.0.1:$OFF_PORT/v1/embeddings" \
                "relay=http://127.0.0.1:$RELAY_PORT/internal/v1/infer"; do
    "$JAVA" -XX:+UseSerialGC -Xmx256m "$LOADGEN" bench --target "$target" --key-file "$WORK/tenant-key" "${TLS_OPTS[@]}" \
      --concurrency "${CONC##*,}" --runs 1 --seconds "$PREWARM" --warmup 0 >/dev/null 2>&1
  done
fi
# The CPU every process spends per answered request, per path: on two shared cores the throughput at 16 is about two
# cores' worth of CPU divided by the sum, so this shows what each path's own work costs the machine.
CP_JVM=$(pid_on "$CP_PORT"); NODE_JVM=$(pid_on "$NODE_PORT"); PG_PID=$(head -1 "$DATA/postgres/postmaster.pid" 2>/dev/null || true)
[ -n "$CP_JVM" ] && [ -n "$NODE_JVM" ] && [ -n "$PG_PID" ] || fail "could not find the control plane's, the node's and PostgreSQL's processes"
CPU_OPTS=(--cpu "load generator=self" --cpu "node=$NODE_JVM" --cpu "nginx=tree:$NGINX_PID" --cpu "relay=$RELAY_PID" --cpu "cp=$CP_JVM"
          --cpu "cp-off=$OFF_PID" --cpu "PostgreSQL=tree:$PG_PID")
say "Load: concurrency $CONC, $RUNS runs x ${SECONDS_PER}s per point (+${WARMUP}s warm-up each), paths direct / nginx / cp / cp-off / relay, interleaved"
"$JAVA" -XX:+UseSerialGC -Xmx256m "$LOADGEN" bench \
  --target "direct=https://127.0.0.1:$NODE_PORT/internal/v1/infer" \
  --target "nginx=http://127.0.0.1:$NGINX_PORT/internal/v1/infer" \
  --target "cp=$CP_URL/v1/embeddings" \
  --target "cp-off=http://127.0.0.1:$OFF_PORT/v1/embeddings" \
  --target "relay=http://127.0.0.1:$RELAY_PORT/internal/v1/infer" \
  --compare cp,relay --key-file "$WORK/tenant-key" "${TLS_OPTS[@]}" "${CPU_OPTS[@]}" \
  --concurrency "$CONC" --runs "$RUNS" --seconds "$SECONDS_PER" --warmup "$WARMUP" \
  --raw "$RAW" --out "$WORK/summary.md"

# What the control plane recorded: one usage and one audit row per answered request (cp-off records none).
PGPORT=$(echo "$JDBC" | sed -n 's#.*://[^:]*:\([0-9]*\)/.*#\1#p')
export PGPASSWORD="$(cat "$DATA/secrets/postgres-superuser-password")"
PGDB=$(echo "$JDBC" | sed -n 's#.*/\([^/?]*\)\(?.*\)\{0,1\}$#\1#p')
RECORDS=$(psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d "$PGDB" -Atc \
  "SELECT (SELECT count(*) FROM usage_records WHERE tenant_id='$TENANT') || ' usage records, ' ||
          (SELECT count(*) FROM audit_log WHERE tenant_id='$TENANT' AND kind='api') || ' API audit records'" 2>/dev/null || echo "(database not queried)")
VERIFY=$(admin GET /admin/v1/audit/verify | head -c 300)
# Where a request's time goes inside the control plane, averaged over every request of the run
# (the control plane's own timers; http = Tomcat's request timer for POST /v1/embeddings answered 200).
OVERHEAD=$(curl -s -H @<(printf 'Authorization: Bearer %s\n' "$(cat "$DATA/secrets/metrics-token")") "$CP_URL/actuator/prometheus" | awk '
  /^http_server_requests_seconds_sum/ && /uri="\/v1\/embeddings"/ && /status="200"/ { hs += $NF }
  /^http_server_requests_seconds_count/ && /uri="\/v1\/embeddings"/ && /status="200"/ { hc += $NF }
  /^lmaas_gateway_node_time_seconds_sum/ { ns += $NF } /^lmaas_gateway_node_time_seconds_count/ { nc += $NF }
  /^lmaas_gateway_overhead_time_seconds_sum/ { os += $NF }
  /^lmaas_ledger_commit_wait_seconds_sum/ { ls += $NF } /^lmaas_ledger_commit_wait_seconds_count/ { lc += $NF }
  END {
    if (hc > 0 && nc > 0 && lc > 0) {
      print "| answers | time in the control plane (Tomcat timer) | node queue + inference | routing, admission, node call and JSON (outside the node) | waiting for the usage + audit commit (since 0663127: for the admission) | the rest (filters, key check, writing the answer) |"
      print "|---:|---:|---:|---:|---:|---:|"
      printf "| %d | %.3f ms | %.3f ms | %.3f ms | %.3f ms | %.3f ms |\n", hc, hs / hc * 1000, ns / nc * 1000, os / nc * 1000, ls / lc * 1000, (hs / hc - ns / nc - os / nc - ls / lc) * 1000
    }
  }' || true)

{
  echo "# Gateway benchmark — $DATE"
  echo
  machine_md
  echo "- Command: \`bench/gateway/run.sh --concurrency $CONC --runs $RUNS --seconds $SECONDS_PER --warmup $WARMUP --prewarm $PREWARM\`"
  echo "- Node link: TLS 1.3 with client certificates (the bench's certificate issued from the control plane's cluster CA); no per-request HMAC any more"
  echo "- Request: \`all-minilm-l6-v2-int8\`, one short input (\"The quick brown fox jumps over the lazy dog.\", 12 tokens), float embeddings"
  echo "- Paths: **direct** = POST /internal/v1/infer on the node over the node link's mTLS (TLS 1.3, a client certificate of the cluster CA naming the control plane, keep-alive); **nginx** = the same request in plain HTTP to nginx $("$NGINX" -v 2>&1 | sed 's#.*/##') (1 worker), which proxies it over the same mTLS (\`proxy_pass https://\`, \`proxy_ssl_certificate\`, keep-alive upstream; the node's certificate is not verified by nginx 1.22, which cannot match an IP SAN — once per connection, no per-request cost) to the node; **cp** = POST /v1/embeddings on the control plane with a tenant key (plan \`bench\`: limits far above capacity, every check on; the call's admission committed to the embedded PostgreSQL while the node works and awaited before the answer, usage + audit records group-committed right after it), which then calls the node; **cp-off** = a second control plane on the same database and node with enforcement (plan, rate limits, quota) and metering (usage + audit records) replaced by no-ops (test-classpath launcher \`BenchControlPlane\`; key check, routing, JSON unchanged), so **cp vs cp-off is the cost of enforcement + durable metering**; **relay** = the floor of the control plane's stack (test-classpath \`BenchRelay\`): Spring Boot's embedded Tomcat (platform threads, pool and keep-alive limit as the control plane's) with one servlet that relays nginx's request bytes to the node over Apache HttpClient 5 with the same mTLS and pool policies as the control plane's node client, and the node's bytes back (no filters, key check, JSON or database), so **relay vs nginx is what the stack costs before any control-plane work, and cp vs relay what this control plane adds on top**"
  echo "- Load generator: bench/loadgen/Bench.java (closed loop, one keep-alive connection per worker, a fresh request id per request; TLS handshake once per connection), on the same 2 cores as the servers; ${PREWARM} s of unrecorded load per path at the highest concurrency first, then each point ${SECONDS_PER} s after ${WARMUP} s warm-up; runs interleaved (run r: c=1 direct, nginx, cp, cp-off, relay; c=4 ...)"
  echo "- CPU: user + system from /proc per answered request, per process (nginx: master and worker; PostgreSQL: postmaster and backends; load generator: Bench itself), measured during each path's points while only that path is loaded; **sum** is the machine's CPU per call, which bounds the throughput at 16 on two cores (about 2000 ms of CPU per second / sum). Idle processes' own timers count in every path (a few µs per call)."
  echo "- Raw per-run figures: [gateway-$DATE.tsv](gateway-$DATE.tsv)"
  echo
  cat "$WORK/summary.md"
  echo
  echo "### Afterwards"
  echo
  echo "- Control plane records for the bench tenant: $RECORDS"
  echo "- Audit chain verification: \`$VERIFY\`"
  echo "- Where the time of the \`cp\` path's answers went inside the control plane, averaged over all of them (all concurrencies;"
  echo "  the control plane's own timers lmaas.gateway.node.time, lmaas.gateway.overhead.time, lmaas.ledger.commit.wait):"
  echo
  echo "$OVERHEAD"
} >"$OUT"
say "Results: $OUT"
cat "$OUT"
