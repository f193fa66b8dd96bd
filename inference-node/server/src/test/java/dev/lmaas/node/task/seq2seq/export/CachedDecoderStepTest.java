package dev.lmaas.node.task.seq2seq.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.node.task.seq2seq.BeamSearch;
import dev.lmaas.node.task.seq2seq.DecoderStep;
import dev.lmaas.node.task.seq2seq.GenerationConfig;
import dev.lmaas.node.task.seq2seq.GreedySearch;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The cache adapter against recomputing every prefix from scratch, on a seeded recurrent decoder whose
 * next-token logits depend on every token read so far (a stand-in for a KV cache: wrong past, wrong
 * answer). Same tokens out, one token fed per row and step.
 */
class CachedDecoderStepTest {

    static final int VOCAB = 9;
    static final int DIMS = 6;
    static final long START = 0;
    static final long EOS = 1;
    static final long PAD = 2;

    /** h' = tanh(W·h + E[token] + C[source]); logits = U·h'. */
    static final class RecurrentDecoder implements IncrementalDecoder<float[]> {
        final float[][] w = new float[DIMS][DIMS];
        final float[][] e = new float[VOCAB][DIMS];
        final float[][] c = new float[4][DIMS];
        final float[][] u = new float[VOCAB][DIMS];
        long fed;

        RecurrentDecoder(long seed) {
            Random r = new Random(seed);
            for (float[][] m : List.of(w, e, c, u)) {
                for (float[] row : m) {
                    for (int i = 0; i < row.length; i++) {
                        row[i] = (float) r.nextGaussian();
                    }
                }
            }
        }

        float[] next(float[] h, long token, int source) {
            float[] out = new float[DIMS];
            for (int i = 0; i < DIMS; i++) {
                double s = e[(int) token][i] + c[source][i];
                for (int j = 0; j < DIMS; j++) {
                    s += w[i][j] * (h == null ? 0 : h[j]);
                }
                out[i] = (float) Math.tanh(s);
            }
            fed++;
            return out;
        }

        float[] logits(float[] h) {
            float[] l = new float[VOCAB];
            for (int v = 0; v < VOCAB; v++) {
                for (int j = 0; j < DIMS; j++) {
                    l[v] += u[v][j] * h[j];
                }
            }
            return l;
        }

        @Override
        public Result<float[]> step(List<float[]> past, long[] tokens, int[] sources) {
            List<float[]> states = new ArrayList<>();
            float[][] logits = new float[tokens.length][];
            for (int r = 0; r < tokens.length; r++) {
                float[] h = next(past.get(r), tokens[r], sources[r]);
                states.add(h);
                logits[r] = logits(h);
            }
            return new Result<>(logits, states);
        }

        /** The no-cache way: every prefix read from its first token at every step. */
        DecoderStep fromScratch() {
            return (prefixes, sources) -> {
                float[][] out = new float[prefixes.length][];
                for (int r = 0; r < prefixes.length; r++) {
                    float[] h = null;
                    for (long t : prefixes[r]) {
                        h = next(h, t, sources[r]);
                    }
                    out[r] = logits(h);
                }
                return out;
            };
        }
    }

    static final GenerationConfig CONFIG = new GenerationConfig(START, EOS, PAD, 12, 1);

    @Test
    void greedyDecodingGivesTheSameTokensFeedingOnlyTheNewOnes() {
        for (long seed = 1; seed <= 5; seed++) {
            RecurrentDecoder full = new RecurrentDecoder(seed);
            List<long[]> expected = GreedySearch.generate(full.fromScratch(), 3, CONFIG, 12);
            RecurrentDecoder incremental = new RecurrentDecoder(seed);
            CachedDecoderStep<float[]> cached = new CachedDecoderStep<>(incremental, null);
            List<long[]> actual = GreedySearch.generate(cached, 3, CONFIG, 12);
            assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
            long generated = actual.stream().mapToLong(a -> a.length).sum();
            assertThat(cached.tokensFed()).isEqualTo(generated).isEqualTo(incremental.fed);
            assertThat(full.fed).isGreaterThan(incremental.fed);
        }
    }

    @Test
    void beamSearchGivesTheSameTokensWithParentsFoundByTheirTokens() {
        for (long seed = 1; seed <= 5; seed++) {
            List<long[]> expected = BeamSearch.generate(new RecurrentDecoder(seed).fromScratch(), 2, CONFIG, 10, 3);
            RecurrentDecoder incremental = new RecurrentDecoder(seed);
            CachedDecoderStep<float[]> cached = new CachedDecoderStep<>(incremental, null);
            long[] rowsAsked = {0};
            DecoderStep counting = (prefixes, sources) -> {
                rowsAsked[0] += prefixes.length;
                return cached.nextTokenLogits(prefixes, sources);
            };
            List<long[]> actual = BeamSearch.generate(counting, 2, CONFIG, 10, 3);
            assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
            assertThat(incremental.fed).isEqualTo(rowsAsked[0]); // no replay: every parent was the previous step's
        }
    }

    @Test
    void aPrefixAskedOutOfOrderIsReplayedAndGivesTheSameLogits() {
        RecurrentDecoder d = new RecurrentDecoder(7);
        long[][] prefix = {{START, 4, 5, 6}};
        float[][] expected = d.fromScratch().nextTokenLogits(prefix, new int[] {1});
        CachedDecoderStep<float[]> cached = new CachedDecoderStep<>(new RecurrentDecoder(7), null);
        assertThat(cached.nextTokenLogits(prefix, new int[] {1})[0]).containsExactly(expected[0]);
        assertThat(cached.tokensFed()).isEqualTo(4);
    }

    @Test
    void theExportsProcessorsRunOnEveryStep() {
        GenerationSettings settings = new GenerationSettings(START, List.of(EOS), PAD, List.of(), 20, null, 1, 1.0, 1, 1.0, 7L, null);
        for (long seed = 1; seed <= 5; seed++) {
            CachedDecoderStep<float[]> cached = new CachedDecoderStep<>(new RecurrentDecoder(seed), new LogitsProcessing(settings, 20));
            for (long[] out : GreedySearch.generate(cached, 2, CONFIG, 8)) {
                assertThat(out[0]).isEqualTo(7L);                        // forced BOS
                assertThat(out).doesNotContain(PAD);                     // pad never generated
                assertThat(java.util.Arrays.stream(out).distinct().count()).isEqualTo(out.length); // no repeated 1-gram
            }
        }
    }
}
