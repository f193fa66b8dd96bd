package dev.lmaas.node.task.summarize;

import static org.assertj.core.api.Assertions.assertThat;

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
}
