#!/usr/bin/env bash
# Peer: the same int8 MiniLM ONNX file served by @huggingface/transformers (onnxruntime-node) behind a
# bare Node.js HTTP server, against the LMaaS node (/internal/v1/infer over the node link's mTLS, with a client
# certificate issued from the control plane's cluster CA), same load, same machine,
# interleaved. Installs the npm package into bench/work/peer (ONNXRUNTIME_NODE_INSTALL=skip: the
# package's own binaries are used, nothing else is downloaded); runs offline from local files.
# A second peer, transformers-js-same-ort, is the same server on the onnxruntime-node release that matches the
# node's ONNX Runtime (the pom's onnxruntime.version, pinned with npm overrides): newer runtimes bring faster
# kernels (1.30's int8 MatMul runs this model ~30 % faster than 1.29's on these machines, with a byte-identical
# optimised graph), so this path separates the serving stack from the runtime release. Writes bench/results/peer-<date>.md.
#
#   bench/peer/run.sh [--model minilm|bge-zh] [--concurrency 1,4,16] [--runs 3] [--seconds 6] [--quick]
# --model bge-zh: bge-small-zh-v1.5 int8 (CLS pooling) with a Chinese sentence; writes peer-bge-zh-<date>.md.
# --quick (or LMAAS_BENCH_QUICK=1): concurrency 1,4, 1 run x 2 s; writes to bench/work/peer/ only.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
# (the peer server is exec'd in its subshell below, so cleanup's kill reaches it: it used to outlive the script)

CONC=1,4,16
RUNS=3
SECONDS_PER=6
QUICK=${LMAAS_BENCH_QUICK:-0}
MODEL=minilm
while [ $# -gt 0 ]; do
  case "$1" in
    --concurrency) CONC=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --seconds) SECONDS_PER=$2; shift 2 ;;
    --quick) QUICK=1; shift ;;
    --model) MODEL=$2; shift 2 ;;
    *) fail "unknown option $1" ;;
  esac
done
[ "$QUICK" != 1 ] || { CONC=1,4 RUNS=1 SECONDS_PER=2; }
# Each model as the node serves it and as transformers.js needs it (BERT config, pooling, a typical input).
case "$MODEL" in
  minilm)
    NODE_MODEL=all-minilm-l6-v2-int8 POOLING=mean SUFFIX="" INPUT="The quick brown fox jumps over the lazy dog."
    BERT_CONFIG='"hidden_size": 384, "num_attention_heads": 12, "num_hidden_layers": 6, "intermediate_size": 1536, "vocab_size": 30522' ;;
  bge-zh)
    NODE_MODEL=bge-small-zh-v1.5-int8 POOLING=cls SUFFIX="bge-zh-" INPUT="这是一个示例文本，今天天气很好，我想买一部新手机。"
    BERT_CONFIG='"hidden_size": 512, "num_attention_heads": 8, "num_hidden_layers": 4, "intermediate_size": 2048, "vocab_size": 21128' ;;
  *) fail "--model is minilm or bge-zh" ;;
esac
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
# The node's ONNX Runtime release, and the same release for the second peer (its own folder: npm overrides pin it).
ORT_VERSION=$(sed -n 's#.*<onnxruntime.version>\(.*\)</onnxruntime.version>.*#\1#p' "$ROOT/pom.xml" | head -1)
[ -n "$ORT_VERSION" ] || fail "no onnxruntime.version in $ROOT/pom.xml"
SAME="$WORK/same-ort-$ORT_VERSION"
if [ ! -d "$SAME/node_modules/@huggingface/transformers" ]; then
  say "Installing @huggingface/transformers@4 on onnxruntime-node $ORT_VERSION into $SAME"
  mkdir -p "$SAME"
  printf '{"name":"peer-same-ort","private":true,"dependencies":{"@huggingface/transformers":"4"},"overrides":{"onnxruntime-node":"%s","onnxruntime-common":"%s"}}\n' \
    "$ORT_VERSION" "$ORT_VERSION" >"$SAME/package.json"
  (cd "$SAME" && ONNXRUNTIME_NODE_INSTALL=skip npm install --silent --no-audit --no-fund >"$SAME/npm.log" 2>&1) \
    || { tail -20 "$SAME/npm.log"; fail "npm install of the same-runtime peer failed"; }
fi
PEER_ORT=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$WORK/node_modules/onnxruntime-node/package.json" | head -1)
CP_PORT=$(free_port)
NODE_PORT=$(free_port "$CP_PORT")
PEER_PORT=$(free_port "$CP_PORT" "$NODE_PORT")
LINK_PORT=$(free_port "$CP_PORT" "$NODE_PORT" "$PEER_PORT")
PEER_TLS_PORT=$(free_port "$CP_PORT" "$NODE_PORT" "$PEER_PORT" "$LINK_PORT")
SAME_PORT=$(free_port "$CP_PORT" "$NODE_PORT" "$PEER_PORT" "$LINK_PORT" "$PEER_TLS_PORT")
SAME_TLS_PORT=$(free_port "$CP_PORT" "$NODE_PORT" "$PEER_PORT" "$LINK_PORT" "$PEER_TLS_PORT" "$SAME_PORT")
say "Starting LMaaS (control plane :$CP_PORT, node :$NODE_PORT, node link :$LINK_PORT)"
"$ROOT/lmaas" run --data-dir "$DATA" --port "$CP_PORT" --node-port "$NODE_PORT" --link-port "$LINK_PORT" >"$WORK/lmaas.log" 2>&1 &
LMAAS_PID=$!
PEER_PID=""
SAME_PID=""
cleanup() {
  [ -z "$PEER_PID" ] || kill "$PEER_PID" 2>/dev/null || true
  [ -z "$SAME_PID" ] || kill "$SAME_PID" 2>/dev/null || true
  kill -TERM "$LMAAS_PID" 2>/dev/null || true
  wait "$LMAAS_PID" 2>/dev/null || true
  rm -rf "$DATA"
}
trap cleanup EXIT
for _ in $(seq 1 600); do grep -q "LMaaS is running" "$WORK/lmaas.log" 2>/dev/null && break; kill -0 "$LMAAS_PID" 2>/dev/null || break; sleep 1; done
grep -q "LMaaS is running" "$WORK/lmaas.log" || { tail -30 "$WORK/lmaas.log"; fail "the platform did not start"; }

# The peer gets the very file the node serves, in the layout transformers.js expects.
MODEL_SRC="$DATA/nodes/node-1/models/$NODE_MODEL"
MODELS="$WORK/models-$$/peer-model"
mkdir -p "$MODELS/onnx"
cp "$MODEL_SRC/model.onnx" "$MODELS/onnx/model_quantized.onnx"
cp "$MODEL_SRC/tokenizer.json" "$MODELS/tokenizer.json"
cat >"$MODELS/config.json" <<JSON
{"model_type": "bert", "architectures": ["BertModel"], $BERT_CONFIG,
 "max_position_embeddings": 512, "type_vocab_size": 2, "pad_token_id": 0}
JSON
cat >"$MODELS/tokenizer_config.json" <<'JSON'
{"tokenizer_class": "BertTokenizer", "do_lower_case": true, "model_max_length": 256, "cls_token": "[CLS]", "sep_token": "[SEP]",
 "pad_token": "[PAD]", "unk_token": "[UNK]", "mask_token": "[MASK]"}
JSON
# The peer's TLS listener gets a certificate of the same cluster CA and, like the node, demands the bench's client certificate.
bench_issue "$DATA/secrets/node-ca" "$WORK/peer-tls" peer spiffe://lmaas.cluster/node/peer
say "Starting the Node.js peer on :$PEER_PORT (plaintext) and :$PEER_TLS_PORT (TLS 1.3 + client certificate)"
(cd "$WORK" && cp "$BENCH/peer/server.mjs" . && exec node server.mjs "$WORK/models-$$" "$PEER_PORT" "$POOLING" "$PEER_TLS_PORT" "$WORK/peer-tls" \
  >"$WORK/peer.log" 2>&1) &
PEER_PID=$!
say "Starting the same-runtime peer (onnxruntime-node $ORT_VERSION) on :$SAME_PORT and :$SAME_TLS_PORT (TLS 1.3 + client certificate)"
(cd "$SAME" && cp "$BENCH/peer/server.mjs" . && exec node server.mjs "$WORK/models-$$" "$SAME_PORT" "$POOLING" "$SAME_TLS_PORT" "$WORK/peer-tls" \
  >"$WORK/peer-same.log" 2>&1) &
SAME_PID=$!
for log in peer.log peer-same.log; do
  for _ in $(seq 1 60); do grep -q ready "$WORK/$log" 2>/dev/null && break; sleep 1; done
  grep -q ready "$WORK/$log" || { cat "$WORK/$log"; fail "the peer ($log) did not start"; }
done
echo "unused" >"$WORK/peer-key"
# The node answers /internal only to the control plane's certificate: the bench gets one from the cluster CA.
bench_client_cert "$DATA/secrets/node-ca" "$DATA/client-tls"
bench_tls_opts "$DATA/client-tls"

OUT="$BENCH/results/peer-$SUFFIX$(date -u +%Y-%m-%d).md"
[ "$QUICK" != 1 ] || OUT="$WORK/peer-${SUFFIX}quick.md"
say "Load: node vs peer, concurrency $CONC, $RUNS runs x ${SECONDS_PER}s, interleaved"
"$JAVA" -XX:+UseSerialGC -Xmx256m "$LOADGEN" bench \
  --target "lmaas-node=https://127.0.0.1:$NODE_PORT/internal/v1/infer" \
  --target "transformers-js=http://127.0.0.1:$PEER_PORT/v1/embeddings" \
  --target "transformers-js-tls=https://127.0.0.1:$PEER_TLS_PORT/v1/embeddings" \
  --target "transformers-js-same-ort-tls=https://127.0.0.1:$SAME_TLS_PORT/v1/embeddings" \
  --compare lmaas-node --model "$NODE_MODEL" --input "$INPUT" --key-file "$WORK/peer-key" "${TLS_OPTS[@]}" \
  --concurrency "$CONC" --runs "$RUNS" --seconds "$SECONDS_PER" --warmup 2 --out "$WORK/summary.md" >"$WORK/bench.log" 2>&1 \
  || { tail -20 "$WORK/bench.log"; fail "the load generator failed"; }
{
  echo "# Peer: LMaaS node vs @huggingface/transformers — $(date -u +%Y-%m-%d)"
  echo
  machine_md
  echo "- Command: \`bench/peer/run.sh --model $MODEL --concurrency $CONC --runs $RUNS --seconds $SECONDS_PER\`"
  echo "- Same file ($NODE_MODEL from the node's model store), one input per request (\"$INPUT\"); **lmaas-node** = the node's"
  echo "  /internal/v1/infer over the node link's TLS 1.3 with a client certificate, keep-alive (dynamic batching; its defaults: one intra-op thread per encoder run, as many concurrent runs as cores);"
  echo "  **transformers-js** = @huggingface/transformers 4 on onnxruntime-node $PEER_ORT (what npm installs with it) in a bare node:http server (plaintext, no authentication) ($POOLING pooling + normalise, 2 intra-op threads, no batching across requests); **transformers-js-tls** = the same process and handler behind node:https with TLS 1.3, a certificate of the same cluster CA and a required client certificate, as the node's link (the like-for-like transport); **transformers-js-same-ort-tls** = that TLS server on onnxruntime-node $ORT_VERSION, the node's own ONNX Runtime release (Java $ORT_VERSION, npm overrides), so it differs from the node in the serving stack only."
  echo "- Node.js $(node --version); load generator bench/loadgen/Bench.java on the same 2 cores."
  echo
  cat "$WORK/summary.md"
} >"$OUT"
say "Wrote $OUT"
cat "$OUT"
