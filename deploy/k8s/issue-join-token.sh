#!/usr/bin/env bash
# Puts a fresh join token and the cluster CA's pin into the Secret lmaas-node-enrollment (replacing
# the previous one). The token admits up to MAX_USES node pods (default 100: scale-ups, rollouts and
# restarts) until it expires (default 7 days, the longest the control plane allows for a token with
# more than one use). Run it again before it expires - by hand, from CI, or from a scheduled job that
# holds the admin key - or new pods cannot enroll; pods already enrolled renew their certificates
# themselves and do not need it. A pod that retries its enrollment is not counted twice.
#
#   LMAAS_ADMIN_KEY=... deploy/k8s/issue-join-token.sh NAMESPACE [CONTROL_PLANE_URL] [TTL_SECONDS] [MAX_USES]
#
# CONTROL_PLANE_URL is the public port (default http://127.0.0.1:8080, e.g. through
# `kubectl port-forward svc/lmaas-control-plane 8080`). The admin key is read from the environment
# and passed to curl on stdin (never argv); the token goes from jq to kubectl's stdin.
set -euo pipefail
ns="${1:?usage: issue-join-token.sh NAMESPACE [CONTROL_PLANE_URL] [TTL_SECONDS] [MAX_USES]}"
api="${2:-http://127.0.0.1:8080}"
ttl="${3:-604800}"
max_uses=${4:-100}
: "${LMAAS_ADMIN_KEY:?set LMAAS_ADMIN_KEY}"
json=$(printf 'header = "Authorization: Bearer %s"\n' "$LMAAS_ADMIN_KEY" | curl -fsS --config - \
  -H 'Content-Type: application/json' -d "{\"ttl_seconds\": $ttl, \"max_uses\": $max_uses}" "$api/admin/v1/nodes/join-tokens")
jq -r '"join-token=" + .token, "ca-pin=" + .ca_certificate_sha256' <<<"$json" \
  | kubectl -n "$ns" create secret generic lmaas-node-enrollment --from-env-file=/dev/stdin \
      --dry-run=client -o yaml | kubectl -n "$ns" apply -f - >/dev/null
echo "lmaas-node-enrollment in $ns holds join token $(jq -r .id <<<"$json") for $(jq -r .max_uses <<<"$json") pod(s), expires $(jq -r .expires_at <<<"$json") (epoch s)"
