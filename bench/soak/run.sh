#!/usr/bin/env bash
# Soak: memory and exactness under sustained mixed load. Three tenants call three endpoints at once
# through the control plane (every feature on) for a long time:
#   tenant soak-embed      POST /v1/embeddings       int8 MiniLM, one short input     (half the clients)
#   tenant soak-sentiment  POST /v1/classifications  alias "sentiment", English and Chinese requests (a quarter)
#   tenant soak-summary    POST /v1/summaries        a 6-sentence English text         (a quarter)
# The control plane's and the node's RSS are sampled every 15 s. Afterwards every answer the clients
# got is checked against the records: one usage record per answered (200) request and one audit
# record per request (any status), per tenant; every audit chain verifies.
# "Stable" = after the warm-up (the first fifth of the run), RSS never leaves +-5 % of its median.
#
#   bench/soak/run.sh [--minutes 30] [--concurrency 32] [--keep] [--no-build] [--quick]
#
# --quick (or LMAAS_BENCH_QUICK=1): 2 minutes at concurrency 8 (proves the script; figures are not a soak).
# Starts its own control plane (embedded PostgreSQL) and one node with ./lmaas run under bench/work/.
# Writes bench/results/soak-<date>.md and the RSS samples next to it (.tsv).
set -euo pipefail
source "$(cd "$(dirname "$0")/.." && pwd)/lib.sh"

MINUTES=30 CONC=32 KEEP=0 BUILD=1
[ "${LMAAS_BENCH_QUICK:-}" != 1 ] || { MINUTES=2 CONC=8; }
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) MINUTES=$2; shift 2 ;;
    --concurrency) CONC=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --no-build) BUILD=0; shift ;;
    --quick) MINUTES=2 CONC=8; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown option $1" ;;
  esac
done
[[ "$MINUTES" =~ ^[0-9]+$ && "$MINUTES" -ge 1 ]] || fail "--minutes must be a whole number >= 1"
[[ "$CONC" =~ ^[0-9]+$ && "$CONC" -ge 8 ]] || fail "--concurrency must be >= 8 (it is split over three tenants and four callers)"
find_java
need_curl
command -v psql >/dev/null || fail "psql is needed (apt-get install -y postgresql-client)"

if [ "$BUILD" = 1 ]; then
  say "Building this checkout (./mvnw package -DskipTests)"
  "$ROOT/mvnw" -B -q -f "$ROOT/pom.xml" package -DskipTests >/tmp/lmaas-soak-build-$$.log 2>&1 \
    || { tail -30 /tmp/lmaas-soak-build-$$.log; fail "the build failed"; }
  rm -f /tmp/lmaas-soak-build-$$.log
fi

STAMP=$(date -u +%Y%m%d-%H%M%S)
WORK="$BENCH/work/soak-$STAMP"
DATA="$WORK/data"
mkdir -p "$WORK" "$BENCH/results"
CP_PORT=$(free_port); NODE_PORT=$(free_port "$CP_PORT"); LINK_PORT=$(free_port "$CP_PORT" "$NODE_PORT" $((NODE_PORT + 1)))
CP_URL="http://127.0.0.1:$CP_PORT"
LMAAS_PID="" LOAD_PIDS=()
cleanup() {
  trap - EXIT INT TERM
  for p in "${LOAD_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  if [ -n "$LMAAS_PID" ]; then kill -TERM "$LMAAS_PID" 2>/dev/null || true; wait "$LMAAS_PID" 2>/dev/null || true; fi
  [ "$KEEP" = 1 ] || rm -rf "$DATA/postgres" "$DATA/models" "$DATA/cache"
}
trap cleanup EXIT INT TERM

say "Starting the control plane on :$CP_PORT and one node on :$NODE_PORT (data in $WORK)"
"$ROOT/lmaas" run --data-dir "$DATA" --port "$CP_PORT" --node-port "$NODE_PORT" --link-port "$LINK_PORT" >"$WORK/lmaas.log" 2>&1 &
LMAAS_PID=$!
for _ in $(seq 1 900); do
  [ -f "$DATA/run.json" ] && break
  kill -0 "$LMAAS_PID" 2>/dev/null || { tail -30 "$WORK/lmaas.log"; fail "./lmaas run stopped (log: $WORK/lmaas.log)"; }
  sleep 1
done
[ -f "$DATA/run.json" ] || fail "the platform did not start in 15 minutes (log: $WORK/lmaas.log)"
ADMIN_KEY=$(cat "$DATA/admin-key")
for m in all-minilm-l6-v2-int8 sentiment-bge-en sentiment-bge-zh; do
  wait_node_model "$m" 120 || fail "the node did not register $m with the control plane"
done
CP_PID=$(sed -n 's/.*"pid" *: *\([0-9]*\).*/\1/p' "$DATA/run/control-plane.json")
NODE_PID=$(sed -n 's/.*"pids": *\[[0-9]*, *\([0-9]*\).*/\1/p' "$DATA/run.json")
[ -n "$CP_PID" ] && [ -n "$NODE_PID" ] || fail "could not find the control plane's and the node's process ids"

declare -A TENANTS
for t in embed sentiment summary; do
  TENANTS[$t]=$(tenant_with_key "soak-$t" "$WORK/key-$t")
done

EMBED_C=$((CONC / 2)); SENT_C=$((CONC / 4)); SUM_C=$((CONC - EMBED_C - SENT_C))
SECONDS_TOTAL=$((MINUTES * 60))
LOADGEN=("$JAVA" "$BENCH/loadgen/Bench.java" load --seconds "$SECONDS_TOTAL" --max-requests 100000000)
SUMMARY_TEXT="The city council met on Tuesday to discuss the new budget. Most of the money will go to schools and public transport. Several members asked for more spending on parks. The mayor said the plan balances growth and care for the environment. A final vote is expected next month. Residents can comment on the plan online until Friday."
say "Load for $MINUTES min: embeddings c=$EMBED_C, classifications c=$SENT_C, summaries c=$SUM_C"
"${LOADGEN[@]}" --target "embed=$CP_URL/v1/embeddings" --key-file "$WORK/key-embed" --concurrency "$EMBED_C" \
  --id-prefix soak-embed --log "$WORK/embed.tsv" >"$WORK/embed.out" 2>&1 &
LOAD_PIDS+=($!)
# One language per request (a request mixing languages is a 400 mixed_languages): English and Chinese callers.
"${LOADGEN[@]}" --target "sentiment=$CP_URL/v1/classifications" --key-file "$WORK/key-sentiment" --concurrency $(((SENT_C + 1) / 2)) \
  --id-prefix soak-sent-en --log "$WORK/sentiment-en.tsv" \
  --body '{"model":"sentiment","input":["The delivery was late and the box was damaged.","Great service, I will come back."]}' >"$WORK/sentiment-en.out" 2>&1 &
LOAD_PIDS+=($!)
"${LOADGEN[@]}" --target "sentiment=$CP_URL/v1/classifications" --key-file "$WORK/key-sentiment" --concurrency $((SENT_C / 2)) \
  --id-prefix soak-sent-zh --log "$WORK/sentiment-zh.tsv" \
  --body '{"model":"sentiment","input":["这家餐厅的服务很好，菜也很好吃。","快递太慢了，包装也坏了。"]}' >"$WORK/sentiment-zh.out" 2>&1 &
LOAD_PIDS+=($!)
"${LOADGEN[@]}" --target "summary=$CP_URL/v1/summaries" --key-file "$WORK/key-summary" --concurrency "$SUM_C" \
  --id-prefix soak-sum --log "$WORK/summary.tsv" --body "{\"model\":\"summarization\",\"input\":\"$SUMMARY_TEXT\"}" >"$WORK/summary.out" 2>&1 &
LOAD_PIDS+=($!)

rss() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status" 2>/dev/null || echo 0; }
SAMPLES="$WORK/rss.tsv"
echo -e "second\tcontrol_plane_mib\tnode_mib\tload1" >"$SAMPLES"
start=$(date +%s)
while :; do
  alive=0; for p in "${LOAD_PIDS[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
  now=$(date +%s)
  echo -e "$((now - start))\t$(rss "$CP_PID")\t$(rss "$NODE_PID")\t$(cut -d' ' -f1 /proc/loadavg)" >>"$SAMPLES"
  [ "$alive" = 1 ] || break
  sleep 15
done
for p in "${LOAD_PIDS[@]}"; do wait "$p" || true; done
LOAD_PIDS=()
sleep 2 # the last group commits

# Exactness: compare what the clients saw with the records, per tenant.
JDBC=$(sed -n 's/.*"jdbc_url" *: *"\([^"]*\)".*/\1/p' "$DATA/run/control-plane.json")
PGPORT=$(echo "$JDBC" | sed -n 's#.*://[^:]*:\([0-9]*\)/.*#\1#p')
export PGPASSWORD="$(cat "$DATA/secrets/postgres-superuser-password")"
SQL() { psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d lmaas -v ON_ERROR_STOP=1 -qtA -c "$1"; }
EXACT=1
TABLE="| tenant / endpoint | requests | answered 200 | other statuses | usage records | API audit records | p50 / p99 ms | exact |
|---|---:|---:|---:|---:|---:|---|---|"
for t in embed sentiment summary; do
  log="$WORK/$t-all.tsv"
  cat "$WORK/$t"*.tsv >"$log" 2>/dev/null || true
  total=$(wc -l <"$log")
  ok=$(awk -F'\t' '$2 == 200' "$log" | wc -l)
  other=$(awk -F'\t' '$2 != 200 {print $2}' "$log" | sort | uniq -c | awk '{printf "%s%s x%s", (NR > 1 ? ", " : ""), $2, $1}' || true)
  usage=$(SQL "SELECT count(*) FROM usage_records WHERE tenant_id = '${TENANTS[$t]}' AND http_status = 200")
  audit=$(SQL "SELECT count(*) FROM audit_log WHERE tenant_id = '${TENANTS[$t]}' AND kind = 'api'")
  # Requests the client gave up on (status 0: connection error/timeout) may or may not have been answered: not counted as a mismatch of 200s.
  lost=$(awk -F'\t' '$2 == 0' "$log" | wc -l)
  exact=yes
  if [ "$usage" -lt "$ok" ] || [ "$usage" -gt $((ok + lost)) ] || [ "$audit" -lt $((total - lost)) ] || [ "$audit" -gt "$total" ]; then
    exact=NO; EXACT=0
  fi
  lat=$(cat "$WORK/$t"*.out | grep -o 'p50 [0-9.]* ms, p99 [0-9.]* ms' | sed 's/p50 \([0-9.]*\) ms, p99 \([0-9.]*\) ms/\1 \/ \2/' | paste -sd ';' || true)
  TABLE+="
| soak-$t | $total | $ok | ${other:-none} | $usage | $audit | ${lat:-?} | $exact |"
done
VERIFY=$(admin GET /admin/v1/audit/verify | head -c 400)
grep -q '"ok":true' <<<"$VERIFY" || EXACT=0

# Stability: after the warm-up (first fifth), every sample within +-5 % of the median of those samples.
STABILITY=$(awk -F'\t' -v warm=$((SECONDS_TOTAL / 5)) 'BEGIN { n = 0 } NR > 1 && $1 >= warm { cp[n] = $2 + 0; node[n] = $3 + 0; n++ }
  function med(a, k,   i, j, t, b) { for (i = 0; i < k; i++) b[i] = a[i]; for (i = 0; i < k; i++) for (j = i + 1; j < k; j++) if (b[j] < b[i]) { t = b[i]; b[i] = b[j]; b[j] = t }; return b[int(k / 2)] }
  function dev(a, k, m,   i, d, x) { d = 0; for (i = 0; i < k; i++) { x = (a[i] - m) / m * 100; if (x < 0) x = -x; if (x > d) d = x }; return d }
  function lo(a, k,   i, v) { v = a[0]; for (i = 1; i < k; i++) if (a[i] < v) v = a[i]; return v }
  function hi(a, k,   i, v) { v = a[0]; for (i = 1; i < k; i++) if (a[i] > v) v = a[i]; return v }
  END { if (n == 0) { print "no samples after the warm-up"; exit }
        mc = med(cp, n); mn = med(node, n); dc = dev(cp, n, mc); dn = dev(node, n, mn)
        printf "| control plane | %d | %d MiB | %d .. %d MiB | %.1f %% | %s |\n", n, mc, lo(cp, n), hi(cp, n), dc, (dc <= 5 ? "yes" : "NO")
        printf "| node | %d | %d MiB | %d .. %d MiB | %.1f %% | %s |\n", n, mn, lo(node, n), hi(node, n), dn, (dn <= 5 ? "yes" : "NO") }' "$SAMPLES")
FIRST=$(awk -F'\t' 'NR == 2 {print $2 " / " $3}' "$SAMPLES"); LAST=$(tail -1 "$SAMPLES" | awk -F'\t' '{print $2 " / " $3}')

OUT="$BENCH/results/soak-$(date -u +%Y-%m-%d).md"
[ "${LMAAS_BENCH_QUICK:-}" != 1 ] && [ "$MINUTES" -ge 10 ] || OUT="$WORK/soak.md"
{
  echo "# Soak — $(date -u +%Y-%m-%d)"
  echo
  machine_md
  echo "- Command: \`bench/soak/run.sh --minutes $MINUTES --concurrency $CONC\`"
  echo
  echo "Three tenants at once through the control plane (every feature on), one node with the built-in models,"
  echo "for $MINUTES minutes at concurrency $CONC (embeddings $EMBED_C, classifications $SENT_C, summaries $SUM_C)."
  echo
  echo "## Memory (RSS sampled every 15 s; after a warm-up of the first fifth of the run)"
  echo
  echo "| process | samples | median | range | largest deviation from the median | within ±5 % |"
  echo "|---|---:|---:|---|---:|---|"
  echo "$STABILITY"
  echo
  echo "First and last sample (control plane / node, MiB): $FIRST → $LAST. Samples: \`$(basename "$SAMPLES" .tsv)\` in the work directory (copied next to this file as .tsv)."
  echo
  echo "## Records"
  echo
  echo "$TABLE"
  echo
  echo "Audit verification: \`$VERIFY\`"
  echo
  echo "Verdict: $([ "$EXACT" = 1 ] && echo "records exact, chains verify" || echo "RECORDS OR CHAINS DO NOT MATCH")."
} >"$OUT"
cp "$SAMPLES" "${OUT%.md}.tsv"
cat "$OUT"
say "Written: $OUT"
[ "$EXACT" = 1 ] || fail "records or chains do not match (see $OUT)"
