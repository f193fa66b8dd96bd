#!/usr/bin/env bash
# Creates the Secrets the manifests read, with fresh random values, unless they exist already
# (re-running never rotates a key by accident). Random values go straight from openssl to kubectl's
# stdin; the CA's files live only in a private temporary directory removed on exit. Nothing on argv.
#
#   deploy/k8s/create-secrets.sh NAMESPACE
#
# lmaas-secrets: key-pepper (API key hashes), master-key (envelope encryption of payloads),
#   admin-key (optional: without it the first control plane writes a generated bootstrap admin key
#   to its DATA_DIR/admin-key only, never to a log: kubectl -n NS exec deploy/lmaas-control-plane --
#   cat /data/admin-key),
#   metrics-token (bearer token Prometheus sends to the control plane's /actuator/prometheus).
# lmaas-node-ca: ca.crt, ca.key - the node link's cluster CA (EC P-256, self-signed, 10 years). Every
#   control-plane replica must sign with the same CA, so it is a Secret, not generated per pod.
#   To keep the CA of an existing control plane instead, create the Secret from its files first:
#   kubectl -n NS create secret generic lmaas-node-ca --from-file=ca.crt=DATA_DIR/secrets/node-ca/ca.crt \
#     --from-file=ca.key=DATA_DIR/secrets/node-ca/ca.key
# Keep a copy of key-pepper, master-key and the CA outside the cluster: a database backup is useless
# without the first two (keys stop verifying, payloads stop decrypting), and a new CA means every
# node enrolls again.
set -euo pipefail
ns="${1:?usage: create-secrets.sh NAMESPACE}"
if kubectl -n "$ns" get secret lmaas-secrets >/dev/null 2>&1; then
  echo "lmaas-secrets exists in $ns: left as it is"
else
  rand() { openssl rand -base64 32 | tr -d '\n'; }
  {
    printf 'key-pepper=%s\n' "$(rand)"
    printf 'master-key=%s\n' "$(rand)"
    printf 'metrics-token=%s\n' "$(openssl rand -hex 32)"
  } | kubectl -n "$ns" create secret generic lmaas-secrets --from-env-file=/dev/stdin
  echo "created lmaas-secrets in $ns (metrics-token inside; the admin key: see this script's header)"
fi
if kubectl -n "$ns" get secret lmaas-node-ca >/dev/null 2>&1; then
  echo "lmaas-node-ca exists in $ns: left as it is"
else
  dir=$(umask 077 && mktemp -d)
  trap 'rm -rf "$dir"' EXIT
  (umask 077 && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
    -subj "/CN=lmaas node-link CA" -addext basicConstraints=critical,CA:TRUE,pathlen:0 \
    -addext keyUsage=critical,keyCertSign,cRLSign -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null)
  kubectl -n "$ns" create secret generic lmaas-node-ca --from-file=ca.crt="$dir/ca.crt" --from-file=ca.key="$dir/ca.key"
  echo "created lmaas-node-ca in $ns"
fi
