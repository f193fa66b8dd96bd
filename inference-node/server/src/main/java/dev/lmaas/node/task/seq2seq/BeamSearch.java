package dev.lmaas.node.task.seq2seq;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Beam search for a batch of sources, all beams of all sources in one decoder call per step.
 *
 * <p>Scores are summed log-probabilities; a finished hypothesis is ranked by its score divided by its
 * length to the power of the length penalty (1 by default, as in Hugging Face). Each step ranks every extension of every
 * beam; extensions ending in EOS become finished hypotheses, the best {@code beams} others go on. A
 * source stops when no beam is left, at {@code maxNewTokens}, or when no running beam can still beat its
 * best finished hypothesis (log-probabilities only fall, so
 * {@link #bestAttainable} bounds a running beam's best final value: stopping there never changes the answer).
 */
public final class BeamSearch {

    private BeamSearch() {
    }

    record Beam(List<Long> tokens, double score) {
    }

    record Hypothesis(long[] tokens, double normalizedScore) {
    }

    private record Candidate(int beam, int token, double score) {
    }

    /** @return per source, the best hypothesis's tokens (without the start token, with EOS when reached) */
    public static List<long[]> generate(DecoderStep step, int sources, GenerationConfig config, int maxNewTokens, int beams) {
        List<List<Beam>> running = new ArrayList<>();
        List<Hypothesis> best = new ArrayList<>();
        for (int i = 0; i < sources; i++) {
            running.add(List.of(new Beam(List.of(), 0)));
            best.add(null);
        }
        for (int t = 0; t < maxNewTokens; t++) {
            List<long[]> prefixes = new ArrayList<>();
            List<Integer> rows = new ArrayList<>();
            for (int s = 0; s < sources; s++) {
                for (Beam b : running.get(s)) {
                    prefixes.add(GreedySearch.prefix(config.decoderStartTokenId(), b.tokens()));
                    rows.add(s);
                }
            }
            if (prefixes.isEmpty()) {
                break;
            }
            float[][] logits = step.nextTokenLogits(prefixes.toArray(long[][]::new), rows.stream().mapToInt(Integer::intValue).toArray());
            int row = 0;
            for (int s = 0; s < sources; s++) {
                List<Beam> current = running.get(s);
                List<Candidate> candidates = new ArrayList<>();
                for (int b = 0; b < current.size(); b++, row++) {
                    double[] logp = logSoftmax(logits[row]);
                    for (int v : topTokens(logp, beams + 1)) {
                        candidates.add(new Candidate(b, v, current.get(b).score() + logp[v]));
                    }
                }
                candidates.sort(Comparator.comparingDouble(Candidate::score).reversed()
                        .thenComparingInt(Candidate::beam).thenComparingInt(Candidate::token));
                List<Beam> next = new ArrayList<>();
                for (Candidate c : candidates) {
                    if (next.size() == beams) {
                        break;
                    }
                    List<Long> tokens = new ArrayList<>(current.get(c.beam()).tokens());
                    tokens.add((long) c.token());
                    if (config.isEos(c.token()) || t == maxNewTokens - 1) {
                        best.set(s, better(best.get(s), tokens, c.score(), config.lengthPenalty()));
                    } else {
                        next.add(new Beam(List.copyOf(tokens), c.score()));
                    }
                }
                Hypothesis h = best.get(s);
                boolean cannotImprove = h != null && (next.isEmpty() || bestAttainable(next.getFirst().score(), t + 1, maxNewTokens, config.lengthPenalty()) <= h.normalizedScore());
                running.set(s, cannotImprove ? List.of() : next);
            }
        }
        return best.stream().map(Hypothesis::tokens).toList();
    }

    /**
     * The {@code k} most likely tokens of one beam. Exact, not a heuristic: a token ranked below
     * {@code beams + 1} in its own beam has at least {@code beams} better non-EOS extensions of that
     * beam ahead of it, so the next beams are full before it is ever looked at. With a real
     * vocabulary (tens of thousands of tokens) this keeps each step's ranking small.
     */
    static int[] topTokens(double[] logp, int k) {
        if (k >= logp.length) {
            int[] all = new int[logp.length];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        java.util.PriorityQueue<Integer> heap = new java.util.PriorityQueue<>(k + 1,
                Comparator.<Integer>comparingDouble(i -> logp[i]).thenComparing(Comparator.<Integer>reverseOrder()));
        for (int v = 0; v < logp.length; v++) {
            heap.add(v);
            if (heap.size() > k) {
                heap.poll(); // drops the least likely (the highest id among equals, matching the final tie order)
            }
        }
        return heap.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The best normalized score a running beam could still reach, as transformers bounds it: with a
     * positive length penalty the longest allowed hypothesis, otherwise the current length.
     */
    static double bestAttainable(double score, int length, int maxNewTokens, double lengthPenalty) {
        return score / Math.pow(lengthPenalty > 0 ? maxNewTokens : length, lengthPenalty);
    }

    private static Hypothesis better(Hypothesis current, List<Long> tokens, double score, double lengthPenalty) {
        double normalized = score / Math.pow(tokens.size(), lengthPenalty);
        if (current != null && current.normalizedScore() >= normalized) {
            return current;
        }
        return new Hypothesis(tokens.stream().mapToLong(Long::longValue).toArray(), normalized);
    }

    static double[] logSoftmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (float l : logits) {
            sum += Math.exp(l - max);
        }
        double log = max + Math.log(sum);
        double[] out = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = logits[i] - log;
        }
        return out;
    }
}
