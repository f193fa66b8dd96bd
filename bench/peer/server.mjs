// Peer baseline: the same int8 file (MiniLM or bge-small-zh) served by @huggingface/transformers (onnxruntime-node) behind
// a bare Node.js HTTP server speaking the OpenAI embeddings shape. Offline: local files only.
// argv: MODEL_DIR PORT [POOLING] [TLS_PORT TLS_DIR]: with a TLS port, the same handler also listens there over TLS 1.3
// and requires a client certificate of TLS_DIR/ca.crt (TLS_DIR/peer.crt, peer.key), as the LMaaS node does on its link.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { env, pipeline } from '@huggingface/transformers';
env.allowRemoteModels = false;
env.localModelPath = process.argv[2];
const pooling = process.argv[4] || 'mean';
const extractor = await pipeline('feature-extraction', 'peer-model', { dtype: 'q8', session_options: { intraOpNumThreads: 2 } });
const port = Number(process.argv[3]);
async function handle(req, res) {
  let body = '';
  for await (const chunk of req) body += chunk;
  try {
    const { input } = JSON.parse(body);
    const texts = Array.isArray(input) ? input : [input];
    const out = await extractor(texts, { pooling, normalize: true });
    const data = out.tolist().map((embedding, index) => ({ object: 'embedding', index, embedding }));
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ object: 'list', data, model: 'peer-model' }));
  } catch (e) {
    res.writeHead(400, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: { message: String(e) } }));
  }
}
const tlsPort = Number(process.argv[5] || 0);
if (tlsPort) {
  const dir = process.argv[6];
  https.createServer({ key: fs.readFileSync(`${dir}/peer.key`), cert: fs.readFileSync(`${dir}/peer.crt`), ca: fs.readFileSync(`${dir}/ca.crt`),
    requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.3' }, handle).listen(tlsPort, '127.0.0.1');
}
http.createServer(handle).listen(port, '127.0.0.1', () => console.log('ready on', port));
