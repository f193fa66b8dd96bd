package dev.lmaas.node.task.classify;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A linear classifier over sentence embeddings (multinomial logistic regression): logits = W·x + b.
 * Stored as JSON next to the manifest; {@code training} records how it was produced.
 *
 * @param weights one row of {@code dimensions} weights per label
 */
public record LinearHead(List<String> labels, int dimensions, float[][] weights, float[] bias,
                         @JsonProperty("training") TrainingReport training) {

    public LinearHead {
        if (labels == null || labels.size() < 2) {
            throw new IllegalArgumentException("a head needs at least two labels");
        }
        if (weights == null || bias == null || weights.length != labels.size() || bias.length != labels.size()) {
            throw new IllegalArgumentException("a head needs one weight row and one bias per label");
        }
        for (float[] row : weights) {
            if (row.length != dimensions) {
                throw new IllegalArgumentException("every weight row must have " + dimensions + " values");
            }
        }
    }

    public float[] logits(float[] embedding) {
        if (embedding.length != dimensions) {
            throw new IllegalArgumentException("head expects " + dimensions + " dims, got " + embedding.length);
        }
        float[] logits = new float[labels.size()];
        for (int k = 0; k < logits.length; k++) {
            double z = bias[k];
            for (int d = 0; d < dimensions; d++) {
                z += weights[k][d] * embedding[d];
            }
            logits[k] = (float) z;
        }
        return logits;
    }

    /**
     * How a head was trained, kept with the weights so anyone can check and reproduce it.
     *
     * @param dataset the training file
     * @param heldOutDataset the separately written file the accuracies were measured on (never trained on)
     * @param heldOutAccuracyPerClass recall of each label, in {@code labels} order
     */
    public record TrainingReport(String dataset, String heldOutDataset, long seed, double l2, double learningRate, int epochs,
                                 int trainExamples, int heldOutExamples, double heldOutAccuracy, double[] heldOutAccuracyPerClass,
                                 String baseModel) {
    }
}
