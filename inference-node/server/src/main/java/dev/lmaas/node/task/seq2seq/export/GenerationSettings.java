package dev.lmaas.node.task.seq2seq.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The decoding settings of a Hugging Face export, read the way {@code transformers} reads them:
 * {@code generation_config.json} first, {@code config.json} for what it leaves out, then the library's
 * defaults ({@code max_length} 20, one beam, no penalties). Nothing is hand-written per model.
 *
 * @param eosTokenIds every id that ends a sequence ({@code eos_token_id} may be a number or a list)
 * @param padTokenId never generated (unless it is also an EOS id)
 * @param badWordsIds token sequences never generated; one-token entries are simply banned
 * @param maxLength total decoder length including the start token; used when {@code maxNewTokens} is null
 * @param forcedBosTokenId the first generated token, when the export fixes it (NLLB / M2M100 target language)
 * @param forcedEosTokenId the token forced at the last allowed position, when set
 */
public record GenerationSettings(long decoderStartTokenId, List<Long> eosTokenIds, Long padTokenId, List<long[]> badWordsIds,
                                 int maxLength, Integer maxNewTokens, int numBeams, double lengthPenalty,
                                 int noRepeatNgramSize, double repetitionPenalty, Long forcedBosTokenId, Long forcedEosTokenId) {

    static final int DEFAULT_MAX_LENGTH = 20; // transformers' GenerationConfig default
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public GenerationSettings {
        eosTokenIds = List.copyOf(eosTokenIds);
        badWordsIds = List.copyOf(badWordsIds);
        if (eosTokenIds.isEmpty()) {
            throw new IllegalArgumentException("the export names no eos_token_id");
        }
        if (numBeams < 1 || maxLength < 1 || (maxNewTokens != null && maxNewTokens < 1)) {
            throw new IllegalArgumentException("num_beams, max_length and max_new_tokens must be at least 1");
        }
        if (repetitionPenalty <= 0) {
            throw new IllegalArgumentException("repetition_penalty must be positive");
        }
    }

    /** Reads {@code generation_config.json} and {@code config.json} from an export folder. */
    public static GenerationSettings read(Path folder) throws IOException {
        JsonNode generation = readOptional(folder.resolve("generation_config.json"));
        JsonNode config = readOptional(folder.resolve("config.json"));
        if (generation == null && config == null) {
            throw new IOException("neither generation_config.json nor config.json is in " + folder.getFileName());
        }
        Settings s = new Settings(generation, config);
        Long start = s.number("decoder_start_token_id");
        if (start == null) {
            throw new IOException("the export names no decoder_start_token_id");
        }
        List<Long> eos = s.ids("eos_token_id");
        Long pad = s.number("pad_token_id");
        return new GenerationSettings(start, eos, pad, s.sequences("bad_words_ids"),
                s.number("max_length") == null ? DEFAULT_MAX_LENGTH : s.number("max_length").intValue(),
                s.number("max_new_tokens") == null ? null : s.number("max_new_tokens").intValue(),
                s.number("num_beams") == null ? 1 : s.number("num_beams").intValue(),
                s.decimal("length_penalty", 1.0), s.number("no_repeat_ngram_size") == null ? 0 : s.number("no_repeat_ngram_size").intValue(),
                s.decimal("repetition_penalty", 1.0), s.number("forced_bos_token_id"), s.number("forced_eos_token_id"));
    }

    /** The most tokens to generate after the start token: {@code max_new_tokens}, else {@code max_length - 1}. */
    public int newTokenBudget() {
        return maxNewTokens != null ? maxNewTokens : Math.max(1, maxLength - 1);
    }

    /** The same settings with the first generated token forced (a multilingual model's target language). */
    public GenerationSettings withForcedBos(Long tokenId) {
        return new GenerationSettings(decoderStartTokenId, eosTokenIds, padTokenId, badWordsIds, maxLength, maxNewTokens,
                numBeams, lengthPenalty, noRepeatNgramSize, repetitionPenalty, tokenId, forcedEosTokenId);
    }

    private static JsonNode readOptional(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new IOException(file.getFileName() + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** generation_config.json wins over config.json, key by key, as in transformers. */
    private record Settings(JsonNode generation, JsonNode config) {

        JsonNode get(String key) {
            for (JsonNode n : new JsonNode[] {generation, config}) {
                if (n != null && n.has(key) && !n.get(key).isNull()) {
                    return n.get(key);
                }
            }
            return null;
        }

        Long number(String key) throws IOException {
            JsonNode n = get(key);
            if (n == null) {
                return null;
            }
            if (!n.isIntegralNumber()) {
                throw new IOException(key + " must be an integer");
            }
            return n.longValue();
        }

        double decimal(String key, double fallback) throws IOException {
            JsonNode n = get(key);
            if (n == null) {
                return fallback;
            }
            if (!n.isNumber()) {
                throw new IOException(key + " must be a number");
            }
            return n.doubleValue();
        }

        List<Long> ids(String key) throws IOException {
            JsonNode n = get(key);
            List<Long> ids = new ArrayList<>();
            if (n == null) {
                return ids;
            }
            if (n.isArray()) {
                for (JsonNode e : n) {
                    if (!e.isIntegralNumber()) {
                        throw new IOException(key + " must hold integers");
                    }
                    ids.add(e.longValue());
                }
            } else if (n.isIntegralNumber()) {
                ids.add(n.longValue());
            } else {
                throw new IOException(key + " must be an integer or a list of integers");
            }
            return ids;
        }

        List<long[]> sequences(String key) throws IOException {
            JsonNode n = get(key);
            List<long[]> out = new ArrayList<>();
            if (n == null) {
                return out;
            }
            if (!n.isArray()) {
                throw new IOException(key + " must be a list of token-id lists");
            }
            for (JsonNode seq : n) {
                if (!seq.isArray() || seq.isEmpty()) {
                    throw new IOException(key + " must be a list of non-empty token-id lists");
                }
                long[] ids = new long[seq.size()];
                for (int i = 0; i < ids.length; i++) {
                    if (!seq.get(i).isIntegralNumber()) {
                        throw new IOException(key + " must hold integers");
                    }
                    ids[i] = seq.get(i).longValue();
                }
                out.add(ids);
            }
            return out;
        }
    }
}
