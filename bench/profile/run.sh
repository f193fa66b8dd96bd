#!/usr/bin/env bash
# Where the control plane's and the node's CPU goes on the real request path, one command:
# starts ./lmaas run (control plane, embedded PostgreSQL, one node over the mTLS node link), a tenant
# on the bench plan, then steady load on POST /v1/embeddings at one concurrency while Java Flight
# Recorder samples both JVMs; prints the hottest methods (JFR's own `jfr view hot-methods`) and
# writes the recordings under bench/work/ for JDK Mission Control.
#
#   bench/profile/run.sh [--concurrency 1] [--seconds 30] [--endpoint embeddings|classifications] [--no-build]
#
# Figures are samples, not timings: compare the share of a method before and after a change, in the
# same kind of run. Tests never read them.
set -euo pipefail
source "$(cd "$(dirname "$0")/.." && pwd)/lib.sh"

CONC=1 SECONDS_PER=30 ENDPOINT=embeddings BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --concurrency) CONC=$2; shift 2 ;;
    --seconds) SECONDS_PER=$2; shift 2 ;;
    --endpoint) ENDPOINT=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown option $1" ;;
  esac
done
case "$ENDPOINT" in
  embeddings) BODY='{"model":"all-minilm-l6-v2-int8","input":"The quick brown fox jumps over the lazy dog."}' ;;
  classifications) BODY='{"model":"sentiment","input":"The quick brown fox jumps over the lazy dog."}' ;;
  *) fail "--endpoint is embeddings or classifications" ;;
esac

find_java
need_curl
[ "$BUILD" = 0 ] || build_checkout
STAMP=$(date -u +%Y%m%d-%H%M%S)
WORK="$BENCH/work/profile-$STAMP"
DATA="$WORK/data"
mkdir -p "$WORK"
CP_PORT=$(free_port); NODE_PORT=$(free_port "$CP_PORT"); LINK_PORT=$(free_port "$CP_PORT" "$NODE_PORT" $((NODE_PORT + 1)))
CP_URL="http://127.0.0.1:$CP_PORT"
LMAAS_PID=""
cleanup() {
  trap - EXIT INT TERM
  if [ -n "$LMAAS_PID" ]; then kill -TERM "$LMAAS_PID" 2>/dev/null || true; wait "$LMAAS_PID" 2>/dev/null || true; fi
  rm -rf "$DATA/postgres" "$DATA/models" "$DATA/cache"
}
trap cleanup EXIT INT TERM
start_lmaas "$DATA" "$WORK" "$CP_PORT" "$NODE_PORT" "$LINK_PORT"
wait_node_model all-minilm-l6-v2-int8 120 || fail "the node did not register with the control plane"
tenant_with_key profile "$WORK/tenant-key" >/dev/null
CP_PID=$(pid_on "$CP_PORT"); NODE_JVM=$(pid_on "$NODE_PORT")
[ -n "$CP_PID" ] && [ -n "$NODE_JVM" ] || fail "could not find the control plane's and the node's processes"
JCMD="$JAVA_HOME/bin/jcmd"; JFR="$JAVA_HOME/bin/jfr"

say "Warm-up: 10 s at concurrency $CONC"
"$JAVA" -XX:+UseSerialGC -Xmx256m "$LOADGEN" bench --target "cp=$CP_URL/v1/$ENDPOINT" --body "$BODY" --key-file "$WORK/tenant-key" \
  --concurrency "$CONC" --runs 1 --seconds 10 --warmup 0 >/dev/null
say "Recording ${SECONDS_PER} s at concurrency $CONC (JFR profile settings on both JVMs)"
"$JCMD" "$CP_PID" JFR.start name=prof settings=profile >/dev/null
"$JCMD" "$NODE_JVM" JFR.start name=prof settings=profile >/dev/null
"$JAVA" -XX:+UseSerialGC -Xmx256m "$LOADGEN" bench --target "cp=$CP_URL/v1/$ENDPOINT" --body "$BODY" --key-file "$WORK/tenant-key" \
  --concurrency "$CONC" --runs 1 --seconds "$SECONDS_PER" --warmup 0 --out "$WORK/load.md"
"$JCMD" "$CP_PID" JFR.dump name=prof filename="$WORK/control-plane.jfr" >/dev/null
"$JCMD" "$NODE_JVM" JFR.dump name=prof filename="$WORK/node.jfr" >/dev/null
for who in control-plane node; do
  echo; echo "## $who: hot methods (execution samples)"
  "$JFR" view --width 180 hot-methods "$WORK/$who.jfr" | head -40
done
echo; echo "## control plane: allocation by class"
"$JFR" view --width 160 allocation-by-class "$WORK/control-plane.jfr" | head -25
say "Recordings: $WORK/control-plane.jfr, $WORK/node.jfr (open in JDK Mission Control, or: jfr view --help)"
