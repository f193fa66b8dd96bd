#!/usr/bin/env bash
# Fault injection under steady load, one command (issue 9). Starts its own control plane (embedded
# PostgreSQL) and two inference nodes from the built jars, on a private data directory under
# bench/work/ and free loopback ports, drives /v1/embeddings with bench/loadgen/Bench.java (own
# x-request-id per request), and injects:
#   1. node-kill   SIGKILL one of two nodes: only its in-flight requests may fail (the router retries
#                  them once on the other node), the survivor takes the traffic.
#   2. pg-stop     PostgreSQL stopped (fast shutdown) for a while, then started again: answers are 503
#                  (never 500, never a hang) while it is down; 200s again within seconds after.
#   3. pg-crash    PostgreSQL SIGKILLed (crash, WAL recovery at restart): same expectations.
# After all three: every request answered 200 has exactly one usage record and one audit record,
# no request id is recorded twice, and the audit chains verify.
# (SIGKILL of the control plane itself is ControlPlaneCrashIT in platform-api, run by ./mvnw verify.)
#
#   bench/faults/run.sh [--concurrency 8] [--outage 6] [--keep] [--quick]
#
# Nodes enroll on the mTLS node link like ./lmaas run's (join token + CA pin in their environment).
# --quick (or LMAAS_BENCH_QUICK=1): outage 3 s; same checks; report written to bench/work/ only.
#
# Writes bench/results/faults-<date>.md.
set -euo pipefail
source "$(cd "$(dirname "$0")/.." && pwd)/lib.sh"

CONC=8 OUTAGE=6 KEEP=0 QUICK=${LMAAS_BENCH_QUICK:-0}
while [ $# -gt 0 ]; do
  case "$1" in
    --concurrency) CONC=$2; shift 2 ;;
    --outage) OUTAGE=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --quick) QUICK=1; shift ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown option $1" ;;
  esac
done
[ "$QUICK" != 1 ] || OUTAGE=3

find_java
need_curl
command -v psql >/dev/null || fail "psql is needed (apt-get install -y postgresql-client)"
VERSION=0.1.0-SNAPSHOT
CP_JAR="$ROOT/platform-api/target/platform-api-$VERSION-exec.jar"
NODE_JAR="$ROOT/inference-node/server/target/inference-node-server-$VERSION-exec.jar"
if [ ! -f "$CP_JAR" ] || [ ! -f "$NODE_JAR" ]; then
  say "Building the jars (./mvnw package -DskipTests; never install: ~/.m2 is shared)"
  "$ROOT/mvnw" -B -q -f "$ROOT/pom.xml" package -DskipTests >/dev/null || fail "the build failed"
fi

STAMP=$(date -u +%Y%m%d-%H%M%S)
WORK="$BENCH/work/faults-$STAMP"
DATA="$WORK/data"
mkdir -p "$DATA" "$BENCH/results"
CP_PORT=$(free_port); N1_PORT=$(free_port "$CP_PORT"); N2_PORT=$(free_port "$CP_PORT" "$N1_PORT" $((N1_PORT + 1)))
LINK_PORT=$(free_port "$CP_PORT" "$N1_PORT" $((N1_PORT + 1)) "$N2_PORT" $((N2_PORT + 1)))
CP_URL="http://127.0.0.1:$CP_PORT"

CP_PID="" N1_PID="" N2_PID="" PG_PID="" LOAD_PID=""
cleanup() {
  trap - EXIT INT TERM
  for p in $LOAD_PID $N2_PID $N1_PID; do kill -TERM "$p" 2>/dev/null || true; done
  if [ -n "$CP_PID" ]; then kill -TERM "$CP_PID" 2>/dev/null || true; wait "$CP_PID" 2>/dev/null || true; fi
  # A postgres we restarted ourselves is not the control plane's child: stop it here.
  [ -z "$PG_PID" ] || { kill -INT "$PG_PID" 2>/dev/null || true; for _ in $(seq 1 50); do kill -0 "$PG_PID" 2>/dev/null || break; sleep 0.2; done; }
  wait 2>/dev/null || true
  [ "$KEEP" = 1 ] || rm -rf "$DATA/postgres" "$DATA"/node-*/models "$DATA"/node-*/cache
}
trap cleanup EXIT INT TERM

JVM=(--enable-native-access=ALL-UNNAMED)
start_node() { # index port: enrolls with a join token (lib.sh start_joined_node)
  start_joined_node "$NODE_JAR" "faults-node-$1" "$2" "$DATA/node-$1" "$WORK/node-$1.log" \
    --lmaas.node.builtin-models=all-minilm-l6-v2-int8 --lmaas.node.registration.heartbeat-interval=1s
}

say "Starting the control plane on :$CP_PORT, node link on :$LINK_PORT (data in $WORK)"
LMAAS_NODE_LINK_PORT="$LINK_PORT" "$JAVA" "${JVM[@]}" -Xmx768m -jar "$CP_JAR" --server.port="$CP_PORT" --lmaas.data-dir="$DATA" \
  --lmaas.nodes.evict-after=3s >"$WORK/control-plane.log" 2>&1 &
CP_PID=$!
wait_http "$CP_URL/actuator/health/readiness" 300 "$CP_PID" || { tail -30 "$WORK/control-plane.log"; fail "the control plane did not start"; }
ADMIN_KEY=$(cat "$DATA/admin-key")
say "Starting two nodes on :$N1_PORT and :$N2_PORT"
start_node 1 "$N1_PORT"; N1_PID=$NODE_PID
start_node 2 "$N2_PORT"; N2_PID=$NODE_PID
NODE_CA="$DATA/secrets/node-ca/ca.crt"
wait_http "https://127.0.0.1:$N1_PORT/actuator/health/readiness" 300 "$N1_PID" "$NODE_CA" || fail "node 1 did not start (log: $WORK/node-1.log)"
wait_http "https://127.0.0.1:$N2_PORT/actuator/health/readiness" 300 "$N2_PID" "$NODE_CA" || fail "node 2 did not start (log: $WORK/node-2.log)"
for _ in $(seq 1 60); do [ "$(admin GET /admin/v1/nodes | grep -o '"faults-node-[12]"' | sort -u | wc -l)" = 2 ] && break; sleep 1; done
TENANT=$(tenant_with_key faults "$WORK/tenant-key")

JDBC=$(sed -n 's/.*"jdbc_url" *: *"\([^"]*\)".*/\1/p' "$DATA/run/control-plane.json")
PGPORT=$(echo "$JDBC" | sed -n 's#.*://[^:]*:\([0-9]*\)/.*#\1#p')
# The embedded PostgreSQL wants SCRAM passwords (generated 0600 into the data directory); psql reads this one from the environment.
export PGPASSWORD="$(cat "$DATA/secrets/postgres-superuser-password")"
PGDB=$(echo "$JDBC" | sed -n 's#.*/\([^/?]*\)\(?.*\)\{0,1\}$#\1#p')
sql() { psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d "$PGDB" -Atc "$1"; }

# load NAME SECONDS: steady load in the background; per-request log in $WORK/NAME.log
load() {
  "$JAVA" -XX:+UseSerialGC -Xmx256m "$LOADGEN" load --target "cp=$CP_URL/v1/embeddings" --key-file "$WORK/tenant-key" \
    --concurrency "$CONC" --seconds "$2" --timeout-ms 20000 --id-prefix "$1" --log "$WORK/$1.log" --stamp "$WORK/$1.start" \
    --timeline "$WORK/$1.timeline" >"$WORK/$1.out" 2>&1 &
  LOAD_PID=$!
  # The source launch of the load generator takes seconds on a loaded machine (10 s was too short at load 20).
  for _ in $(seq 1 600); do [ -s "$WORK/$1.start" ] && break; sleep 0.1; done
  [ -s "$WORK/$1.start" ] || fail "the load generator did not start in 60 s ($WORK/$1.out)"
}
now_ms() { date +%s%3N; }

# window NAME FROM_MS TO_MS: statuses of the requests that ended (answer or error) in [from, to), ms since the load began
window() {
  awk -F'\t' -v a="$2" -v b="$3" '$3 + $4 >= a && $3 + $4 < b { n[$2]++; if ($4 > max) max = $4 }
    END { s = ""; for (k in n) s = s (s ? ", " : "") k ": " n[k]; printf "%s (slowest %d ms)", (s ? s : "none"), max }' "$WORK/$1.log"
}
count() { awk -F'\t' -v st="$2" '$2 == st' "$WORK/$1.log" | wc -l; }

REPORT="$WORK/report.md"
: >"$REPORT"

# ------------------------------------------------------------------ 1. node SIGKILL
say "1. node-kill: load for 16 s, SIGKILL node 1 after 6 s"
load node-kill 16
sleep 6
KILL_AT=$(( $(now_ms) - $(cat "$WORK/node-kill.start") ))
kill -KILL "$N1_PID"; N1_PID=""
wait "$LOAD_PID" || true; LOAD_PID=""
NK_FAIL=$(awk -F'\t' '$2 != 200' "$WORK/node-kill.log" | wc -l)
NK_OK=$(count node-kill 200)
NODES_AFTER=$(admin GET /admin/v1/nodes | grep -o '"faults-node-[12]"' | sort -u | tr '\n' ' ')
{
  echo "### 1. SIGKILL one of two nodes under load (concurrency $CONC)"
  echo
  echo "| window | answers (status: count) |"
  echo "|---|---|"
  echo "| before the kill (0–${KILL_AT} ms) | $(window node-kill 0 "$KILL_AT") |"
  echo "| first 3 s after the kill | $(window node-kill "$KILL_AT" $((KILL_AT + 3000))) |"
  echo "| afterwards | $(window node-kill $((KILL_AT + 3000)) 99999999) |"
  echo
  echo "- $NK_OK answered 200, **$NK_FAIL failed** (allowed: at most the $CONC that could be in flight on the killed node; the router retries once on the survivor, so 0 is expected)"
  echo "- Nodes registered after the kill: $NODES_AFTER(the killed node is evicted after 3 s without heartbeats)"
  echo "- Load generator: \`$(cat "$WORK/node-kill.out" | tail -1)\`"
  echo
} >>"$REPORT"
[ "$NK_FAIL" -le "$CONC" ] && NK_VERDICT=pass || NK_VERDICT=FAIL

# ------------------------------------------------------------------ 2./3. PostgreSQL down
PGDATA="$DATA/postgres"
pg_outage() { # name signal
  local name=$1 sig=$2 pid cmd
  pid=$(head -1 "$PGDATA/postmaster.pid")
  # The postmaster's own command line (binary, -D, -p and the settings it was started with), to start it again.
  mapfile -d '' cmd <"/proc/$pid/cmdline"
  say "$name: load for $((OUTAGE + 16)) s; PostgreSQL (pid $pid) gets SIG$sig after 4 s, starts again ${OUTAGE} s later"
  load "$name" $((OUTAGE + 16))
  sleep 4
  local down_at up_at ready_at
  down_at=$(( $(now_ms) - $(cat "$WORK/$name.start") ))
  local children; children=$(pgrep -P "$pid" | tr '\n' ' ' || true)
  kill -"$sig" "$pid"
  # With SIGKILL the backends notice their postmaster's death and exit by themselves; wait for all.
  for p in $pid $children; do for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done; done
  sleep 1
  curl -s -m 20 "$CP_URL/v1/embeddings" -H @<(printf 'Authorization: Bearer %s\n' "$(cat "$WORK/tenant-key")") -H 'Content-Type: application/json' \
    -d '{"model":"all-minilm-l6-v2-int8","input":["while the database is down"]}' -w ' HTTP %{http_code} in %{time_total}s' >"$WORK/$name.probe" 2>&1 &
  sleep $((OUTAGE - 1))
  up_at=$(( $(now_ms) - $(cat "$WORK/$name.start") ))
  rm -f "$PGDATA/postmaster.pid" 2>/dev/null || true
  # As root the embedded server runs in its own user namespace (postgres refuses to run as root); so does this one.
  local ns=(); [ "$(id -u)" != 0 ] || ns=(unshare -U)
  (cd "$PGDATA" && exec setsid "${ns[@]}" "${cmd[@]}" >>"$WORK/postgres-restart.log" 2>&1 </dev/null) &
  PG_PID=$!
  for _ in $(seq 1 100); do pg_isready -h 127.0.0.1 -p "$PGPORT" -q 2>/dev/null && break; sleep 0.1; done
  ready_at=$(( $(now_ms) - $(cat "$WORK/$name.start") ))
  wait "$LOAD_PID" || true; LOAD_PID=""
  local first_ok; first_ok=$(awk -F'\t' -v t="$ready_at" '$2 == 200 && $3 + $4 >= t { e = $3 + $4; if (!m || e < m) m = e } END { print m ? m : -1 }' "$WORK/$name.log")
  local n500; n500=$(awk -F'\t' '$2 >= 500 && $2 != 503' "$WORK/$name.log" | wc -l)
  local nnone; nnone=$(count "$name" -1)
  {
    echo "### $3"
    echo
    echo "| window | answers (status: count) |"
    echo "|---|---|"
    echo "| before (0–$down_at ms) | $(window "$name" 0 "$down_at") |"
    echo "| database down ($down_at–$up_at ms) | $(window "$name" "$down_at" "$up_at") |"
    echo "| restarting ($up_at–$ready_at ms, accepting connections at $ready_at) | $(window "$name" "$up_at" "$ready_at") |"
    echo "| after | $(window "$name" "$ready_at" 99999999) |"
    echo
    echo "- A request while down: \`$(head -c 400 "$WORK/$name.probe")\`"
    echo "- Latency of the 503 answers: $(awk -F'\t' '$2 == 503 { print $4 }' "$WORK/$name.log" | sort -n | awk '{ a[NR] = $1 } END { if (NR) printf "median %d ms, max %d ms (%d answers)", a[int((NR + 1) / 2)], a[NR], NR; else printf "none" }')"
    echo "- Answers other than 200/429/503 with status ≥ 500: **$n500**; requests with no answer (timeout / reset): **$nnone**"
    echo "- First 200 completed $((first_ok - ready_at)) ms after PostgreSQL accepted connections again"
    echo "- Load generator: \`$(tail -1 "$WORK/$name.out")\`"
    echo
  } >>"$REPORT"
  if [ "$n500" -eq 0 ] && [ "$nnone" -eq 0 ] && [ "$first_ok" -ge 0 ] && [ $((first_ok - ready_at)) -le 10000 ]; then VERDICT=pass; else VERDICT=FAIL; fi
}
pg_outage pg-stop INT "2. PostgreSQL stopped (fast shutdown) for ${OUTAGE} s under load, then started again"; PS_VERDICT=$VERDICT
pg_outage pg-crash KILL "3. PostgreSQL SIGKILLed (crash) under load, down ${OUTAGE} s, then started again (WAL recovery)"; PC_VERDICT=$VERDICT

# ------------------------------------------------------------------ records
say "Checking records against what the clients saw"
cat "$WORK"/node-kill.log "$WORK"/pg-stop.log "$WORK"/pg-crash.log >"$WORK/all.log"
awk -F'\t' '{ print $1 "\t" $2 }' "$WORK/all.log" >"$WORK/seen.tsv"
# The load generator knows its own x-request-id; the control plane bills under its own server id and
# keeps the client's id in the audit record (target_id), so client ids are mapped through the audit log.
CHECK=$(psql -q -h 127.0.0.1 -p "$PGPORT" -U postgres -d "$PGDB" -At -v ON_ERROR_STOP=1 <<EOF
CREATE TEMP TABLE seen (client_id text, status int);
\copy seen FROM '$WORK/seen.tsv'
CREATE TEMP TABLE api AS SELECT target_id AS client_id, request_id, status FROM audit_log
  WHERE tenant_id = '$TENANT' AND kind = 'api' AND target_id IS NOT NULL;
CREATE INDEX ON api (client_id);
CREATE TEMP TABLE audits AS SELECT client_id, count(*) AS n FROM api GROUP BY 1;
CREATE TEMP TABLE usages AS SELECT a.client_id, count(*) AS n FROM api a JOIN usage_records u ON u.request_id = a.request_id GROUP BY 1;
SELECT 'answered 200: ' || count(*) FROM seen WHERE status = 200;
SELECT 'database durability settings (informative): fsync=' || current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit');
SELECT 'answered 200 without exactly one usage record: ' || count(*) FROM seen s LEFT JOIN usages u USING (client_id) WHERE s.status = 200 AND coalesce(u.n, 0) <> 1;
SELECT 'answered 200 without exactly one audit record: ' || count(*) FROM seen s LEFT JOIN audits a USING (client_id) WHERE s.status = 200 AND coalesce(a.n, 0) <> 1;
SELECT 'answered non-200 with a usage record: ' || count(*) FROM seen s JOIN usages u USING (client_id) WHERE s.status <> 200 AND s.status > 0;
SELECT 'request ids with more than one audit record: ' || count(*) FROM (SELECT request_id FROM audit_log WHERE tenant_id = '$TENANT' AND request_id IS NOT NULL GROUP BY 1 HAVING count(*) > 1) d;
SELECT 'client ids with more than one audit record: ' || count(*) FROM audits WHERE n > 1;
SELECT 'usage records without their audit record: ' || count(*) FROM usage_records u WHERE tenant_id = '$TENANT' AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.request_id = u.request_id);
SELECT 'no answer (in flight / refused connection), recorded anyway: ' || count(*) FROM seen s JOIN usages u USING (client_id) WHERE s.status = -1;
EOF
)
# Informative probe (not a pass/fail check): the same client x-request-id sent twice.
REPLAY_ID="replay-$RANDOM$RANDOM"
REPLAY_STATUSES=""
for _ in 1 2; do
  REPLAY_STATUSES+="$(curl -s -o /dev/null -m 30 -w '%{http_code} ' "$CP_URL/v1/embeddings" -H @<(printf 'Authorization: Bearer %s\n' "$(cat "$WORK/tenant-key")") \
    -H 'Content-Type: application/json' -H "x-request-id: $REPLAY_ID" -d '{"model":"all-minilm-l6-v2-int8","input":["the same id twice"]}')"
done
REPLAY=$(sql "SELECT (SELECT count(*) FROM usage_records u JOIN audit_log a ON a.request_id = u.request_id WHERE a.target_id = '$REPLAY_ID') ||
                     ' usage record(s), ' || (SELECT count(*) FROM audit_log WHERE target_id = '$REPLAY_ID') || ' audit record(s)'")
VERIFY=$(admin GET /admin/v1/audit/verify | head -c 400)
BAD=$(echo "$CHECK" | grep -v '^answered 200: ' | grep -v '^no answer' | grep -v '^database durability' | grep -cv ': 0$' || true)
{
  echo "### Records after all three faults"
  echo
  echo "$CHECK" | sed 's/^/- /'
  echo "- Audit chain verification: \`$VERIFY\`"
  echo
  echo "### Probe: the same client request id twice (informative)"
  echo
  echo "Two requests with the same \`x-request-id\` ($REPLAY_ID) were answered \`$REPLAY_STATUSES\`and left $REPLAY in the database."
  if [ "$REPLAY_STATUSES" = "200 200 " ] && echo "$REPLAY" | grep -q '^1 usage'; then
    echo "**Both were served, only one is billed**: a replayed client id gets a free call."
  elif [ "$REPLAY_STATUSES" = "200 200 " ] && echo "$REPLAY" | grep -q '^2 usage'; then
    echo "Both were served and both billed: usage is keyed on the server's own id (\`x-lmaas-request-id\`); the client's id is kept in the audit record."
  fi
  echo
} >>"$REPORT"
echo "$VERIFY" | grep -q '"ok":true' && [ "$BAD" = 0 ] && REC_VERDICT=pass || REC_VERDICT=FAIL

DATE=$(date -u +%Y-%m-%d)
OUT="$BENCH/results/faults-$DATE.md"
[ "$QUICK" != 1 ] || OUT="$WORK/faults-quick.md"  # a quick run proves the script; its report stays out of bench/results/
{
  echo "# Fault injection — $DATE"
  echo
  machine_md
  echo "- Command: \`bench/faults/run.sh --concurrency $CONC --outage $OUTAGE\`; one control plane (embedded PostgreSQL), two nodes (int8 MiniLM), load on /v1/embeddings from bench/loadgen/Bench.java"
  echo
  echo "| scenario | verdict |"
  echo "|---|---|"
  echo "| 1. node SIGKILL under load: failures ≤ in-flight | $NK_VERDICT |"
  echo "| 2. PostgreSQL stopped: 503 not 500, no hang, recovers within 10 s | $PS_VERDICT |"
  echo "| 3. PostgreSQL SIGKILLed: 503 not 500, no hang, recovers within 10 s | $PC_VERDICT |"
  echo "| records: every 200 has one usage + one audit record, no duplicates, chain verifies | $REC_VERDICT |"
  echo
  cat "$REPORT"
} >"$OUT"
say "Results: $OUT"
cat "$OUT"
[ "$NK_VERDICT$PS_VERDICT$PC_VERDICT$REC_VERDICT" = passpasspasspass ]
