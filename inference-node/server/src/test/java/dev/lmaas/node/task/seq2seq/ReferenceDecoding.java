package dev.lmaas.node.task.seq2seq;

import dev.lmaas.node.testing.TinyModels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Decoding written independently of the node's code: plain loops over the tiny model's weights in
 * double precision, one source at a time, no batching, no ONNX. What the node must agree with.
 */
final class ReferenceDecoding {

    private final TinyModels.Seq2SeqWeights w;

    ReferenceDecoding(TinyModels.Seq2SeqWeights w) {
        this.w = w;
    }

    long[] greedy(long[] source, int maxNew) {
        List<Long> out = new ArrayList<>();
        for (int t = 0; t < maxNew; t++) {
            double[] logits = w.nextLogits(source, prefix(out));
            int best = 0;
            for (int v = 1; v < logits.length; v++) {
                if (logits[v] > logits[best]) {
                    best = v;
                }
            }
            out.add((long) best);
            if (best == TinyModels.EOS) {
                break;
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** The best sequence of all: every continuation up to {@code maxNew}, ranked by mean log-probability. */
    long[] exhaustive(long[] source, int maxNew) {
        Best best = new Best();
        explore(source, new ArrayList<>(), 0, maxNew, best);
        return best.tokens;
    }

    private static final class Best {
        long[] tokens;
        double score = Double.NEGATIVE_INFINITY;
    }

    private void explore(long[] source, List<Long> tokens, double logp, int maxNew, Best best) {
        double[] lp = logSoftmax(w.nextLogits(source, prefix(tokens)));
        for (int v = 0; v < lp.length; v++) {
            List<Long> next = new ArrayList<>(tokens);
            next.add((long) v);
            double score = logp + lp[v];
            if (v == TinyModels.EOS || next.size() == maxNew) {
                double normalized = score / next.size();
                if (normalized > best.score) {
                    best.score = normalized;
                    best.tokens = next.stream().mapToLong(Long::longValue).toArray();
                }
            } else {
                explore(source, next, score, maxNew, best);
            }
        }
    }

    /** Textbook beam search for one source: keep the {@code k} best unfinished prefixes each step. */
    long[] beam(long[] source, int maxNew, int k) {
        record Hyp(List<Long> tokens, double logp) {
        }
        List<Hyp> beams = List.of(new Hyp(List.of(), 0));
        long[] bestTokens = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < maxNew && !beams.isEmpty(); t++) {
            List<Hyp> candidates = new ArrayList<>();
            for (Hyp h : beams) {
                double[] lp = logSoftmax(w.nextLogits(source, prefix(h.tokens())));
                for (int v = 0; v < lp.length; v++) {
                    List<Long> next = new ArrayList<>(h.tokens());
                    next.add((long) v);
                    candidates.add(new Hyp(next, h.logp() + lp[v]));
                }
            }
            candidates.sort(Comparator.comparingDouble(Hyp::logp).reversed());
            List<Hyp> kept = new ArrayList<>();
            for (Hyp c : candidates) {
                if (kept.size() == k) {
                    break;
                }
                boolean ends = c.tokens().getLast() == TinyModels.EOS || t == maxNew - 1;
                if (ends) {
                    double normalized = c.logp() / c.tokens().size();
                    if (normalized > bestScore) {
                        bestScore = normalized;
                        bestTokens = c.tokens().stream().mapToLong(Long::longValue).toArray();
                    }
                } else {
                    kept.add(c);
                }
            }
            // Stop once no kept prefix can beat the best finished one (log-probabilities only fall).
            if (bestTokens != null && (kept.isEmpty() || kept.getFirst().logp() / maxNew <= bestScore)) {
                break;
            }
            beams = kept;
        }
        return bestTokens;
    }

    private static long[] prefix(List<Long> tokens) {
        long[] p = new long[tokens.size() + 1];
        p[0] = TinyModels.PAD;
        for (int i = 0; i < tokens.size(); i++) {
            p[i + 1] = tokens.get(i);
        }
        return p;
    }

    static double[] logSoftmax(double[] logits) {
        double max = Arrays.stream(logits).max().orElseThrow();
        double sum = 0;
        for (double l : logits) {
            sum += Math.exp(l - max);
        }
        double log = max + Math.log(sum);
        return Arrays.stream(logits).map(l -> l - log).toArray();
    }
}
