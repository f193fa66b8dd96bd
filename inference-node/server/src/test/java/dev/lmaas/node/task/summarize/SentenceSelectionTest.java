package dev.lmaas.node.task.summarize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.node.task.embedding.MeanPooling;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SentenceSelectionTest {

    static float[] unit(double... v) {
        double n = 0;
        for (double x : v) {
            n += x * x;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / Math.sqrt(n));
        }
        return out;
    }

    // Sentences 0 and 1 are near-duplicates on the main topic, 2 is on topic from another angle, 3 is off topic.
    final float[][] vectors = {unit(1, 0.1, 0), unit(1, 0.12, 0), unit(1, -0.6, 0.2), unit(0, 0, 1)};
    final int[] tokens = {10, 10, 10, 10};

    @Test
    void centralityAloneTakesTheMostCentralSentencesInDocumentOrder() {
        assertThat(new SentenceSelection(1.0).select(vectors, tokens, 2, Integer.MAX_VALUE)).containsExactly(0, 1);
    }

    @Test
    void mmrSkipsANearDuplicateForADifferentCentralSentence() {
        assertThat(new SentenceSelection(0.7).select(vectors, tokens, 2, Integer.MAX_VALUE)).containsExactly(0, 2);
    }

    @Test
    void theTokenBudgetIsNeverExceeded() {
        int[] uneven = {25, 5, 5, 5};
        assertThat(new SentenceSelection(1.0).select(vectors, uneven, 4, 12)).containsExactly(1, 2);
        assertThat(new SentenceSelection(1.0).select(vectors, uneven, 4, 4)).isEmpty();
    }

    // ---- work done, counted ------------------------------------------------------------------------

    static float[][] randomUnitVectors(int n, long seed) {
        Random random = new Random(seed);
        float[][] v = new float[n][];
        for (int i = 0; i < n; i++) {
            double[] raw = new double[16];
            for (int d = 0; d < raw.length; d++) {
                raw[d] = random.nextGaussian();
            }
            v[i] = unit(raw);
        }
        return v;
    }

    static int[] ones(int n) {
        int[] t = new int[n];
        java.util.Arrays.fill(t, 1);
        return t;
    }

    @Test
    void selectionCostsAtMostNPlusNSquaredCosinesEvenWhenEverySentenceIsChosen() {
        int n = 600;
        float[][] v = randomUnitVectors(n, 7);
        AtomicLong count = new AtomicLong();
        SentenceSelection counted = new SentenceSelection(0.7, (a, b) -> {
            count.incrementAndGet();
            return MeanPooling.cosine(a, b);
        });
        assertThat(counted.select(v, ones(n), n, Integer.MAX_VALUE)).hasSize(n);
        assertThat(count.get()).isLessThanOrEqualTo((long) n + (long) n * n);

        count.set(0);
        assertThat(counted.select(v, ones(n), 180, Integer.MAX_VALUE)).hasSize(180);
        assertThat(count.get()).isLessThanOrEqualTo((long) n + 180L * n);
    }

    @Test
    void theCountedBoundFailsTheFormerCubicSelectionOnTheSameInput() {
        // The bound above is not loose enough to pass anything: the selection this class replaced,
        // counted the same way on the same 600 sentences at the default ratio (180 chosen), exceeds it.
        int n = 600;
        float[][] v = randomUnitVectors(n, 7);
        AtomicLong count = new AtomicLong();
        SentenceSelection.Similarity counting = (a, b) -> {
            count.incrementAndGet();
            return MeanPooling.cosine(a, b);
        };
        List<Integer> former = formerSelection(v, ones(n), 180, counting);
        assertThat(count.get()).isGreaterThan((long) n + 180L * n).isGreaterThan(5_000_000L);
        // and both choose the same sentences: the new one is the same method, done incrementally
        assertThat(new SentenceSelection(0.7).select(v, ones(n), 180, Integer.MAX_VALUE)).isEqualTo(former);
    }

    /** The O(n·k²) loop as it was before (redundancy recomputed against every chosen sentence). */
    static List<Integer> formerSelection(float[][] vectors, int[] tokens, int maxSentences, SentenceSelection.Similarity sim) {
        double lambda = 0.7;
        int n = vectors.length;
        double[] centrality = new SentenceSelection(lambda, sim).centrality(vectors);
        List<Integer> chosen = new ArrayList<>();
        boolean[] used = new boolean[n];
        while (chosen.size() < maxSentences) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (used[i]) {
                    continue;
                }
                double redundancy = 0;
                for (int j : chosen) {
                    redundancy = Math.max(redundancy, sim.of(vectors[i], vectors[j]));
                }
                double score = lambda * centrality[i] - (1 - lambda) * redundancy;
                if (score > bestScore) {
                    bestScore = score;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            used[best] = true;
            chosen.add(best);
        }
        chosen.sort(Integer::compare);
        return chosen;
    }
}
