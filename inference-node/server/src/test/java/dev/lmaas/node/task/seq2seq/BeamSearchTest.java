package dev.lmaas.node.task.seq2seq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Search logic on a fake decoder (a seeded table of logits by last token), no ONNX. */
class BeamSearchTest {

    static final int VOCAB = 50;
    static final GenerationConfig CONFIG = new GenerationConfig(0, 1, 0, 8, 1);

    /** Logits depend on the source and the last two tokens, so prefixes matter. */
    static DecoderStep fakeDecoder(long seed) {
        float[][][] table = new float[VOCAB][VOCAB][VOCAB];
        Random random = new Random(seed);
        for (float[][] a : table) {
            for (float[] b : a) {
                for (int v = 0; v < VOCAB; v++) {
                    b[v] = (float) (random.nextGaussian() * 2);
                }
            }
        }
        return (prefixes, sources) -> {
            float[][] out = new float[prefixes.length][];
            for (int r = 0; r < prefixes.length; r++) {
                long[] p = prefixes[r];
                int last = (int) p[p.length - 1];
                int before = p.length > 1 ? (int) p[p.length - 2] : sources[r] % VOCAB;
                out[r] = table[before][last].clone();
            }
            return out;
        };
    }

    @Test
    void oneBeamIsGreedy() {
        DecoderStep step = fakeDecoder(1);
        List<long[]> greedy = GreedySearch.generate(step, 5, CONFIG, 8);
        List<long[]> beam1 = BeamSearch.generate(step, 5, CONFIG, 8, 1);
        for (int i = 0; i < 5; i++) {
            assertThat(beam1.get(i)).isEqualTo(greedy.get(i));
        }
    }

    @Test
    void keepingOnlyEachBeamsTopTokensChangesNothing() {
        Random random = new Random(3);
        for (int trial = 0; trial < 200; trial++) {
            double[] logp = new double[VOCAB];
            for (int v = 0; v < VOCAB; v++) {
                logp[v] = random.nextGaussian();
            }
            int k = 1 + random.nextInt(6);
            int[] top = BeamSearch.topTokens(logp, k);
            Integer[] all = new Integer[VOCAB];
            Arrays.setAll(all, i -> i);
            Arrays.sort(all, (a, b) -> Double.compare(logp[b], logp[a]));
            assertThat(top).containsExactlyInAnyOrder(Arrays.stream(all).limit(k).mapToInt(Integer::intValue).toArray());
        }
    }

    @Test
    void everyResultEndsAtEosOrAtTheLengthCap() {
        DecoderStep step = fakeDecoder(7);
        for (int beams : new int[] {2, 4, 8}) {
            for (long[] tokens : BeamSearch.generate(step, 6, CONFIG, 8, beams)) {
                assertThat(tokens.length).isBetween(1, 8);
                assertThat(CONFIG.isEos(tokens[tokens.length - 1]) || tokens.length == 8).isTrue();
                assertThat(Arrays.stream(tokens, 0, tokens.length - 1)).doesNotContainAnyElementsOf(CONFIG.eosTokenIds());
            }
        }
    }

}
