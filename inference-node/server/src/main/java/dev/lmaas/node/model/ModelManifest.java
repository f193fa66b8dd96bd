package dev.lmaas.node.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model folder's {@code model.json}. Which fields apply depends on the task:
 * <ul>
 *   <li>embedding: {@code onnx}, {@code tokenizer}, {@code pooling} ("mean" or "cls")</li>
 *   <li>classification: either {@code onnx} with a {@code logits} output and {@code labels}, or
 *       {@code head} (a linear head, JSON) over {@code base_model}'s embeddings</li>
 *   <li>summarization: {@code base_model} (extractive), or {@code encoder}/{@code decoder} (seq2seq)</li>
 *   <li>translation: {@code encoder}/{@code decoder} plus the generation settings</li>
 *   <li>format {@code optimum}: a Hugging Face encoder/decoder export (Optimum or transformers.js
 *       layout) whose settings come from its own {@code config.json} and {@code generation_config.json};
 *       such a folder needs no {@code model.json} at all (see {@link ExportFolder})</li>
 * </ul>
 *
 * @param languages ISO 639-1 codes the model serves well ({@code en}, {@code zh}); used by the control plane's language routing
 * @param aliases task aliases ({@code sentiment}, {@code summarization}) the control plane may route to this model
 * @param targetLanguages translation: the languages the model translates into ({@code languages} are its sources)
 * @param sha256 hex SHA-256 of every weights file the model loads, by file name; checked on load
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelManifest(
        String id,
        String version,
        String task,
        List<String> labels,
        List<String> languages,
        List<String> aliases,
        @JsonProperty("target_languages") List<String> targetLanguages,
        String pooling,
        @JsonProperty("max_sequence_length") Integer maxSequenceLength,
        Map<String, String> sha256,
        String onnx,
        String tokenizer,
        String head,
        @JsonProperty("base_model") String baseModel,
        @JsonProperty("mmr_lambda") Double mmrLambda,
        String encoder,
        String decoder,
        @JsonProperty("decoder_start_token_id") Long decoderStartTokenId,
        @JsonProperty("eos_token_id") Long eosTokenId,
        @JsonProperty("pad_token_id") Long padTokenId,
        @JsonProperty("max_new_tokens") Integer maxNewTokens,
        @JsonProperty("num_beams") Integer numBeams,
        Boolean builtin,
        String format,
        @JsonProperty("decoder_with_past") String decoderWithPast) {

    /** {@link #format} of a Hugging Face encoder/decoder export. */
    public static final String OPTIMUM = "optimum";

    static final String FILE = "model.json";

    /** A manifest for a model that has no folder (see {@link ModelSource}): only what the node reports. */
    public static ModelManifest describing(String id, String version, String task, List<String> languages,
                                           List<String> aliases, List<String> targetLanguages) {
        return new ModelManifest(id, version, task, null, languages, aliases, targetLanguages, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public ModelManifest {
        labels = labels == null ? List.of() : List.copyOf(labels);
        languages = languages == null ? List.of() : List.copyOf(languages);
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        targetLanguages = targetLanguages == null ? List.of() : List.copyOf(targetLanguages);
        sha256 = sha256 == null ? Map.of() : new TreeMap<>(sha256);
    }

    boolean seq2seq() {
        return encoder != null || decoder != null;
    }

    /** The same manifest with {@code version} set: an export's version is its digest. */
    ModelManifest withVersion(String v) {
        return new ModelManifest(id, v, task, labels, languages, aliases, targetLanguages, pooling, maxSequenceLength, sha256, onnx,
                tokenizer, head, baseModel, mmrLambda, encoder, decoder, decoderStartTokenId, eosTokenId, padTokenId, maxNewTokens,
                numBeams, builtin, format, decoderWithPast);
    }

    boolean optimumExport() {
        return OPTIMUM.equals(format);
    }

    String onnxFile() {
        return onnx != null ? onnx : "model.onnx";
    }

    String tokenizerFile() {
        return tokenizer != null ? tokenizer : "tokenizer.json";
    }

    int maxLength(int fallback) {
        return maxSequenceLength != null ? maxSequenceLength : fallback;
    }

    /** The files whose digest must be listed: what the loader will read as weights. */
    List<String> weightFiles() {
        if (seq2seq()) {
            return decoderWithPast != null ? List.of(encoder, decoder, decoderWithPast) : List.of(encoder, decoder);
        }
        if (head != null) {
            return List.of(head);
        }
        if (baseModel != null) {
            return List.of();
        }
        return List.of(onnxFile());
    }
}
