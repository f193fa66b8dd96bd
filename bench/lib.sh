# Shared helpers for the bench/ scripts (sourced, not run). Everything stays on 127.0.0.1.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
LOADGEN="$BENCH/loadgen/Bench.java"

# Nodes started by these scripts (through ./lmaas run too: the environment is inherited) wait up to 30 s for the
# control plane's answer instead of 5 s. Why: on a loaded machine a node's enrollment call can time out after
# the control plane has already used the one-time join token; the node then retries with the spent token, gets
# 401 invalid_join_token and stops (seen here at load 20: a product issue, reported, not fixed in bench/).
export LMAAS_NODE_REGISTRATION_REQUESTTIMEOUT=${LMAAS_NODE_REGISTRATION_REQUESTTIMEOUT:-30s}

say() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }
fail() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# free_port [avoid...]: a port in 20000..59999 that nothing listens on and that is not in the avoid list.
free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 40000))
    case " $* " in *" $p "*) continue ;; esac
    port_free "$p" && port_free $((p + 1)) && { echo "$p"; return 0; }
  done
  fail "no free port found"
}

find_java() {
  JAVA_HOME=$("$ROOT/.mvn/find-jdk") || exit 1
  export JAVA_HOME
  JAVA="$JAVA_HOME/bin/java"
}

need_curl() { command -v curl >/dev/null || fail "curl is needed (apt-get install -y curl)"; }

# wait_http URL SECONDS [PID] [CA_FILE]: until URL answers 200 (fails early if PID died); an https URL
# (a node: its probes are open, but only over TLS) is checked trusting CA_FILE only.
wait_http() {
  local url=$1 limit=$2 pid=${3:-} ca=${4:-} waited=0
  until [ "$(curl -s -o /dev/null -m 5 ${ca:+--cacert "$ca"} -w '%{http_code}' "$url" || true)" = 200 ]; do
    [ -z "$pid" ] || kill -0 "$pid" 2>/dev/null || return 1
    sleep 1; waited=$((waited + 1))
    [ "$waited" -lt "$limit" ] || return 1
  done
}

# json_field FIELD: the first "FIELD":"value" string of the JSON on stdin.
json_field() { sed -n "s/.*\"$1\" *: *\"\\([^\"]*\\)\".*/\\1/p" | head -1; }

# admin METHOD PATH [BODY]: an admin API call on $CP_URL with the key in $ADMIN_KEY (header read from a
# pipe, so the key is never on curl's command line).
admin() {
  curl -s -m 30 -X "$1" "$CP_URL$2" -H @<(printf 'Authorization: Bearer %s\n' "$ADMIN_KEY") -H 'Content-Type: application/json' ${3:+-d "$3"}
}

# start_joined_node NODE_JAR ID PORT DATA_DIR LOG [node args...]: starts a node from its jar that enrolls like
# ./lmaas run's: a one-time join token from the admin API on $CP_URL and the CA pin, both handed over in the
# node's environment (never argv); the link URL comes with the token. Sets NODE_PID. Uses $JAVA and $ADMIN_KEY.
start_joined_node() {
  local jar=$1 id=$2 port=$3 dir=$4 log=$5 join token link pin; shift 5
  join=$(admin POST /admin/v1/nodes/join-tokens '{"ttl_seconds":900}')
  token=$(printf '%s' "$join" | json_field token)
  link=$(printf '%s' "$join" | json_field control_plane_url)
  pin=$(printf '%s' "$join" | json_field ca_certificate_sha256)
  [ -n "$token" ] && [ -n "$link" ] && [ -n "$pin" ] || fail "could not create a join token for node $id"
  mkdir -p "$dir"
  LMAAS_JOIN_TOKEN="$token" LMAAS_CONTROL_PLANE_CA_SHA256="$pin" "$JAVA" --enable-native-access=ALL-UNNAMED -jar "$jar" \
    --server.port="$port" --lmaas.node.node-id="$id" --lmaas.node.data-dir="$dir" \
    --lmaas.node.control-plane-url="$link" --lmaas.node.advertised-url="https://127.0.0.1:$port" "$@" >"$log" 2>&1 &
  NODE_PID=$!
}

# A plan with limits far above what two cores can send, so nothing is refused, while every check
# (rate limits per key and tenant, the monthly quota lease, the model list) still runs per request.
BENCH_PLAN='{"name":"Bench","allowed_models":[],"key_requests_per_minute":100000000,"key_tokens_per_minute":1000000000000,
"tenant_requests_per_minute":100000000,"tenant_tokens_per_minute":1000000000000,"monthly_token_quota":1000000000000000,
"max_api_keys":100,"max_inputs_per_request":2048,"retention_choices":["none"],"price_micros":0,"currency":"usd",
"overage_allowed":false,"price_per_million_tokens_micros":50000}'

# tenant_with_key NAME KEY_FILE: creates the bench plan (if needed), a tenant on it and a key; writes the key (0600).
tenant_with_key() {
  admin PUT /admin/v1/plans/bench "$BENCH_PLAN" | grep -q '"id":"bench"' || fail "could not create the bench plan"
  local tenant key
  tenant=$(admin POST /admin/v1/tenants "{\"name\":\"$1\",\"owner_email\":\"$1-$RANDOM@bench.test\",\"plan\":\"bench\"}" | json_field id)
  [ -n "$tenant" ] || fail "could not create a tenant"
  key=$(admin POST "/admin/v1/tenants/$tenant/api-keys" '{"name":"bench"}' | json_field key)
  [ -n "$key" ] || fail "could not create an API key"
  (umask 077; printf '%s' "$key" >"$2")
  echo "$tenant"
}

# pid_on PORT: the process listening on a loopback TCP port (the JVM of a control plane or node the script started).
pid_on() { ss -Hltnp "sport = :$1" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1; }

# wait_node_model MODEL SECONDS: until the control plane routes MODEL to a node (registered and loaded).
wait_node_model() {
  local waited=0
  until admin GET /admin/v1/models | grep -q "\"id\":\"$1\"[^]]*\"routed\":true"; do
    sleep 1; waited=$((waited + 1))
    [ "$waited" -lt "$2" ] || return 1
  done
}

machine_md() {
  local mem; mem=$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)
  cat <<EOF
- Machine: $(nproc) cores, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1), $mem RAM, $(uname -sr); shared with other work (expect ±30 % noise)
- Date: $(date -u '+%Y-%m-%d %H:%M UTC')
- Commit: $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- . ':!bench/results' 2>/dev/null || echo ' (with uncommitted changes)') on branch $(git -C "$ROOT" rev-parse --abbrev-ref HEAD)
- JDK: $("$JAVA" -version 2>&1 | head -1)
- Load average when the results were written (1/5/15 min, other work included): $(cut -d' ' -f1-3 /proc/loadavg)
EOF
}

# bench_issue CA_DIR OUT_DIR NAME IDENTITY [URL]: issues OUT_DIR/NAME.crt and NAME.key (PKCS#8, 0600) from the CA in
# CA_DIR (ca.crt, ca.key), shaped like the cluster CA's certificates: the cluster identity (spiffe://lmaas.cluster/...)
# and, for a node, its https URL as URI names, IP 127.0.0.1, server and client auth, 1 day. Copies ca.crt into
# OUT_DIR. Only file names go on openssl's command line, never key material.
bench_issue() {
  local ca_dir=$1 out=$2 name=$3 identity=$4 url=${5:-}
  command -v openssl >/dev/null || fail "openssl is needed to issue the bench's certificates (apt-get install -y openssl)"
  [ -r "$ca_dir/ca.crt" ] && [ -r "$ca_dir/ca.key" ] || fail "no cluster CA in $ca_dir"
  mkdir -p "$out"; chmod 700 "$out"
  (umask 077
   openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$out/$name.key" 2>/dev/null
   openssl req -new -key "$out/$name.key" -subj "/CN=${identity##*/}" -out "$out/$name.csr" 2>/dev/null
   printf '%s\n' "subjectAltName=URI:$identity${url:+,URI:$url},IP:127.0.0.1" 'extendedKeyUsage=serverAuth,clientAuth' \
     'keyUsage=critical,digitalSignature' 'basicConstraints=critical,CA:FALSE' >"$out/$name.ext"
   openssl x509 -req -in "$out/$name.csr" -CA "$ca_dir/ca.crt" -CAkey "$ca_dir/ca.key" -set_serial "0x$(openssl rand -hex 16)" \
     -days 1 -sha256 -extfile "$out/$name.ext" -out "$out/$name.crt" 2>/dev/null) || fail "could not issue the bench certificate $name"
  [ "$ca_dir" = "$out" ] || cp "$ca_dir/ca.crt" "$out/ca.crt"
  rm -f "$out/$name.csr" "$out/$name.ext"
}

# bench_ca DIR: a throwaway cluster CA for a node started standalone with certificate files (bench/node, bench/peer).
bench_ca() {
  mkdir -p "$1"; chmod 700 "$1"
  (umask 077
   openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1/ca.key" 2>/dev/null
   openssl req -x509 -new -key "$1/ca.key" -subj "/CN=LMaaS bench CA $(date +%s)" -days 1 -sha256 \
     -addext 'basicConstraints=critical,CA:TRUE,pathlen:0' -addext 'keyUsage=critical,keyCertSign,cRLSign' -out "$1/ca.crt" 2>/dev/null) \
    || fail "could not create the bench CA"
}

# bench_client_cert CA_DIR OUT_DIR: the load generator's (and nginx's) node-link client certificate, issued from
# the cluster CA in CA_DIR (a running control plane's DATA_DIR/secrets/node-ca) with the control plane's
# identity, the only one a node answers on /internal. Writes OUT_DIR/client.crt, client.key, ca.crt.
bench_client_cert() { bench_issue "$1" "$2" client spiffe://lmaas.cluster/control-plane; }

# bench_tls_opts DIR: sets the array TLS_OPTS to the load generator's mTLS options for bench_client_cert's files in DIR.
bench_tls_opts() { TLS_OPTS=(--client-cert "$1/client.crt" --client-key "$1/client.key" --ca-cert "$1/ca.crt"); }

# build_checkout: ./mvnw package -DskipTests of this checkout (the jars ./lmaas run starts), quietly unless it fails.
build_checkout() {
  say "Building this checkout (./mvnw package -DskipTests)"
  "$ROOT/mvnw" -B -q -f "$ROOT/pom.xml" package -DskipTests >/tmp/lmaas-bench-build-$$.log 2>&1 \
    || { tail -30 /tmp/lmaas-bench-build-$$.log; fail "the build failed"; }
  rm -f /tmp/lmaas-bench-build-$$.log
}

# start_lmaas DATA WORK CP_PORT NODE_PORT LINK_PORT: ./lmaas run in the background (LMAAS_PID), until DATA/run.json
# says it is up; sets ADMIN_KEY. The caller's EXIT trap stops LMAAS_PID.
start_lmaas() {
  say "Starting the control plane on :$3 and one node on :$4 (data in $2)"
  "$ROOT/lmaas" run --data-dir "$1" --port "$3" --node-port "$4" --link-port "$5" >"$2/lmaas.log" 2>&1 &
  LMAAS_PID=$!
  for _ in $(seq 1 900); do
    [ -f "$1/run.json" ] && break
    kill -0 "$LMAAS_PID" 2>/dev/null || { tail -30 "$2/lmaas.log"; fail "./lmaas run stopped (log: $2/lmaas.log)"; }
    sleep 1
  done
  [ -f "$1/run.json" ] || fail "the platform did not start in 15 minutes (log: $2/lmaas.log)"
  ADMIN_KEY=$(cat "$1/admin-key")
}

