package dev.lmaas.node.task.summarize;

import dev.lmaas.node.task.embedding.MeanPooling;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses summary sentences: relevance (by default centrality, the cosine to the document's
 * centroid) traded against redundancy (maximal marginal relevance: the highest cosine to a sentence
 * already chosen), under a sentence and a token budget. Pure arithmetic on unit vectors, so it is
 * tested without a model.
 *
 * <p>Work is O(n·k) similarity evaluations for n sentences and k chosen (at most n + n²): each
 * candidate keeps its highest similarity to the chosen ones and updates it once per new pick, instead
 * of comparing against every chosen sentence again in every round (the O(n·k²) that made a document
 * of 6,000 tiny sentences run for hours).
 */
public final class SentenceSelection {

    /** How close two unit vectors are; a parameter so that tests can count evaluations. */
    @FunctionalInterface
    public interface Similarity {
        double of(float[] a, float[] b);
    }

    private final double lambda;
    private final Similarity similarity;

    /** @param lambda weight of relevance against redundancy, in [0, 1]; 1 ignores redundancy */
    public SentenceSelection(double lambda) {
        this(lambda, MeanPooling::cosine);
    }

    public SentenceSelection(double lambda, Similarity similarity) {
        this.lambda = lambda;
        this.similarity = similarity;
    }

    /** {@link #select(float[][], double[], int[], int, int)} with centrality as the relevance. */
    public List<Integer> select(float[][] vectors, int[] tokens, int maxSentences, int tokenBudget) {
        return select(vectors, centrality(vectors), tokens, maxSentences, tokenBudget);
    }

    /**
     * @param vectors unit sentence vectors
     * @param relevance each sentence's own worth (higher is better)
     * @param tokens each sentence's token cost
     * @param maxSentences stop after this many
     * @param tokenBudget never add a sentence that would exceed it (Integer.MAX_VALUE: no budget)
     * @return chosen sentence indexes in document order
     */
    public List<Integer> select(float[][] vectors, double[] relevance, int[] tokens, int maxSentences, int tokenBudget) {
        int n = vectors.length;
        double[] redundancy = new double[n];
        boolean[] open = new boolean[n];
        java.util.Arrays.fill(open, true);
        List<Integer> chosen = new ArrayList<>();
        long spent = 0;
        while (chosen.size() < maxSentences) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (!open[i]) {
                    continue;
                }
                if (spent + tokens[i] > tokenBudget) {
                    open[i] = false; // what is spent only grows: it will never fit again
                    continue;
                }
                double score = lambda * relevance[i] - (1 - lambda) * redundancy[i];
                if (score > bestScore) {
                    bestScore = score;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            open[best] = false;
            chosen.add(best);
            spent += tokens[best];
            if (chosen.size() < maxSentences && lambda < 1) {
                for (int i = 0; i < n; i++) {
                    if (open[i]) {
                        redundancy[i] = Math.max(redundancy[i], similarity.of(vectors[i], vectors[best]));
                    }
                }
            }
        }
        chosen.sort(Integer::compare);
        return chosen;
    }

    /** Each sentence's similarity to the mean of all sentence vectors: n evaluations. */
    public double[] centrality(float[][] vectors) {
        int dims = vectors[0].length;
        float[] centroid = new float[dims];
        for (float[] v : vectors) {
            for (int d = 0; d < dims; d++) {
                centroid[d] += v[d] / vectors.length;
            }
        }
        double[] c = new double[vectors.length];
        for (int i = 0; i < vectors.length; i++) {
            c[i] = similarity.of(vectors[i], centroid);
        }
        return c;
    }
}
