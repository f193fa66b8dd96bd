package dev.lmaas.node.task.seq2seq;

import java.util.Set;

/**
 * What the searches need to know about decoding (the usual Hugging Face {@code generation_config} keys).
 *
 * @param eosTokenIds every id that ends a sequence (an export may name several)
 * @param maxNewTokens default generation length when a request does not give one
 * @param numBeams default beam width (1 = greedy)
 * @param lengthPenalty beam search ranks a finished hypothesis by {@code score / length^lengthPenalty}
 */
public record GenerationConfig(long decoderStartTokenId, Set<Long> eosTokenIds, long padTokenId, int maxNewTokens, int numBeams,
                               double lengthPenalty) {

    public GenerationConfig {
        eosTokenIds = Set.copyOf(eosTokenIds);
        if (maxNewTokens < 1 || numBeams < 1) {
            throw new IllegalArgumentException("max_new_tokens and num_beams must be at least 1");
        }
        if (eosTokenIds.isEmpty()) {
            throw new IllegalArgumentException("at least one eos_token_id is needed");
        }
    }

    /** One EOS id and Hugging Face's default length penalty of 1. */
    public GenerationConfig(long decoderStartTokenId, long eosTokenId, long padTokenId, int maxNewTokens, int numBeams) {
        this(decoderStartTokenId, Set.of(eosTokenId), padTokenId, maxNewTokens, numBeams, 1.0);
    }

    public boolean isEos(long token) {
        return eosTokenIds.contains(token);
    }
}
