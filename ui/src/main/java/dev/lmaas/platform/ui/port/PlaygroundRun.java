package dev.lmaas.platform.ui.port;

import java.util.List;

/**
 * The answer of one playground call, metered like any API call.
 *
 * @param model the model that ran (an alias names the model it picked)
 * @param language the text's detected language (ISO 639-1), which picked the model when an alias was chosen; may be null
 */
public record PlaygroundRun(String model, String task, String language, Output output, Usage usage) {

    /** Tokens used and time taken. */
    public record Usage(int promptTokens, int totalTokens, long latencyMillis) {
    }

    /** A label and its probability. */
    public record LabelScore(String label, double score) {
    }

    /**
     * What the model answered: an embedding (first dimensions and the dimension count), labels with
     * scores, or text; exactly one is set, as {@link #kind()} says.
     */
    public record Output(String kind, List<Double> embeddingPreview, int dimensions, List<LabelScore> labels, String text) {

        public static Output embedding(List<Double> firstDimensions, int dimensions) {
            return new Output("embedding", List.copyOf(firstDimensions), dimensions, List.of(), null);
        }

        public static Output labels(List<LabelScore> labels) {
            return new Output("labels", List.of(), 0, List.copyOf(labels), null);
        }

        public static Output text(String text) {
            return new Output("text", List.of(), 0, List.of(), text);
        }
    }
}
