package dev.lmaas.node.task.seq2seq.export;

import dev.lmaas.node.runtime.InferenceSession;
import dev.lmaas.node.runtime.OnnxRuntimeEngine;
import dev.lmaas.node.runtime.Tensor;
import dev.lmaas.node.task.seq2seq.DecoderStep;
import dev.lmaas.node.task.seq2seq.GenerationConfig;
import dev.lmaas.node.task.seq2seq.GreedySearch;
import dev.lmaas.node.testing.TinyExports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Greedy decode tokens/s with and without the KV cache on a generated export in Optimum's split layout
 * (one layer, one head; the hidden size given). Prints markdown; see bench/seq2seq-cache/run.sh.
 */
public final class CacheBench {

    public static void main(String[] args) throws Exception {
        int hidden = Integer.parseInt(args[0]);
        int batch = Integer.parseInt(args[1]);
        int width = 32;
        Path dir = Files.createTempDirectory("cache-bench");
        TinyExports.writeSplitDecoder(dir, 5, hidden);
        TinyExports.writeMergedDecoder(dir, 5, hidden); // the same weights, as one graph with use_cache_branch
        OnnxRuntimeEngine engine = new OnnxRuntimeEngine(2);
        try (InferenceSession first = engine.open(dir.resolve("onnx/decoder_model.onnx"));
             InferenceSession withPast = engine.open(dir.resolve("onnx/decoder_with_past_model.onnx"));
             InferenceSession merged = engine.open(dir.resolve("onnx/decoder_model_merged.onnx"))) {
            Random r = new Random(1);
            float[] states = new float[batch * width * hidden];
            for (int i = 0; i < states.length; i++) {
                states[i] = (float) r.nextGaussian();
            }
            Tensor.Float32 encoded = new Tensor.Float32(states, new long[] {batch, width, hidden});
            long[] mask = new long[batch * width];
            java.util.Arrays.fill(mask, 1);
            System.out.println("| hidden | batch | new tokens | without cache (tokens/s) | split, with cache (tokens/s) | gain | merged, with cache (tokens/s) | gain |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (int tokens : new int[] {16, 64, 128}) {
                GenerationConfig config = new GenerationConfig(0, -1, 2, tokens, 1); // EOS never comes: every run is full length
                DecoderStep full = fromScratch(first, encoded, mask, width, hidden);
                double without = rate(() -> GreedySearch.generate(full, batch, config, tokens), batch * tokens);
                double with = rate(() -> GreedySearch.generate(new CachedDecoderStep<>(new OnnxIncrementalDecoder(first, withPast, encoded, mask), null),
                        batch, config, tokens), batch * tokens);
                double withMerged = rate(() -> GreedySearch.generate(new CachedDecoderStep<>(
                        OnnxIncrementalDecoder.merged(merged, encoded, mask, null), null), batch, config, tokens), batch * tokens);
                System.out.printf("| %d | %d | %d | %.0f | %.0f | %.1fx | %.0f | %.1fx |%n", hidden, batch, tokens, without, with, with / without,
                        withMerged, withMerged / without);
            }
        }
    }

    /** Median of five timed runs after two warm-ups, as tokens per second. */
    static double rate(Runnable run, int tokens) {
        run.run();
        run.run();
        double[] secs = new double[5];
        for (int i = 0; i < secs.length; i++) {
            long s = System.nanoTime();
            run.run();
            secs[i] = (System.nanoTime() - s) / 1e9;
        }
        java.util.Arrays.sort(secs);
        return tokens / secs[2];
    }

    static DecoderStep fromScratch(InferenceSession first, Tensor.Float32 hidden, long[] mask, int width, int dims) {
        return (prefixes, sources) -> {
            int r = prefixes.length;
            int len = prefixes[0].length;
            long[] ids = new long[r * len];
            float[] states = new float[r * width * dims];
            long[] m = new long[r * width];
            for (int i = 0; i < r; i++) {
                System.arraycopy(prefixes[i], 0, ids, i * len, len);
                System.arraycopy(hidden.data(), sources[i] * width * dims, states, i * width * dims, width * dims);
                System.arraycopy(mask, sources[i] * width, m, i * width, width);
            }
            Tensor.Float32 logits = first.run(Map.of("input_ids", new Tensor.Int64(ids, new long[] {r, len}),
                    "encoder_hidden_states", new Tensor.Float32(states, new long[] {r, width, dims}),
                    "encoder_attention_mask", new Tensor.Int64(m, new long[] {r, width})), Set.of("logits")).get("logits");
            int vocab = logits.dim(2);
            float[][] out = new float[r][vocab];
            for (int i = 0; i < r; i++) {
                System.arraycopy(logits.data(), (i * len + len - 1) * vocab, out[i], 0, vocab);
            }
            return out;
        };
    }
}
