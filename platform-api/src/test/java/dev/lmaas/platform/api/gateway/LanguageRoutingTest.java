package dev.lmaas.platform.api.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.protocol.ModelDescriptor;
import dev.lmaas.node.protocol.Task;
import dev.lmaas.platform.api.language.TextLanguages;
import dev.lmaas.platform.api.nodes.NodeRegistry;
import dev.lmaas.platform.api.web.ApiException;
import dev.lmaas.platform.tenant.ApiKeyId;
import dev.lmaas.platform.tenant.TenantId;
import dev.lmaas.platform.tenant.VerifiedKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The routing rules on a registry of described models (no node needed): aliases by language, explicit
 * models as named, language pairs for translation, and the status and body of every refusal.
 */
class LanguageRoutingTest {

    static final TextLanguages LANGUAGES = new TextLanguages("en");
    static final VerifiedKey ANY = key(Set.of());

    NodeRegistry registry = mock(NodeRegistry.class);
    LanguageRouting routing;

    static ModelDescriptor model(String id, Task task, List<String> languages, List<String> aliases, List<String> targets) {
        return new ModelDescriptor(id, "1", task.wireName(), "abc", 256, null, List.of(), ModelDescriptor.READY, null, languages, aliases, targets);
    }

    static VerifiedKey key(Set<String> models) {
        return new VerifiedKey(new ApiKeyId(UUID.randomUUID()), new TenantId(UUID.randomUUID()), "k", models, "pro", null, null);
    }

    @BeforeEach
    void registry() {
        Map<String, ModelDescriptor> models = new LinkedHashMap<>();
        for (ModelDescriptor m : List.of(
                model("sentiment-minilm", Task.CLASSIFICATION, List.of("en"), List.of("sentiment"), List.of()),
                model("sentiment-bge-zh", Task.CLASSIFICATION, List.of("zh"), List.of("sentiment"), List.of()),
                model("topic-en", Task.CLASSIFICATION, List.of("en"), List.of(), List.of()),
                model("summarizer-minilm", Task.SUMMARIZATION, List.of("en"), List.of("summarization"), List.of()),
                model("all-minilm-l6-v2", Task.EMBEDDING, List.of("en"), List.of(), List.of()),
                model("apertium-eng-spa", Task.TRANSLATION, List.of("en"), List.of("translation"), List.of("es")),
                model("apertium-spa-eng", Task.TRANSLATION, List.of("es"), List.of("translation"), List.of("en")),
                model("my-nmt", Task.TRANSLATION, List.of(), List.of(), List.of()))) {
            models.put(m.id(), m);
        }
        when(registry.routableModels()).thenReturn(models);
        when(registry.catalogEntry(org.mockito.ArgumentMatchers.anyString())).thenAnswer(i -> Optional.ofNullable(models.get(i.getArgument(0)))
                .map(m -> new NodeRegistry.CatalogEntry(m.id(), m.task(), m.sha256(), false, java.time.Instant.EPOCH)));
        when(registry.catalog()).thenReturn(List.of());
        routing = new LanguageRouting(registry, LANGUAGES, new TranslationRouting(registry));
    }

    static InferenceCall call(String model, Task task, String... inputs) {
        return new InferenceCall("test", model, task, List.of(inputs), InferenceParameters.NONE, false);
    }

    static InferenceCall translate(String model, String source, String target, String... inputs) {
        return new InferenceCall("test", model, Task.TRANSLATION, List.of(inputs), new InferenceParameters(null, null, source, target, null), false);
    }

    ApiException refused(InferenceCall call) {
        return catchThrowableOfType(ApiException.class, () -> routing.route(call, ANY));
    }

    @Test
    void aliasesAndMissingModelsGoToTheModelOfTheInputsLanguage() {
        assertThat(routing.route(call(null, Task.CLASSIFICATION, "这是一个示例文本"), ANY)).extracting("model", "language")
                .containsExactly("sentiment-bge-zh", "zh");
        assertThat(routing.route(call("sentiment", null, "What a lovely morning this has been."), ANY)).extracting("model", "language")
                .containsExactly("sentiment-minilm", "en");
        assertThat(routing.route(call(null, Task.SUMMARIZATION, "One sentence here. And another one there."), ANY).model()).isEqualTo("summarizer-minilm");
    }

    @Test
    void anExplicitModelIsUsedAsNamedAndOnlyReportsTheLanguage() {
        assertThat(routing.route(call("sentiment-minilm", Task.CLASSIFICATION, "这是一个示例文本"), ANY)).extracting("model", "language")
                .containsExactly("sentiment-minilm", "zh");
        assertThat(routing.route(call("sentiment-minilm", Task.CLASSIFICATION, "Lovely weather today, isn't it?", "这是一个示例文本"), ANY).language())
                .isEqualTo("mul");
        assertThat(routing.route(call("all-minilm-l6-v2", Task.EMBEDDING, "这是一个示例文本"), ANY).language()).isNull();
    }

    @Test
    void aKeyScopedToOneModelOfTheAliasIsRoutedToThatOneWhenItServesTheLanguage() {
        VerifiedKey scoped = key(Set.of("sentiment-bge-zh"));
        assertThat(routing.route(call("sentiment", null, "这家餐厅的菜很好吃"), scoped).model()).isEqualTo("sentiment-bge-zh");
    }

    @Test
    void refusalsSayWhatIsWrongAndWhatIsAvailable() {
        ApiException spanish = refused(call(null, Task.CLASSIFICATION, "El tiempo es muy bello hoy en Madrid y vamos a la playa."));
        assertThat(spanish.status()).isEqualTo(400);
        assertThat(spanish.code()).isEqualTo("unsupported_language");
        assertThat(spanish.param()).isEqualTo("input");
        assertThat(spanish.getMessage()).isEqualTo("No 'sentiment' model serves this text's language ('es'). Supported languages: en, zh.");

        ApiException mixed = refused(call("sentiment", null, "What a lovely morning this has been.", "这家餐厅的菜很好吃"));
        assertThat(mixed.status()).isEqualTo(400);
        assertThat(mixed.code()).isEqualTo("mixed_languages");
        assertThat(mixed.param()).isEqualTo("input");
    }

    @Test
    void translationsRunOnAModelThatServesThePair() {
        var routed = routing.route(translate(null, null, "es", "The weather is beautiful today and I would like to buy a new phone."), ANY);
        assertThat(routed.model()).isEqualTo("apertium-eng-spa");
        assertThat(routed.language()).isEqualTo("en");
        assertThat(routed.parameters().sourceLanguage()).isEqualTo("en");
        assertThat(routed.parameters().targetLanguage()).isEqualTo("es");
        assertThat(routing.route(translate("translation", "spa", "EN-us", "hola"), ANY).model()).isEqualTo("apertium-spa-eng");
        // A model that does not declare its languages is trusted as named.
        assertThat(routing.route(translate("my-nmt", "en", "de", "hello there"), ANY).parameters().targetLanguage()).isEqualTo("de");
        // The plain shape with a one-pair model needs no target.
        assertThat(routing.route(new InferenceCall("models", "apertium-eng-spa", null, List.of("Good morning to everyone here"),
                InferenceParameters.NONE, false), ANY).parameters().targetLanguage()).isEqualTo("es");
    }

    @Test
    void translationRefusalsNameThePairAndListTheAvailableOnes() {
        ApiException none = refused(translate(null, "en", "de", "hello"));
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.code()).isEqualTo("unsupported_language_pair");
        assertThat(none.param()).isEqualTo("target_language");
        assertThat(none.getMessage()).isEqualTo("No model translates 'en' → 'de'. Available pairs: en→es, es→en.");

        ApiException named = refused(translate("apertium-eng-spa", "en", "fr", "hello"));
        assertThat(named.code()).isEqualTo("unsupported_language_pair");
        assertThat(named.getMessage()).startsWith("The model 'apertium-eng-spa' does not translate 'en' → 'fr'.");

        ApiException same = refused(translate(null, "en", "en", "hello"));
        assertThat(same.code()).isEqualTo("invalid_value");
        assertThat(same.param()).isEqualTo("target_language");

        ApiException bad = refused(translate(null, "en", "spanish please", "hello"));
        assertThat(bad.code()).isEqualTo("invalid_value");
        assertThat(bad.param()).isEqualTo("target_language");

        ApiException noTarget = refused(new InferenceCall("models", "translation", null, List.of("hello"), InferenceParameters.NONE, false));
        assertThat(noTarget.code()).isEqualTo("missing_parameter");
        assertThat(noTarget.param()).isEqualTo("target_language");
    }
}
