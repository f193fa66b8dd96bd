#!/usr/bin/env bash
# Growth: how the database and the control plane's memory grow with 10k to 10M usage and audit
# records (both tables partitioned by month), and whether the admin API's usage and audit queries stay flat.
# Starts its own control plane (embedded PostgreSQL, no node) on bench/work/growth-*, fills it in
# steps with synthetic records spread over 100 tenants and 90 days (SQL generate_series), and after
# each step measures: database and table sizes, control-plane RSS, and median/max latency of admin
# queries over HTTP. Writes bench/results/growth-<date>.md.
#
#   bench/growth/run.sh [--steps 10000,100000,1000000] [--repeat 7] [--keep] [--quick]
# --quick (or LMAAS_BENCH_QUICK=1): one step of 10000, 3 repeats; writes to bench/work/ only.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

STEPS=10000,100000,1000000
REPEAT=7
KEEP=0
QUICK=${LMAAS_BENCH_QUICK:-0}
while [ $# -gt 0 ]; do
  case "$1" in
    --steps) STEPS=$2; shift 2 ;;
    --repeat) REPEAT=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --quick) QUICK=1; shift ;;
    *) fail "unknown option $1" ;;
  esac
done
[ "$QUICK" != 1 ] || { STEPS=10000 REPEAT=3; }
need_curl
command -v psql >/dev/null || fail "psql is needed (apt-get install -y postgresql-client)"
find_java

WORK="$BENCH/work/growth-$$"
mkdir -p "$WORK"
PORT=$(free_port)
LINK_PORT=$(free_port "$PORT")  # no node joins, but the control plane's node-link port must not collide (default 8443)
CP_URL="http://127.0.0.1:$PORT"
say "Starting a control plane on $PORT (data in $WORK)"
"$ROOT/lmaas" run --data-dir "$WORK" --port "$PORT" --link-port "$LINK_PORT" --nodes 0 >"$WORK/run.log" 2>&1 &
RUN_PID=$!
cleanup() {
  kill -TERM "$RUN_PID" 2>/dev/null || true
  wait "$RUN_PID" 2>/dev/null || true
  [ "$KEEP" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT
for _ in $(seq 1 240); do grep -q "LMaaS is running" "$WORK/run.log" 2>/dev/null && break; sleep 1; done
grep -q "LMaaS is running" "$WORK/run.log" || { tail -30 "$WORK/run.log"; fail "the control plane did not start"; }
ADMIN_KEY=$(cat "$WORK/admin-key")
CP_PID=$(sed -n 's/.*"pid" *: *\([0-9]*\).*/\1/p' "$WORK/run/control-plane.json")
JDBC=$(sed -n 's/.*"jdbc_url" *: *"\([^"]*\)".*/\1/p' "$WORK/run/control-plane.json")
PG_PORT=$(echo "$JDBC" | sed -n 's#.*localhost:\([0-9]*\)/.*#\1#p')
export PGPASSWORD="$(cat "$WORK/secrets/postgres-superuser-password")"
SQL() { psql -h localhost -p "$PG_PORT" -U postgres -d lmaas -v ON_ERROR_STOP=1 -qtA -c "$1"; }

# One real tenant that the queries look at; the synthetic records spread over 100 tenants including it.
TENANT=$(admin POST /admin/v1/tenants '{"name":"growth","owner_email":"growth@bench.test","plan":"pro"}' | json_field id)
[ -n "$TENANT" ] || fail "could not create a tenant"
SQL "INSERT INTO tenants (id, name, plan_id) SELECT ('00000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, 'synthetic-' || g, 'pro'
     FROM generate_series(1, 99) g ON CONFLICT DO NOTHING"

# median_ms PATH: median and max of REPEAT timed GETs (ms).
median_ms() {
  local times=()
  for _ in $(seq 1 "$REPEAT"); do
    times+=("$(curl -s -o /dev/null -m 60 -w '%{time_total}' "$CP_URL$1" -H @<(printf 'Authorization: Bearer %s\n' "$ADMIN_KEY"))")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1*1000} END {printf "%.1f / %.1f", a[int((NR+1)/2)], a[NR]}'
}

ROWS="| records (usage + audit each) | database size | usage_records | audit_log | control-plane RSS | usage by day, all tenants, 90 d (p50 / max ms) | usage by model, one tenant (ms) | audit, newest 100 (ms) | audit, one tenant, 100 (ms) | audit, by request id (ms) |
|---:|---:|---:|---:|---:|---|---|---|---|---|"
done_rows=0
IFS=, read -ra STEP_LIST <<<"$STEPS"
for target in "${STEP_LIST[@]}"; do
  add=$((target - done_rows))
  say "Filling to $target usage and audit records (+$add)"
  SQL "
    WITH g AS (SELECT n, CASE WHEN n % 100 = 0 THEN '$TENANT'::uuid ELSE ('00000000-0000-0000-0000-' || lpad((n % 100)::text, 12, '0'))::uuid END AS t,
                      now() - ((n % 90) || ' days')::interval - ((n % 86400) || ' seconds')::interval AS at
               FROM generate_series($done_rows + 1, $target) n)
    , u AS (
    INSERT INTO usage_records (request_id, tenant_id, key_id, model, endpoint, prompt_tokens, completion_tokens, inputs, http_status, node_id,
                               latency_micros, cost_micros, currency, occurred_at)
    SELECT 'req_growth_' || n, t, NULL, CASE WHEN n % 3 = 0 THEN 'sentiment-minilm' ELSE 'all-minilm-l6-v2' END, 'embeddings', 12 + n % 50, 0, 1, 200,
           'node-1', 8000 + n % 5000, 1, 'usd', at FROM g RETURNING request_id, occurred_at)
    INSERT INTO usage_request_ids SELECT request_id, occurred_at FROM u;
    WITH g AS (SELECT n, CASE WHEN n % 100 = 0 THEN '$TENANT'::uuid ELSE ('00000000-0000-0000-0000-' || lpad((n % 100)::text, 12, '0'))::uuid END AS t,
                      now() - ((n % 90) || ' days')::interval - ((n % 86400) || ' seconds')::interval AS at
               FROM generate_series($done_rows + 1, $target) n)
    INSERT INTO audit_log (tenant_id, seq, occurred_at, kind, action, actor_type, model, node_id, status, prompt_tokens, completion_tokens,
                           latency_micros, request_id, client_address, user_agent, body_sha256, prev_hash, hash)
    SELECT t, 1000000 + n, at, 'api', 'api.post /v1/embeddings', 'api_key', 'all-minilm-l6-v2', 'node-1', 200, 12, 0, 8000, 'req_growth_' || n,
           '127.0.0.1', 'bench', md5(n::text), '\\x00', '\\x00' FROM g;
    TRUNCATE usage_daily, usage_hourly;
    INSERT INTO usage_daily SELECT tenant_id, (occurred_at AT TIME ZONE 'UTC')::date, coalesce(key_id, '00000000-0000-0000-0000-000000000000'), model,
           count(*), 0, sum(prompt_tokens), sum(completion_tokens), sum(inputs), sum(cost_micros) FROM usage_records GROUP BY 1, 2, 3, 4;
    INSERT INTO usage_hourly SELECT tenant_id, date_trunc('hour', occurred_at), coalesce(key_id, '00000000-0000-0000-0000-000000000000'), model,
           count(*), 0, sum(prompt_tokens), sum(completion_tokens), sum(inputs), sum(cost_micros) FROM usage_records GROUP BY 1, 2, 3, 4;
    ANALYZE;"
  done_rows=$target
  db=$(SQL "SELECT pg_size_pretty(pg_database_size('lmaas'))")
  # Both tables are partitioned by month: a parent holds nothing itself, its partitions hold the rows.
  ur=$(SQL "SELECT pg_size_pretty(sum(pg_total_relation_size(inhrelid))) FROM pg_inherits WHERE inhparent = 'usage_records'::regclass")
  al=$(SQL "SELECT pg_size_pretty(sum(pg_total_relation_size(inhrelid))) FROM pg_inherits WHERE inhparent = 'audit_log'::regclass")
  rss=$(awk '/VmRSS/ {printf "%.0f MiB", $2/1024}' "/proc/$CP_PID/status")
  from=$(date -u -d '90 days ago' +%Y-%m-%d)
  q1=$(median_ms "/admin/v1/usage?group_by=day&from=$from")
  q2=$(median_ms "/admin/v1/usage?tenant=$TENANT&group_by=model&from=$from")
  q3=$(median_ms "/admin/v1/audit?limit=100&from=$from")
  q4=$(median_ms "/admin/v1/audit?tenant=$TENANT&limit=100&from=$from")
  q5=$(median_ms "/admin/v1/audit?request_id=req_growth_$((target / 2))&from=$from")
  say "  $target: db $db, usage $ur, audit $al, RSS $rss; usage/day $q1 ms, usage/tenant $q2 ms, audit $q3 ms, audit/tenant $q4 ms, audit/id $q5 ms"
  ROWS+="
| $target | $db | $ur | $al | $rss | $q1 | $q2 | $q3 | $q4 | $q5 |"
done

OUT="$BENCH/results/growth-$(date -u +%Y-%m-%d).md"
[ "$QUICK" != 1 ] || OUT="$BENCH/work/growth-quick-$$.md"
{
  echo "# Growth — $(date -u +%Y-%m-%d)"
  echo
  machine_md
  echo "- Command: \`bench/growth/run.sh --steps $STEPS --repeat $REPEAT\`"
  echo "- Records: synthetic usage and audit rows (one each per request) spread over 100 tenants and 90 days, inserted with SQL;"
  echo "  daily/hourly aggregates rebuilt from them. Latencies are whole admin HTTP calls (curl), median / max of $REPEAT."
  echo
  echo "$ROWS"
  echo
  echo "The synthetic audit rows carry placeholder hashes (this measures size and query speed, not the chain)."
} >"$OUT"
say "Wrote $OUT"
cat "$OUT"
