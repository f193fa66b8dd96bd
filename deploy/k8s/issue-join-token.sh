#!/usr/bin/env bash
# Puts a fresh one-time join token and the cluster CA's pin into the Secret lmaas-node-enrollment
# (replacing the previous one), for the next node pod that starts. A token admits ONE node ONCE:
# run this before every node pod start (scale-up, rollout, restart), then restart that pod.
# See deploy/README.md, "Node link", for why and what the control plane lacks.
#
#   LMAAS_ADMIN_KEY=... deploy/k8s/issue-join-token.sh NAMESPACE [CONTROL_PLANE_URL] [TTL_SECONDS]
#
# CONTROL_PLANE_URL is the public port (default http://127.0.0.1:8080, e.g. through
# `kubectl port-forward svc/lmaas-control-plane 8080`). The admin key is read from the environment
# and passed to curl on stdin (never argv); the token goes from jq to kubectl's stdin.
set -euo pipefail
ns="${1:?usage: issue-join-token.sh NAMESPACE [CONTROL_PLANE_URL] [TTL_SECONDS]}"
api="${2:-http://127.0.0.1:8080}"
ttl="${3:-3600}"
: "${LMAAS_ADMIN_KEY:?set LMAAS_ADMIN_KEY}"
json=$(printf 'header = "Authorization: Bearer %s"\n' "$LMAAS_ADMIN_KEY" | curl -fsS --config - \
  -H 'Content-Type: application/json' -d "{\"ttl_seconds\": $ttl}" "$api/admin/v1/nodes/join-tokens")
jq -r '"join-token=" + .token, "ca-pin=" + .ca_certificate_sha256' <<<"$json" \
  | kubectl -n "$ns" create secret generic lmaas-node-enrollment --from-env-file=/dev/stdin \
      --dry-run=client -o yaml | kubectl -n "$ns" apply -f - >/dev/null
echo "lmaas-node-enrollment in $ns holds join token $(jq -r .id <<<"$json"), expires $(jq -r .expires_at <<<"$json") (epoch s)"
