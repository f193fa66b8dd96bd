package dev.lmaas.node.task.translate.apertium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lmaas.node.protocol.InferenceResponse;
import dev.lmaas.node.protocol.ModelDescriptor;
import dev.lmaas.node.protocol.NodeError;
import dev.lmaas.node.testing.LinkClient;
import dev.lmaas.node.testing.TestPki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The node over real HTTP with the real eng-spa pair, read from a modes folder the test controls (a
 * copy of Debian's mode files) so it can install and remove pairs while the node runs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lmaas.node.data-dir=target/it-apertium-node",
        "lmaas.node.builtin-models=none",
        "lmaas.node.reload-interval=200ms",
        "lmaas.node.apertium.pipelines=2",
})
class ApertiumNodeIT {

    /** The node link is mTLS only: the node serves a certificate of this test CA and answers only its control plane. */
    static final TestPki PKI = new TestPki();
    static final String INFER = "/internal/v1/infer";
    static final Path MODES = Path.of("target", "it-apertium-modes", "modes").toAbsolutePath();

    @DynamicPropertySource
    static void modes(DynamicPropertyRegistry registry) {
        try {
            Files.createDirectories(MODES);
            try (var old = Files.list(MODES)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
            install("eng-spa");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add("lmaas.node.apertium.modes-dir", MODES::toString);
        for (String p : TestPki.files(PKI.node("apertium-it-node", "https://127.0.0.1:18444", Duration.ofHours(1)), Path.of("target", "it-apertium-tls"))) {
            registry.add(p.substring(0, p.indexOf('=')), () -> p.substring(p.indexOf('=') + 1));
        }
    }

    /** "apt-get install" as the node sees it: a mode file appears. */
    static void install(String mode) throws IOException {
        Path installed = InstalledApertium.MODES.resolve(mode + ".mode");
        if (Files.isRegularFile(installed)) {
            Path tmp = MODES.resolve("." + mode + ".tmp");
            Files.copy(installed, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, MODES.resolve(mode + ".mode"), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    JsonMapper json;
    LinkClient node;

    @BeforeEach
    void ready() {
        InstalledApertium.assume();
        node = new LinkClient("https://127.0.0.1:" + port, PKI.controlPlane().context(PKI.ca));
        await().atMost(Duration.ofSeconds(60)).until(() -> model("apertium-eng-spa").map(ModelDescriptor::ready).orElse(false));
    }

    List<ModelDescriptor> models() {
        HttpResponse<String> r = node.get("/internal/v1/models");
        assertThat(r.statusCode()).isEqualTo(200);
        return json.readValue(r.body(), new TypeReference<>() { });
    }

    Optional<ModelDescriptor> model(String id) {
        return models().stream().filter(d -> d.id().equals(id)).findFirst();
    }

    HttpResponse<String> translate(String model, List<String> inputs, String source, String target) {
        String params = "{" + (source == null ? "" : "\"sourceLanguage\":\"" + source + "\",")
                + "\"targetLanguage\":\"" + target + "\"}";
        return node.post(INFER, "{\"requestId\":\"r-tr\",\"tenantId\":\"t\",\"model\":\"" + model + "\",\"task\":\"translation\","
                + "\"inputs\":" + json.writeValueAsString(inputs) + ",\"parameters\":" + params + "}");
    }

    void assertRefused(HttpResponse<String> r, int status, String code, String... messageParts) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        NodeError error = json.readValue(r.body(), NodeError.class);
        assertThat(error.code()).isEqualTo(code);
        assertThat(error.message()).contains(messageParts);
    }

    @Test
    void listsThePairAsATranslationModelWithItsLanguages() {
        ModelDescriptor d = model("apertium-eng-spa").orElseThrow();
        assertThat(d.task()).isEqualTo("translation");
        assertThat(d.languages()).containsExactly("en");
        assertThat(d.targetLanguages()).containsExactly("es");
        assertThat(d.aliases()).containsExactly("translation");
        assertThat(d.version()).startsWith("apertium-");
        assertThat(d.sha256()).matches("[0-9a-f]{64}");
        assertThat(d.error()).isNull();
    }

    @Test
    void translatesOverHttpAndCountsWords() {
        HttpResponse<String> r = translate("apertium-eng-spa",
                List.of("The weather is beautiful today and I would like to buy a new phone.", "The cat sleeps."), "en", "es");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        InferenceResponse answer = json.readValue(r.body(), InferenceResponse.class);
        assertThat(answer.outputs().getFirst().text()).contains("tiempo", "teléfono");
        assertThat(answer.outputs().get(1).text()).containsIgnoringCase("gato");
        assertThat(answer.usage().promptTokens()).isEqualTo(14 + 3);
        long outputWords = answer.outputs().stream().mapToLong(o -> WordCount.of(o.text())).sum();
        assertThat(answer.usage().completionTokens()).isEqualTo(outputWords);
        assertThat(answer.model()).isEqualTo("apertium-eng-spa");
    }

    @Test
    void regionalCodesAndAMissingSourceAreAccepted() {
        assertThat(translate("apertium-eng-spa", List.of("Good morning."), null, "es-ES").statusCode()).isEqualTo(200);
    }

    @Test
    void aPairTheModelDoesNotServeIsRefusedNamingTheLanguages() {
        assertRefused(translate("apertium-eng-spa", List.of("Hello."), "en", "fr"), 400, "unsupported_language_pair",
                "apertium-eng-spa", "[en]", "[es]", "en -> fr");
        assertRefused(translate("apertium-eng-spa", List.of("Hallo."), "de", "es"), 400, "unsupported_language_pair",
                "de -> es");
    }

    @Test
    void installedAndRemovedPairsAppearAndDisappearWithoutARestart() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(InstalledApertium.MODES.resolve("spa-eng.mode")));
        install("spa-eng");
        await().atMost(Duration.ofSeconds(30)).until(() -> model("apertium-spa-eng").map(ModelDescriptor::ready).orElse(false));
        HttpResponse<String> back = translate("apertium-spa-eng", List.of("El tiempo es bello hoy."), "es", "en");
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        assertThat(json.readValue(back.body(), InferenceResponse.class).outputs().getFirst().text()).contains("beautiful today");

        Files.delete(MODES.resolve("spa-eng.mode"));
        await().atMost(Duration.ofSeconds(30)).until(() -> model("apertium-spa-eng").isEmpty());
        assertRefused(translate("apertium-spa-eng", List.of("Hola."), "es", "en"), 404, "model_not_found", "apertium-spa-eng");
        assertThat(model("apertium-eng-spa")).hasValueSatisfying(d -> assertThat(d.ready()).isTrue());
    }
}
