package dev.lmaas.node.task.seq2seq.export;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The logits processors {@code transformers} builds from a generation config, in its order and with its
 * semantics, so an export decodes here as it does there: repetition penalty, no-repeat n-grams, bad
 * words, forced BOS, forced EOS; plus the pad token, which is never a real output.
 *
 * <p>Each call works on one row's scores (raw logits for greedy search, log-probabilities for beam
 * search, as transformers does) for the decoder prefix that produced them, start token included.
 */
public final class LogitsProcessing {

    private final GenerationSettings settings;
    private final int maxLength;
    private final Set<Long> eos;

    /** @param maxLength the decoder length (start token included) at which a forced EOS applies */
    public LogitsProcessing(GenerationSettings settings, int maxLength) {
        this.settings = settings;
        this.maxLength = maxLength;
        this.eos = new HashSet<>(settings.eosTokenIds());
    }

    /** Applies every processor to {@code scores} in place. */
    public void apply(long[] prefix, float[] scores) {
        if (settings.repetitionPenalty() != 1.0) {
            repetitionPenalty(prefix, scores, (float) settings.repetitionPenalty());
        }
        if (settings.noRepeatNgramSize() > 0) {
            noRepeatNgrams(prefix, scores, settings.noRepeatNgramSize());
        }
        for (long[] bad : settings.badWordsIds()) {
            if (bad.length == 1 || endsWith(prefix, bad, bad.length - 1)) {
                ban(scores, bad[bad.length - 1]);
            }
        }
        Long pad = settings.padTokenId();
        if (pad != null && !eos.contains(pad)) {
            ban(scores, pad);
        }
        if (settings.forcedBosTokenId() != null && prefix.length == 1) {
            force(scores, settings.forcedBosTokenId());
        }
        if (settings.forcedEosTokenId() != null && prefix.length == maxLength - 1) {
            force(scores, settings.forcedEosTokenId());
        }
    }

    /** CTRL's penalty as transformers applies it: a seen token's score shrinks towards "less likely" either side of zero. */
    static void repetitionPenalty(long[] prefix, float[] scores, float penalty) {
        Set<Long> seen = new HashSet<>();
        for (long t : prefix) {
            if (seen.add(t) && t >= 0 && t < scores.length) {
                int i = (int) t;
                scores[i] = scores[i] < 0 ? scores[i] * penalty : scores[i] / penalty;
            }
        }
    }

    /** Bans every token that would complete an n-gram already in the prefix. */
    static void noRepeatNgrams(long[] prefix, float[] scores, int n) {
        int len = prefix.length;
        if (len + 1 < n) {
            return;
        }
        long[] tail = Arrays.copyOfRange(prefix, len - n + 1, len);
        for (int start = 0; start + n <= len; start++) {
            if (Arrays.equals(prefix, start, start + n - 1, tail, 0, n - 1)) {
                ban(scores, prefix[start + n - 1]);
            }
        }
    }

    private static boolean endsWith(long[] prefix, long[] sequence, int count) {
        if (count > prefix.length) {
            return false;
        }
        return Arrays.equals(prefix, prefix.length - count, prefix.length, sequence, 0, count);
    }

    private static void ban(float[] scores, long token) {
        if (token >= 0 && token < scores.length) {
            scores[(int) token] = Float.NEGATIVE_INFINITY;
        }
    }

    private static void force(float[] scores, long token) {
        Arrays.fill(scores, Float.NEGATIVE_INFINITY);
        if (token >= 0 && token < scores.length) {
            scores[(int) token] = 0f;
        }
    }
}
