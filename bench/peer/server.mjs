// Peer baseline: the same int8 file (MiniLM or bge-small-zh) served by @huggingface/transformers (onnxruntime-node) behind
// a bare Node.js HTTP server speaking the OpenAI embeddings shape. Offline: local files only.
import http from 'node:http';
import { env, pipeline } from '@huggingface/transformers';
env.allowRemoteModels = false;
env.localModelPath = process.argv[2];
const pooling = process.argv[4] || 'mean';
const extractor = await pipeline('feature-extraction', 'peer-model', { dtype: 'q8', session_options: { intraOpNumThreads: 2 } });
const port = Number(process.argv[3]);
http.createServer(async (req, res) => {
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
}).listen(port, '127.0.0.1', () => console.log('ready on', port));
