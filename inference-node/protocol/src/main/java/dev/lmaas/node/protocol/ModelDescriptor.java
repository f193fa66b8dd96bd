package dev.lmaas.node.protocol;

import java.util.List;

/**
 * A model as a node reports it. {@code status} is {@code ready}, {@code loading} or
 * {@code unavailable} (then {@code error} says why); the control plane routes only to ready models.
 *
 * @param id model id used in API calls, e.g. {@code all-minilm-l6-v2}
 * @param version the model's version from its manifest
 * @param task one of {@link Task#wireName()}
 * @param sha256 hex digest of the weights the node actually loaded
 * @param maxSequenceLength tokens per input the model accepts
 * @param dimensions embedding size for embedding models, else null
 * @param labels class labels for classification models, else empty
 * @param languages ISO 639-1 codes of the languages the model serves well (e.g. {@code en}, {@code zh});
 *                  empty when the manifest does not say (the control plane never routes by language to it)
 * @param aliases task aliases the model answers for when a request names no model or an alias (e.g.
 *                {@code sentiment}, {@code summarization}); the control plane picks, per alias, the model
 *                whose languages include the input's language
 * @param targetLanguages translation models: the languages they translate into ({@code languages} are the
 *                        source languages); empty for every other task
 */
public record ModelDescriptor(String id, String version, String task, String sha256, int maxSequenceLength,
                              Integer dimensions, List<String> labels, String status, String error, List<String> languages,
                              List<String> aliases, List<String> targetLanguages) {

    public static final String READY = "ready";
    public static final String LOADING = "loading";
    public static final String UNAVAILABLE = "unavailable";

    public ModelDescriptor {
        labels = labels == null ? List.of() : List.copyOf(labels);
        languages = languages == null ? List.of() : List.copyOf(languages);
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        targetLanguages = targetLanguages == null ? List.of() : List.copyOf(targetLanguages);
    }

    public boolean ready() {
        return READY.equals(status);
    }
}
