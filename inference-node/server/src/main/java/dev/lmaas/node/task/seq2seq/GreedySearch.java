package dev.lmaas.node.task.seq2seq;

import java.util.ArrayList;
import java.util.List;

/**
 * Greedy decoding for a batch of sources: every step runs all unfinished rows in one decoder call and
 * appends each row's most likely token (lowest id on ties). A row stops at EOS (kept in its output) or
 * after {@code maxNewTokens}.
 */
public final class GreedySearch {

    private GreedySearch() {
    }

    /** Hears each source's tokens after every step; false stops that source (its reader has gone). */
    @FunctionalInterface
    public interface Progress {
        boolean generated(int source, List<Long> tokens);
    }

    /** @return per source, the generated tokens (without the start token, with EOS when reached) */
    public static List<long[]> generate(DecoderStep step, int sources, GenerationConfig config, int maxNewTokens) {
        return generate(step, sources, config, maxNewTokens, null);
    }

    /** As {@link #generate(DecoderStep, int, GenerationConfig, int)}, telling {@code progress} (may be null) after each step. */
    public static List<long[]> generate(DecoderStep step, int sources, GenerationConfig config, int maxNewTokens, Progress progress) {
        List<List<Long>> generated = new ArrayList<>();
        for (int i = 0; i < sources; i++) {
            generated.add(new ArrayList<>());
        }
        boolean[] done = new boolean[sources];
        for (int t = 0; t < maxNewTokens; t++) {
            List<Integer> active = new ArrayList<>();
            for (int i = 0; i < sources; i++) {
                if (!done[i]) {
                    active.add(i);
                }
            }
            if (active.isEmpty()) {
                break;
            }
            long[][] prefixes = new long[active.size()][];
            int[] rows = new int[active.size()];
            for (int r = 0; r < active.size(); r++) {
                rows[r] = active.get(r);
                prefixes[r] = prefix(config.decoderStartTokenId(), generated.get(rows[r]));
            }
            float[][] logits = step.nextTokenLogits(prefixes, rows);
            for (int r = 0; r < rows.length; r++) {
                long token = argmax(logits[r]);
                generated.get(rows[r]).add(token);
                if (config.isEos(token)) {
                    done[rows[r]] = true;
                } else if (progress != null && !progress.generated(rows[r], generated.get(rows[r]))) {
                    done[rows[r]] = true;
                }
            }
        }
        return generated.stream().map(l -> l.stream().mapToLong(Long::longValue).toArray()).toList();
    }

    static long[] prefix(long start, List<Long> tokens) {
        long[] p = new long[tokens.size() + 1];
        p[0] = start;
        for (int i = 0; i < tokens.size(); i++) {
            p[i + 1] = tokens.get(i);
        }
        return p;
    }

    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
