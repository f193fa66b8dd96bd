package dev.lmaas.node.task.summarize;

import dev.lmaas.node.task.embedding.MeanPooling;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses summary sentences: centrality (cosine to the document's centroid) traded against redundancy
 * (maximal marginal relevance, cosine to sentences already chosen), under a sentence or token budget.
 * Pure arithmetic on unit vectors, so it is tested without a model.
 */
public final class SentenceSelection {

    private final double lambda;

    /** @param lambda weight of centrality against redundancy, in [0, 1]; 1 ignores redundancy */
    public SentenceSelection(double lambda) {
        this.lambda = lambda;
    }

    /**
     * @param vectors unit sentence vectors
     * @param tokens each sentence's token cost
     * @param maxSentences stop after this many
     * @param tokenBudget stop adding sentences that would exceed it (Integer.MAX_VALUE: no budget)
     * @return chosen sentence indexes in document order
     */
    public List<Integer> select(float[][] vectors, int[] tokens, int maxSentences, int tokenBudget) {
        int n = vectors.length;
        double[] centrality = centrality(vectors);
        List<Integer> chosen = new ArrayList<>();
        boolean[] used = new boolean[n];
        int spent = 0;
        while (chosen.size() < maxSentences) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (used[i] || spent + tokens[i] > tokenBudget) {
                    continue;
                }
                double redundancy = 0;
                for (int j : chosen) {
                    redundancy = Math.max(redundancy, MeanPooling.cosine(vectors[i], vectors[j]));
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
            spent += tokens[best];
        }
        chosen.sort(Integer::compare);
        return chosen;
    }

    static double[] centrality(float[][] vectors) {
        int dims = vectors[0].length;
        float[] centroid = new float[dims];
        for (float[] v : vectors) {
            for (int d = 0; d < dims; d++) {
                centroid[d] += v[d] / vectors.length;
            }
        }
        double[] c = new double[vectors.length];
        for (int i = 0; i < vectors.length; i++) {
            c[i] = MeanPooling.cosine(vectors[i], centroid);
        }
        return c;
    }
}
