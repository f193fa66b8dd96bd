package dev.lmaas.node.task.seq2seq;

/**
 * Decoding settings from the model's manifest (the usual Hugging Face {@code generation_config} keys).
 *
 * @param maxNewTokens default generation length when a request does not give one
 * @param numBeams default beam width (1 = greedy)
 */
public record GenerationConfig(long decoderStartTokenId, long eosTokenId, long padTokenId, int maxNewTokens, int numBeams) {

    public GenerationConfig {
        if (maxNewTokens < 1 || numBeams < 1) {
            throw new IllegalArgumentException("max_new_tokens and num_beams must be at least 1");
        }
    }
}
