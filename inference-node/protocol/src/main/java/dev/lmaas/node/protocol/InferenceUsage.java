package dev.lmaas.node.protocol;

/** Real token counts from the model's tokenizer: input tokens (after truncation) and generated tokens. */
public record InferenceUsage(long promptTokens, long completionTokens) {

    public long totalTokens() {
        return promptTokens + completionTokens;
    }
}
