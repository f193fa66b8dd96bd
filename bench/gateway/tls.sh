#!/usr/bin/env bash
# The node link's TLS cost, one command: what TLS 1.3 with client certificates adds to one control
# plane -> node call (keep-alive, concurrency 1) against plaintext, measured in the same run with the
# control plane's own node client (NodeHttp on HttpClient 5 with the link's TLS strategy) against two
# servers that differ only in TLS; plus the per-request HMAC the mTLS link replaced.
#
#   bench/gateway/tls.sh [--requests 5000] [--runs 5] [--no-build]
#
# Builds platform-api and its test classes (./mvnw -am, never install), then runs the launcher
# platform-api/src/test/java/dev/lmaas/platform/api/nodes/NodeLinkTlsBench.java on the exec jar's
# libraries. Writes bench/results/gateway-tls-<date>.md.
set -euo pipefail
source "$(cd "$(dirname "$0")/.." && pwd)/lib.sh"

REQUESTS=5000 RUNS=5 BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --requests) REQUESTS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown option $1" ;;
  esac
done
find_java
if [ "$BUILD" = 1 ]; then
  say "Building platform-api and its test classes (./mvnw -am package -DskipTests)"
  "$ROOT/mvnw" -B -q -f "$ROOT/pom.xml" package -DskipTests -pl platform-api -am >/tmp/lmaas-tls-build-$$.log 2>&1 \
    || { tail -30 /tmp/lmaas-tls-build-$$.log; fail "the build failed"; }
  rm -f /tmp/lmaas-tls-build-$$.log
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && "$JAVA_HOME/bin/jar" xf "$ROOT/platform-api/target/platform-api-0.1.0-SNAPSHOT-exec.jar")
DATE=$(date -u +%Y-%m-%d)
OUT="$BENCH/results/gateway-tls-$DATE.md"
say "Measuring: $RUNS runs x $REQUESTS requests per path, interleaved"
"$JAVA" -Xmx512m -cp "$ROOT/platform-api/target/test-classes:$WORK/BOOT-INF/classes:$WORK/BOOT-INF/lib/*" \
  dev.lmaas.platform.api.nodes.NodeLinkTlsBench "$WORK/table.md" "$REQUESTS" "$RUNS" >/dev/null
{
  echo "# Node link: TLS 1.3 with client certificates vs plaintext — $DATE"
  echo
  machine_md
  echo "- Command: \`bench/gateway/tls.sh --requests $REQUESTS --runs $RUNS\`"
  echo "- What: one POST /internal/v1/infer (embedding-sized answer) from the control plane's node client (NodeHttp, Apache HttpClient 5 classic,"
  echo "  pooled keep-alive connection, concurrency 1) to one embedded Tomcat 11 (the node's server) on two connectors, plaintext and TLS 1.3 only (EC P-256"
  echo "  certificates from the cluster CA, client certificate required, node URL checked); the handshake happens once per connection"
  echo "  (keep-alive), so the added figure is the per-request record encryption and its system calls. Runs interleaved."
  echo "- HMAC column: the removed per-request cluster signature (HMAC-SHA-256 over method, path, time and the body's SHA-256),"
  echo "  sign + verify, on the same request body."
  echo
  cat "$WORK/table.md"
} >"$OUT"
say "Results: $OUT"
cat "$OUT"
