package dev.lmaas.platform.api.gateway;

import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.protocol.ModelDescriptor;
import dev.lmaas.node.protocol.Task;
import dev.lmaas.platform.api.language.TextLanguages;
import dev.lmaas.platform.api.nodes.NodeRegistry;
import dev.lmaas.platform.api.web.ApiException;
import dev.lmaas.platform.tenant.VerifiedKey;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * Turns what a call names into the model to run. An explicit model id is always used as named. A task
 * alias ({@code sentiment}, {@code summarization}) — or no model at all on the classification and
 * summary endpoints — is routed to the model that declares the alias and serves the input's detected
 * language; ties go to the smallest id, so every replica picks the same model. Embeddings are never
 * routed: vectors of different models do not compare.
 */
@Component
class LanguageRouting {

    /** What each task endpoint means when the call names no model. */
    static final Map<Task, String> ENDPOINT_ALIASES = Map.of(Task.CLASSIFICATION, "sentiment", Task.SUMMARIZATION, "summarization",
            Task.TRANSLATION, TranslationRouting.ALIAS);
    /** The aliases the built-in models answer for: asked while no node serves them, they are "busy", not "unknown". */
    static final Set<String> WELL_KNOWN_ALIASES = Set.of("sentiment", "summarization");

    /**
     * @param language the input's detected (or, for translations, stated) language, ISO 639-1; null when not reported
     * @param parameters the call's parameters as the node must see them (translations: the normalised pair)
     */
    record Routed(String model, String language, InferenceParameters parameters) {
    }

    private final NodeRegistry registry;
    private final TextLanguages languages;
    private final TranslationRouting translations;

    LanguageRouting(NodeRegistry registry, TextLanguages languages, TranslationRouting translations) {
        this.registry = registry;
        this.languages = languages;
        this.translations = translations;
    }

    Routed route(InferenceCall call, VerifiedKey key) {
        String asked = call.model() == null || call.model().isBlank() ? ENDPOINT_ALIASES.get(call.task()) : call.model().strip();
        if (asked == null || call.task() == Task.EMBEDDING) {
            return new Routed(asked, null, call.parameters()); // embeddings (and calls that name nothing routable) are resolved as named
        }
        if (call.task() == Task.TRANSLATION || call.task() == null && translations.handles(asked)) {
            return translations.route(asked, call, key, this::languageOf);
        }
        if (registry.routableModels().containsKey(asked) || registry.catalogEntry(asked).isPresent()) {
            return new Routed(asked, reportedLanguage(call.inputs()), call.parameters());
        }
        List<ModelDescriptor> withAlias = registry.routableModels().values().stream().filter(m -> m.aliases().contains(asked)).toList();
        if (withAlias.isEmpty()) {
            if (WELL_KNOWN_ALIASES.contains(asked)) {
                throw new ApiException(503, "server_error", "no_capacity", "No healthy inference node serves '" + asked + "' right now.", null,
                        Map.of("Retry-After", "5"));
            }
            return new Routed(asked, null, call.parameters()); // unknown: the resolver answers 404 model_not_found
        }
        String language = languageOf(call.inputs());
        return withAlias.stream()
                .filter(m -> m.languages().contains(language))
                .filter(m -> key.allows(m.id()))
                .min(Comparator.comparing(ModelDescriptor::id))
                .or(() -> withAlias.stream().filter(m -> m.languages().contains(language)).min(Comparator.comparing(ModelDescriptor::id)))
                .map(m -> new Routed(m.id(), language, call.parameters()))
                .orElseThrow(() -> unsupported(asked, language, withAlias));
    }

    /** For an explicit model nothing is refused: inputs in several languages report {@code mul} (ISO 639-2's "multiple"). */
    private String reportedLanguage(List<String> inputs) {
        String first = languages.detect(inputs.getFirst());
        for (int i = 1; i < inputs.size(); i++) {
            if (!languages.detect(inputs.get(i)).equals(first)) {
                return "mul";
            }
        }
        return first;
    }

    /** The one language of every input; inputs in different languages would need different models. */
    private String languageOf(List<String> inputs) {
        String first = languages.detect(inputs.getFirst());
        for (int i = 1; i < inputs.size(); i++) {
            String other = languages.detect(inputs.get(i));
            if (!other.equals(first)) {
                throw ApiException.invalidRequest("mixed_languages", "input[0] is in '" + first + "' but input[" + i + "] is in '" + other
                        + "'. Send one request per language, or name a model.", "input");
            }
        }
        return first;
    }

    private static ApiException unsupported(String alias, String language, List<ModelDescriptor> withAlias) {
        Set<String> supported = new TreeSet<>();
        withAlias.forEach(m -> supported.addAll(m.languages()));
        return ApiException.invalidRequest("unsupported_language", "No '" + alias + "' model serves this text's language ('" + language
                + "'). Supported languages: " + String.join(", ", supported) + ".", "input");
    }
}
