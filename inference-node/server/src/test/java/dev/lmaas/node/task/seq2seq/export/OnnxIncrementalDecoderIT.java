package dev.lmaas.node.task.seq2seq.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.node.runtime.InferenceSession;
import dev.lmaas.node.runtime.OnnxRuntimeEngine;
import dev.lmaas.node.runtime.Tensor;
import dev.lmaas.node.task.seq2seq.BeamSearch;
import dev.lmaas.node.task.seq2seq.DecoderStep;
import dev.lmaas.node.task.seq2seq.GenerationConfig;
import dev.lmaas.node.task.seq2seq.GreedySearch;
import dev.lmaas.node.testing.TinyExports;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real ONNX Runtime on a generated decoder in Optimum's split layout: decoding with the KV cache (one
 * new token per row and step through decoder_with_past_model.onnx) gives the logits and the tokens of
 * decoding without it (every prefix through decoder_model.onnx), for greedy and beam search, with a
 * padded source in the batch.
 */
class OnnxIncrementalDecoderIT {

    static final int HIDDEN = 8;
    static final int WIDTH = 5;
    static final GenerationConfig CONFIG = new GenerationConfig(0, 1, 2, 10, 1);

    @TempDir
    Path export;
    InferenceSession first;
    InferenceSession withPast;
    Tensor.Float32 hidden;
    long[] mask;

    @BeforeEach
    void open() throws Exception {
        TinyExports.writeSplitDecoder(export, 11, HIDDEN);
        OnnxRuntimeEngine engine = new OnnxRuntimeEngine(1);
        first = engine.open(export.resolve("onnx/decoder_model.onnx"));
        withPast = engine.open(export.resolve("onnx/decoder_with_past_model.onnx"));
        Random r = new Random(3);
        float[] states = new float[3 * WIDTH * HIDDEN];
        for (int i = 0; i < states.length; i++) {
            states[i] = (float) r.nextGaussian();
        }
        hidden = new Tensor.Float32(states, new long[] {3, WIDTH, HIDDEN});
        mask = new long[] {1, 1, 1, 1, 1, /**/ 1, 1, 0, 0, 0, /**/ 1, 1, 1, 1, 0};
    }

    @AfterEach
    void close() {
        first.close();
        withPast.close();
    }

    /** Without the cache: the whole prefix through decoder_model.onnx, the last position's logits. */
    DecoderStep fromScratch() {
        return (prefixes, sources) -> {
            int r = prefixes.length;
            int len = prefixes[0].length;
            long[] ids = new long[r * len];
            float[] states = new float[r * WIDTH * HIDDEN];
            long[] m = new long[r * WIDTH];
            for (int i = 0; i < r; i++) {
                System.arraycopy(prefixes[i], 0, ids, i * len, len);
                System.arraycopy(hidden.data(), sources[i] * WIDTH * HIDDEN, states, i * WIDTH * HIDDEN, WIDTH * HIDDEN);
                System.arraycopy(mask, sources[i] * WIDTH, m, i * WIDTH, WIDTH);
            }
            Tensor.Float32 logits = first.run(Map.of("input_ids", new Tensor.Int64(ids, new long[] {r, len}),
                    "encoder_hidden_states", new Tensor.Float32(states, new long[] {r, WIDTH, HIDDEN}),
                    "encoder_attention_mask", new Tensor.Int64(m, new long[] {r, WIDTH})), Set.of("logits")).get("logits");
            int vocab = logits.dim(2);
            float[][] out = new float[r][vocab];
            for (int i = 0; i < r; i++) {
                System.arraycopy(logits.data(), (i * len + len - 1) * vocab, out[i], 0, vocab);
            }
            return out;
        };
    }

    CachedDecoderStep<OnnxIncrementalDecoder.Past> cached() {
        return new CachedDecoderStep<>(new OnnxIncrementalDecoder(first, withPast, hidden, mask), null);
    }

    @Test
    void theCachedLogitsEqualTheRecomputedOnesAtEveryStep() {
        CachedDecoderStep<OnnxIncrementalDecoder.Past> cached = cached();
        DecoderStep full = fromScratch();
        long[] tokens = {0, 5, 7, 3, 9, 4};
        int[] sources = {0, 1, 2};
        for (int len = 1; len <= tokens.length; len++) {
            long[] prefix = java.util.Arrays.copyOf(tokens, len);
            long[][] prefixes = {prefix, prefix, prefix};
            float[][] expected = full.nextTokenLogits(prefixes, sources);
            float[][] actual = cached.nextTokenLogits(prefixes, sources);
            for (int r = 0; r < 3; r++) {
                assertThat(actual[r]).as("step " + len + " row " + r).containsExactly(expected[r], Offset.offset(1e-4f));
            }
        }
        assertThat(cached.tokensFed()).isEqualTo(3L * tokens.length);
    }

    @Test
    void greedyAndBeamSearchGiveTheSameTokensWithAndWithoutTheCache() {
        List<long[]> greedy = GreedySearch.generate(fromScratch(), 3, CONFIG, 10);
        assertThat(GreedySearch.generate(cached(), 3, CONFIG, 10)).usingRecursiveComparison().isEqualTo(greedy);
        List<long[]> beams = BeamSearch.generate(fromScratch(), 3, CONFIG, 8, 3);
        assertThat(BeamSearch.generate(cached(), 3, CONFIG, 8, 3)).usingRecursiveComparison().isEqualTo(beams);
        assertThat(greedy).anySatisfy(t -> assertThat(t.length).isGreaterThan(2)); // the comparison spans several steps
    }
}
