#!/usr/bin/env bash
# Creates the Secrets the manifests read, with fresh random values, unless they exist already
# (re-running never rotates a key by accident). Values go straight from openssl to kubectl's
# stdin: nothing on argv, nothing on disk.
#
#   deploy/k8s/create-secrets.sh NAMESPACE
#
# lmaas-secrets: key-pepper (API key hashes), master-key (envelope encryption of payloads),
#   cluster-secret (signs control plane <-> node calls), admin-key (optional bootstrap admin key).
# Keep a copy of key-pepper and master-key outside the cluster: a database backup is useless
# without them (keys stop verifying, encrypted payloads stop decrypting).
set -euo pipefail
ns="${1:?usage: create-secrets.sh NAMESPACE}"
if kubectl -n "$ns" get secret lmaas-secrets >/dev/null 2>&1; then
  echo "lmaas-secrets exists in $ns: left as it is"; exit 0
fi
rand() { openssl rand -base64 32 | tr -d '\n'; }
{
  printf 'key-pepper=%s\n' "$(rand)"
  printf 'master-key=%s\n' "$(rand)"
  printf 'cluster-secret=%s\n' "$(rand)"
} | kubectl -n "$ns" create secret generic lmaas-secrets --from-env-file=/dev/stdin
echo "created lmaas-secrets in $ns (read the admin key from the control plane's first log lines, or add admin-key)"
