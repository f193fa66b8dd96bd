package dev.lmaas.node.protocol;

import java.util.List;

/**
 * One input's result; the field that applies to the model's task is set: {@code embedding}
 * (L2-normalised), {@code labels} (scores summing to 1, best first), or {@code text}.
 */
public record InferenceOutput(int index, float[] embedding, List<LabelScore> labels, String text, int tokens) {
}
