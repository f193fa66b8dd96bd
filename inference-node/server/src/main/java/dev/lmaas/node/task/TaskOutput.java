package dev.lmaas.node.task;

import dev.lmaas.node.protocol.LabelScore;
import java.util.List;

/** A model's result for one input; exactly one of embedding, labels or text is set. */
public record TaskOutput(float[] embedding, List<LabelScore> labels, String text, int completionTokens) {

    public static TaskOutput embedding(float[] vector) {
        return new TaskOutput(vector, null, null, 0);
    }

    public static TaskOutput labels(List<LabelScore> labels) {
        return new TaskOutput(null, labels, null, 0);
    }

    public static TaskOutput text(String text, int completionTokens) {
        return new TaskOutput(null, null, text, completionTokens);
    }
}
