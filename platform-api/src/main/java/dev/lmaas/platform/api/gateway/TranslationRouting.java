package dev.lmaas.platform.api.gateway;

import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.protocol.ModelDescriptor;
import dev.lmaas.node.protocol.Task;
import dev.lmaas.platform.api.nodes.NodeRegistry;
import dev.lmaas.platform.api.web.ApiException;
import dev.lmaas.platform.tenant.VerifiedKey;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Language pairs as a contract: a translation call names its target language (and its source, or the
 * source is detected); without a model — or with the alias {@code translation} — it runs on a model
 * that serves the pair; a named model that does not serve the pair, or a pair nobody serves, is a 400
 * {@code unsupported_language_pair} that lists what is available. Models that declare no languages
 * (an operator's export without them) are trusted as named.
 */
@Component
class TranslationRouting {

    static final String ALIAS = "translation";
    private static final Pattern CODE = Pattern.compile("[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*");
    /** ISO 639-2/3 codes to ISO 639-1 ("eng" → "en"), from the JDK's own table. */
    private static final Map<String, String> ISO3_TO_ISO1 = iso3ToIso1();

    private final NodeRegistry registry;

    TranslationRouting(NodeRegistry registry) {
        this.registry = registry;
    }

    /** True when the name is the alias or a translation model, so the call needs a language pair. */
    boolean handles(String asked) {
        if (ALIAS.equals(asked)) {
            return true;
        }
        ModelDescriptor m = registry.routableModels().get(asked);
        return m != null && Task.TRANSLATION.wireName().equals(m.task())
                || registry.catalogEntry(asked).map(e -> Task.TRANSLATION.wireName().equals(e.task())).orElse(false);
    }

    /** @param detect the detected language of the inputs, asked for only when the call names no source */
    LanguageRouting.Routed route(String asked, InferenceCall call, VerifiedKey key, Function<List<String>, String> detect) {
        InferenceParameters p = call.parameters();
        String source = p.sourceLanguage() == null || p.sourceLanguage().isBlank() ? detect.apply(call.inputs())
                : normalise(p.sourceLanguage(), "source_language");
        ModelDescriptor named = registry.routableModels().get(asked);
        String target = p.targetLanguage() == null || p.targetLanguage().isBlank() ? onlyTarget(named) : normalise(p.targetLanguage(), "target_language");
        if (source.equals(target)) {
            throw ApiException.invalidRequest("invalid_value", "The source and target languages are both '" + source + "'.", "target_language");
        }
        InferenceParameters pair = new InferenceParameters(p.maxTokens(), p.ratio(), source, target, p.numBeams());
        if (!ALIAS.equals(asked)) {
            if (named != null && !named.targetLanguages().isEmpty() && !serves(named, source, target)) {
                throw unsupported(source, target, List.of(named), "The model '" + asked + "' does not translate");
            }
            return new LanguageRouting.Routed(asked, source, pair);
        }
        List<ModelDescriptor> translators = registry.routableModels().values().stream()
                .filter(m -> Task.TRANSLATION.wireName().equals(m.task()) && m.aliases().contains(ALIAS)).toList();
        if (translators.isEmpty() && registry.catalog().stream().anyMatch(e -> Task.TRANSLATION.wireName().equals(e.task()))) {
            throw new ApiException(503, "server_error", "no_capacity", "No healthy inference node serves a translation model right now.", null,
                    Map.of("Retry-After", "5"));
        }
        return translators.stream().filter(m -> serves(m, source, target))
                .min(Comparator.comparing((ModelDescriptor m) -> !key.allows(m.id())).thenComparing(ModelDescriptor::id))
                .map(m -> new LanguageRouting.Routed(m.id(), source, pair))
                .orElseThrow(() -> unsupported(source, target, translators, "No model translates"));
    }

    private static boolean serves(ModelDescriptor m, String source, String target) {
        return m.targetLanguages().contains(target) && (m.languages().isEmpty() || m.languages().contains(source));
    }

    private static String onlyTarget(ModelDescriptor named) {
        if (named != null && named.targetLanguages().size() == 1) {
            return named.targetLanguages().getFirst();
        }
        throw ApiException.invalidRequest("missing_parameter", "'target_language' is required.", "target_language");
    }

    /** "en", "EN", "en-US", "eng" → "en"; anything that is not a language tag is a 400 naming the parameter. */
    static String normalise(String code, String param) {
        String c = code.strip();
        if (!CODE.matcher(c).matches()) {
            throw ApiException.invalidRequest("invalid_value", "'" + param + "' must be a language code such as 'en' or 'zh'.", param);
        }
        String primary = c.split("[-_]")[0].toLowerCase(Locale.ROOT);
        return primary.length() == 3 ? ISO3_TO_ISO1.getOrDefault(primary, primary) : primary;
    }

    private static ApiException unsupported(String source, String target, Collection<ModelDescriptor> models, String lead) {
        TreeSet<String> pairs = new TreeSet<>();
        for (ModelDescriptor m : models) {
            for (String s : m.languages()) {
                m.targetLanguages().forEach(t -> pairs.add(s + "→" + t));
            }
        }
        return ApiException.invalidRequest("unsupported_language_pair", lead + " '" + source + "' → '" + target + "'. Available pairs: "
                + (pairs.isEmpty() ? "none (no translation model is installed)" : String.join(", ", pairs)) + ".", "target_language");
    }

    private static Map<String, String> iso3ToIso1() {
        Map<String, String> map = new HashMap<>();
        for (String iso1 : Locale.getISOLanguages()) {
            try {
                map.put(Locale.of(iso1).getISO3Language(), iso1);
            } catch (java.util.MissingResourceException ignored) {
                // a language without a three-letter code keeps its own
            }
        }
        map.put("zho", "zh"); // the bibliographic and terminology codes both appear in the wild
        map.put("chi", "zh");
        return Map.copyOf(map);
    }
}
