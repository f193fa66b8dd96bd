#!/usr/bin/env bash
# Peer: the same int8 MiniLM ONNX file served by @huggingface/transformers (onnxruntime-node) behind a
# bare Node.js HTTP server, against the LMaaS node (/internal/v1/infer over the node link's mTLS, with a client
# certificate issued from the control plane's cluster CA), same load, same machine,
# interleaved. Installs the npm package into bench/work/peer (ONNXRUNTIME_NODE_INSTALL=skip: the
# package's own binaries are used, nothing else is downloaded); runs offline from local files.
# Writes bench/results/peer-<date>.md.
#
#   bench/peer/run.sh [--concurrency 1,4,16] [--runs 3] [--seconds 6] [--quick]
# --quick (or LMAAS_BENCH_QUICK=1): concurrency 1,4, 1 run x 2 s; writes to bench/work/peer/ only.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
# (the peer server is exec'd in its subshell below, so cleanup's kill reaches it: it used to outlive the script)

CONC=1,4,16
RUNS=3
SECONDS_PER=6
QUICK=${LMAAS_BENCH_QUICK:-0}
while [ $# -gt 0 ]; do
  case "$1" in
    --concurrency) CONC=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --seconds) SECONDS_PER=$2; shift 2 ;;
    --quick) QUICK=1; shift ;;
    *) fail "unknown option $1" ;;
  esac
done
[ "$QUICK" != 1 ] || { CONC=1,4 RUNS=1 SECONDS_PER=2; }
need_curl
find_java
command -v node >/dev/null && command -v npm >/dev/null || fail "node and npm are needed (apt-get install -y nodejs npm)"

WORK="$BENCH/work/peer"
DATA="$WORK/data-$$"
mkdir -p "$WORK"
if [ ! -d "$WORK/node_modules/@huggingface/transformers" ]; then
  say "Installing @huggingface/transformers@4 into $WORK"
  (cd "$WORK" && ONNXRUNTIME_NODE_INSTALL=skip npm install --silent --no-audit --no-fund @huggingface/transformers@4 >"$WORK/npm.log" 2>&1) \
    || { tail -20 "$WORK/npm.log"; fail "npm install failed"; }
fi
CP_PORT=$(free_port)
NODE_PORT=$(free_port "$CP_PORT")
PEER_PORT=$(free_port "$CP_PORT" "$NODE_PORT")
LINK_PORT=$(free_port "$CP_PORT" "$NODE_PORT" "$PEER_PORT")
say "Starting LMaaS (control plane :$CP_PORT, node :$NODE_PORT, node link :$LINK_PORT)"
"$ROOT/lmaas" run --data-dir "$DATA" --port "$CP_PORT" --node-port "$NODE_PORT" --link-port "$LINK_PORT" >"$WORK/lmaas.log" 2>&1 &
LMAAS_PID=$!
PEER_PID=""
cleanup() {
  [ -z "$PEER_PID" ] || kill "$PEER_PID" 2>/dev/null || true
  kill -TERM "$LMAAS_PID" 2>/dev/null || true
  wait "$LMAAS_PID" 2>/dev/null || true
  rm -rf "$DATA"
}
trap cleanup EXIT
for _ in $(seq 1 600); do grep -q "LMaaS is running" "$WORK/lmaas.log" 2>/dev/null && break; kill -0 "$LMAAS_PID" 2>/dev/null || break; sleep 1; done
grep -q "LMaaS is running" "$WORK/lmaas.log" || { tail -30 "$WORK/lmaas.log"; fail "the platform did not start"; }

# The peer gets the very file the node serves, in the layout transformers.js expects.
MODEL_SRC="$DATA/nodes/node-1/models/all-minilm-l6-v2-int8"
MODELS="$WORK/models-$$/minilm"
mkdir -p "$MODELS/onnx"
cp "$MODEL_SRC/model.onnx" "$MODELS/onnx/model_quantized.onnx"
cp "$MODEL_SRC/tokenizer.json" "$MODELS/tokenizer.json"
cat >"$MODELS/config.json" <<'JSON'
{"model_type": "bert", "architectures": ["BertModel"], "hidden_size": 384, "num_attention_heads": 12, "num_hidden_layers": 6,
 "intermediate_size": 1536, "max_position_embeddings": 512, "vocab_size": 30522, "type_vocab_size": 2, "pad_token_id": 0}
JSON
cat >"$MODELS/tokenizer_config.json" <<'JSON'
{"tokenizer_class": "BertTokenizer", "do_lower_case": true, "model_max_length": 256, "cls_token": "[CLS]", "sep_token": "[SEP]",
 "pad_token": "[PAD]", "unk_token": "[UNK]", "mask_token": "[MASK]"}
JSON
say "Starting the Node.js peer on :$PEER_PORT"
(cd "$WORK" && cp "$BENCH/peer/server.mjs" . && exec node server.mjs "$WORK/models-$$" "$PEER_PORT" >"$WORK/peer.log" 2>&1) &
PEER_PID=$!
for _ in $(seq 1 60); do grep -q ready "$WORK/peer.log" 2>/dev/null && break; sleep 1; done
grep -q ready "$WORK/peer.log" || { cat "$WORK/peer.log"; fail "the peer did not start"; }
echo "unused" >"$WORK/peer-key"
# The node answers /internal only to the control plane's certificate: the bench gets one from the cluster CA.
bench_client_cert "$DATA/secrets/node-ca" "$DATA/client-tls"
bench_tls_opts "$DATA/client-tls"

OUT="$BENCH/results/peer-$(date -u +%Y-%m-%d).md"
[ "$QUICK" != 1 ] || OUT="$WORK/peer-quick.md"
say "Load: node vs peer, concurrency $CONC, $RUNS runs x ${SECONDS_PER}s, interleaved"
"$JAVA" -XX:+UseSerialGC -Xmx256m "$LOADGEN" bench \
  --target "lmaas-node=https://127.0.0.1:$NODE_PORT/internal/v1/infer" \
  --target "transformers-js=http://127.0.0.1:$PEER_PORT/v1/embeddings" \
  --compare lmaas-node --key-file "$WORK/peer-key" "${TLS_OPTS[@]}" \
  --concurrency "$CONC" --runs "$RUNS" --seconds "$SECONDS_PER" --warmup 2 --out "$WORK/summary.md" >"$WORK/bench.log" 2>&1 \
  || { tail -20 "$WORK/bench.log"; fail "the load generator failed"; }
{
  echo "# Peer: LMaaS node vs @huggingface/transformers — $(date -u +%Y-%m-%d)"
  echo
  machine_md
  echo "- Command: \`bench/peer/run.sh --concurrency $CONC --runs $RUNS --seconds $SECONDS_PER\`"
  echo "- Same file (all-minilm-l6-v2 int8 from the node's model store), one short input per request; **lmaas-node** = the node's"
  echo "  /internal/v1/infer over the node link's TLS 1.3 with a client certificate, keep-alive (dynamic batching, 2 intra-op threads);"
  echo "  **transformers-js** = @huggingface/transformers 4 on onnxruntime-node in a bare node:http server (plaintext, no authentication) (mean pooling + normalise, 2 intra-op threads, no batching across requests)."
  echo "- Node.js $(node --version); load generator bench/loadgen/Bench.java on the same 2 cores."
  echo
  cat "$WORK/summary.md"
} >"$OUT"
say "Wrote $OUT"
cat "$OUT"
