package dev.lmaas.node.task.seq2seq.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Expected values worked out from transformers' processors (RepetitionPenaltyLogitsProcessor,
 * NoRepeatNGramLogitsProcessor, NoBadWordsLogitsProcessor, ForcedBOS/EOSTokenLogitsProcessor).
 */
class LogitsProcessingTest {

    static final float NEG = Float.NEGATIVE_INFINITY;

    static GenerationSettings settings(Long pad, List<long[]> bad, int ngram, double penalty, Long forcedBos, Long forcedEos) {
        return new GenerationSettings(0, List.of(1L), pad, bad, 20, null, 1, 1.0, ngram, penalty, forcedBos, forcedEos);
    }

    @Test
    void repetitionPenaltyDividesPositiveAndMultipliesNegativeScoresOfSeenTokensOnce() {
        float[] scores = {2f, -1f, 3f, 4f, -2f};
        new LogitsProcessing(settings(null, List.of(), 0, 2.0, null, null), 20).apply(new long[] {0, 1, 3, 3}, scores);
        assertThat(scores).containsExactly(1f, -2f, 3f, 2f, -2f);
    }

    @Test
    void noRepeatNgramsBanTheTokensThatWouldRepeatATrigram() {
        // prefix 0 5 6 7 5 6: the trigram (5 6 7) exists, the tail is (5 6), so 7 is banned; (6 7 5) does not match.
        float[] scores = new float[8];
        new LogitsProcessing(settings(null, List.of(), 3, 1.0, null, null), 20).apply(new long[] {0, 5, 6, 7, 5, 6}, scores);
        assertThat(scores[7]).isEqualTo(NEG);
        assertThat(scores[5]).isZero();
        assertThat(scores[6]).isZero();
        // Too short to hold a trigram plus the next token: nothing banned.
        float[] early = new float[8];
        new LogitsProcessing(settings(null, List.of(), 3, 1.0, null, null), 20).apply(new long[] {5}, early);
        assertThat(early).containsOnly(0f);
    }

    @Test
    void badWordsBanSingleTokensAlwaysAndLongerSequencesOnlyAfterTheirPrefix() {
        List<long[]> bad = List.of(new long[] {4}, new long[] {2, 3});
        LogitsProcessing p = new LogitsProcessing(settings(null, bad, 0, 1.0, null, null), 20);
        float[] afterTwo = new float[6];
        p.apply(new long[] {0, 2}, afterTwo);
        assertThat(afterTwo[4]).isEqualTo(NEG);
        assertThat(afterTwo[3]).isEqualTo(NEG);
        float[] afterFive = new float[6];
        p.apply(new long[] {0, 5}, afterFive);
        assertThat(afterFive[4]).isEqualTo(NEG);
        assertThat(afterFive[3]).isZero();
    }

    @Test
    void padIsNeverGeneratedUnlessItIsAlsoTheEos() {
        float[] scores = new float[4];
        new LogitsProcessing(settings(3L, List.of(), 0, 1.0, null, null), 20).apply(new long[] {0}, scores);
        assertThat(scores[3]).isEqualTo(NEG);
        float[] eosPad = new float[4];
        new LogitsProcessing(settings(1L, List.of(), 0, 1.0, null, null), 20).apply(new long[] {0}, eosPad);
        assertThat(eosPad[1]).isZero();
    }

    @Test
    void forcedBosFixesTheFirstTokenAndForcedEosTheLastPosition() {
        LogitsProcessing p = new LogitsProcessing(settings(null, List.of(), 0, 1.0, 5L, 1L), 4);
        float[] first = {1f, 2f, 3f, 4f, 5f, 6f};
        p.apply(new long[] {0}, first);
        assertThat(first).containsExactly(NEG, NEG, NEG, NEG, NEG, 0f);
        float[] middle = {1f, 2f, 3f, 4f, 5f, 6f};
        p.apply(new long[] {0, 5}, middle);
        assertThat(middle).containsExactly(1f, 2f, 3f, 4f, 5f, 6f);
        float[] last = {1f, 2f, 3f, 4f, 5f, 6f};
        p.apply(new long[] {0, 5, 2}, last);
        assertThat(last).containsExactly(NEG, 0f, NEG, NEG, NEG, NEG);
    }
}
