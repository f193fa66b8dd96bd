package dev.lmaas.node.task;

import dev.lmaas.node.protocol.LabelScore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Turns logits into label probabilities that sum to 1, best first. */
public final class Softmax {

    private Softmax() {
    }

    public static double[] probabilities(float[] logits, int offset, int count) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            max = Math.max(max, logits[offset + i]);
        }
        double[] p = new double[count];
        double sum = 0;
        for (int i = 0; i < count; i++) {
            p[i] = Math.exp(logits[offset + i] - max); // shifted by the max so exp never overflows
            sum += p[i];
        }
        for (int i = 0; i < count; i++) {
            p[i] /= sum;
        }
        return p;
    }

    public static List<LabelScore> rank(List<String> labels, double[] probabilities) {
        List<LabelScore> scores = new ArrayList<>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            scores.add(new LabelScore(labels.get(i), probabilities[i]));
        }
        scores.sort(Comparator.comparingDouble(LabelScore::score).reversed());
        return List.copyOf(scores);
    }
}
