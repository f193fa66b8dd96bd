package dev.lmaas.platform.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lmaas.node.protocol.InferenceUsage;

/** OpenAI's usage object; {@code completion_tokens} only where the model generates text. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Usage(@JsonProperty("prompt_tokens") long promptTokens, @JsonProperty("completion_tokens") Long completionTokens,
             @JsonProperty("total_tokens") long totalTokens) {

    static Usage of(InferenceUsage u) {
        return new Usage(u.promptTokens(), null, u.promptTokens());
    }

    static Usage withCompletion(InferenceUsage u) {
        return new Usage(u.promptTokens(), u.completionTokens(), u.totalTokens());
    }
}
