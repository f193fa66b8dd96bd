package dev.lmaas.platform.api;

import static dev.lmaas.platform.api.GatewayIT.expect;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Language routing end to end (real control plane, real node, real Chinese and English models): the
 * brief's own snippet, task aliases, explicit models used as named, and every refusal of the routing.
 */
class LanguageRoutingIT extends NodeBackedIT {

    static final String CHINESE_DOCUMENT = "今天上午，公司召开了年度总结会议。会上，总经理回顾了过去一年的主要工作。销售额比去年增长了百分之二十。"
            + "新产品在市场上获得了良好的反响。同时，会议也指出了存在的问题，例如客户服务响应较慢。最后，总经理宣布明年将加大研发投入。";

    String tenant;
    String key;

    @BeforeEach
    void setUp() {
        tenant = newTenant("pro");
        key = newKey(tenant);
    }

    @Test
    void theBriefsSnippetAnswersNeutralFromTheChineseModel() {
        var a = http.post("/v1/models", key, "{\"text\": \"这是一个示例文本\"}");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.json().get("output_text").asString()).isEqualTo("neutral");
        assertThat(a.json().get("model").asString()).isEqualTo("sentiment-bge-zh");
        assertThat(a.json().get("language").asString()).isEqualTo("zh");
        assertThat(a.header("x-lmaas-language")).isEqualTo("zh");
        String requestId = a.header("x-request-id");
        recorded();
        assertThat(jdbc.queryForObject("SELECT language FROM usage_records WHERE request_id = ?", String.class, requestId)).isEqualTo("zh");
    }

    @Test
    void englishTextGoesToTheEnglishModelOnEveryShape() {
        var plain = http.post("/v1/models", key, TestHttp.json("text", "I absolutely love this product, it works perfectly!"));
        assertThat(plain.status()).as(plain.body()).isEqualTo(200);
        assertThat(plain.json().get("model").asString()).isEqualTo("sentiment-bge-en");
        assertThat(plain.json().get("language").asString()).isEqualTo("en");
        assertThat(plain.json().get("output_text").asString()).isEqualTo("positive");

        JsonNode c = http.post("/v1/classifications", key, TestHttp.json("input", "The food was cold and the waiter was rude to us.")).json();
        assertThat(c.get("model").asString()).isEqualTo("sentiment-bge-en");
        assertThat(c.get("language").asString()).isEqualTo("en");
        assertThat(c.at("/data/0/label").asString()).isEqualTo("negative");

        JsonNode alias = http.post("/v1/classifications", key, TestHttp.json("model", "sentiment", "input", "这家餐厅的菜很好吃，服务也很周到。")).json();
        assertThat(alias.get("model").asString()).isEqualTo("sentiment-bge-zh");
        assertThat(alias.at("/data/0/label").asString()).isEqualTo("positive");
        assertThat(alias.at("/data/0/labels").toString()).contains("negative", "neutral", "positive");
    }

    @Test
    void summariesWithoutAModelUseTheSummarizerOfTheTextsLanguage() {
        JsonNode zh = http.post("/v1/summaries", key, TestHttp.json("input", CHINESE_DOCUMENT)).json();
        assertThat(zh.get("model").asString()).isEqualTo("summarizer-bge-zh");
        assertThat(zh.get("language").asString()).isEqualTo("zh");
        String summary = zh.get("output_text").asString();
        assertThat(summary).isNotBlank();
        assertThat(CHINESE_DOCUMENT).contains(summary.substring(0, Math.min(8, summary.length())));

        JsonNode en = http.post("/v1/summaries", key, TestHttp.json("model", "summarization", "input",
                "The council met on Monday. It approved a new budget for the city's parks. Three new playgrounds will be built. "
                        + "Work starts in spring. Residents welcomed the news.")).json();
        assertThat(en.get("model").asString()).isEqualTo("summarizer-minilm");
        assertThat(en.get("language").asString()).isEqualTo("en");
    }

    /**
     * The acceptance bar of the language work: the held-out sets (written apart from the training sets)
     * through the brief's plain shape with no model named, so detection, routing and the heads are all in play.
     */
    @Test
    void heldOutSentencesThroughThePlainShapeWithNoModelNamed() throws Exception {
        String reader = newKey(newTenant("enterprise")); // enough requests per minute for ~470 calls
        for (String[] set : new String[][] {{"builtin/sentiment-bge-en/heldout.tsv", "0.90", "sentiment-bge-en"},
                {"builtin/sentiment-bge-zh/heldout.tsv", "0.85", "sentiment-bge-zh"}}) {
            List<String> lines;
            try (var in = getClass().getClassLoader().getResourceAsStream(set[0])) {
                lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().skip(1).filter(l -> !l.isBlank()).toList();
            }
            int right = 0;
            for (String line : lines) {
                String[] cols = line.split("\t", 2);
                var a = http.post("/v1/models", reader, TestHttp.json("text", cols[1]));
                assertThat(a.status()).as(a.body()).isEqualTo(200);
                assertThat(a.json().get("model").asString()).as(cols[1]).isEqualTo(set[2]);
                right += a.json().get("output_text").asString().equals(cols[0]) ? 1 : 0;
            }
            double accuracy = (double) right / lines.size();
            System.out.printf("%s through the plain shape: %d/%d = %.3f%n", set[0], right, lines.size(), accuracy);
            assertThat(accuracy).as(set[0]).isGreaterThanOrEqualTo(Double.parseDouble(set[1]));
        }
    }

    @Test
    void anExplicitModelIsAlwaysUsedAsNamed() {
        JsonNode c = http.post("/v1/classifications", key, TestHttp.json("model", "sentiment-minilm", "input", "这是一个示例文本")).json();
        assertThat(c.get("model").asString()).isEqualTo("sentiment-minilm");
        assertThat(c.get("language").asString()).isEqualTo("zh");
        JsonNode mixed = http.post("/v1/classifications", key, TestHttp.json("model", "sentiment-minilm", "input",
                List.of("I love it so much, thank you!", "这家餐厅很好吃"))).json();
        assertThat(mixed.get("language").asString()).isEqualTo("mul");
    }

    @Test
    void everyRefusalOfTheRoutingSaysWhy() {
        var spanish = http.post("/v1/classifications", key, TestHttp.json("input", "El tiempo es muy bello hoy en Madrid y vamos a la playa."));
        expect(spanish, 400, "unsupported_language", "input");
        assertThat(spanish.json().at("/error/type").asString()).isEqualTo("invalid_request_error");
        assertThat(spanish.json().at("/error/message").asString()).contains("'es'").contains("Supported languages: en, zh.");

        expect(http.post("/v1/models", key, TestHttp.json("text", "Das Essen war ausgezeichnet und die Bedienung sehr freundlich.")), 400,
                "unsupported_language", "input");
        var mixed = http.post("/v1/classifications", key, TestHttp.json("input", List.of("I love it so much, thank you!", "这家餐厅很好吃")));
        expect(mixed, 400, "mixed_languages", "input");
        assertThat(mixed.json().at("/error/message").asString()).contains("'en'").contains("'zh'");
        expect(http.post("/v1/classifications", key, TestHttp.json("model", "sentimental", "input", "fine")), 404, "model_not_found", null);
        expect(http.post("/v1/summaries", key, TestHttp.json("model", "sentiment", "input", "fine")), 400, "wrong_model_task", "model");
        // Embeddings are never routed: vectors of different models do not compare.
        expect(http.post("/v1/embeddings", key, TestHttp.json("input", "这是一个示例文本")), 400, "missing_model", "model");
        expect(http.post("/v1/embeddings", key, TestHttp.json("model", "sentiment", "input", "x")), 404, "model_not_found", null);
    }

    @Test
    void noSilentTruncationUnlessTheCallOptsIn() {
        String long_ = "The service was quick and friendly. ".repeat(80);
        var refused = http.post("/v1/classifications", key, TestHttp.json("model", "sentiment-minilm", "input", long_));
        expect(refused, 400, "context_length_exceeded", "input");
        assertThat(refused.json().at("/error/message").asString()).contains("256");
        expect(http.post("/v1/embeddings", key, TestHttp.json("model", "all-minilm-l6-v2", "input", long_)), 400, "context_length_exceeded", "input");
        expect(http.post("/v1/models", key, TestHttp.json("text", long_)), 400, "context_length_exceeded", "input");

        var cut = http.post("/v1/classifications", key, "{\"model\": \"sentiment-minilm\", \"truncate\": true, \"input\": \"" + long_ + "\"}");
        assertThat(cut.status()).as(cut.body()).isEqualTo(200);
        assertThat(cut.json().at("/usage/prompt_tokens").asLong()).isEqualTo(256); // what was processed, not what was sent
    }

    @Test
    void theTenantsDefaultModelCanBeSetAndIsChecked() {
        var set = http.post("/admin/v1/tenants/" + tenant + "/default-model", admin, TestHttp.json("model", "summarization"));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().get("default_model").asString()).isEqualTo("summarization");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(http.post("/v1/models", key, TestHttp.json("text", CHINESE_DOCUMENT)).json().get("model").asString())
                        .isEqualTo("summarizer-bge-zh"));

        expect(http.post("/admin/v1/tenants/" + tenant + "/default-model", admin, TestHttp.json("model", "nope")), 400, "model_not_found", "model");

        assertThat(http.post("/admin/v1/tenants/" + tenant + "/default-model", admin, "{\"model\": null}").status()).isEqualTo(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(http.post("/v1/models", key, TestHttp.json("text", "这是一个示例文本")).json().get("model").asString())
                        .isEqualTo("sentiment-bge-zh"));
    }

    @Test
    void translationsRunOnTheApertiumPairForTheLanguages() {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(java.nio.file.Path.of("/usr/share/apertium/modes/eng-spa.mode")),
                "Apertium's eng-spa pair is not installed (./lmaas test installs it)");
        String sentence = "The weather is beautiful today and I would like to buy a new phone.";
        var t = http.post("/v1/translations", key, TestHttp.json("input", sentence, "source_language", "en", "target_language", "es"));
        assertThat(t.status()).as(t.body()).isEqualTo(200);
        assertThat(t.json().get("model").asString()).isEqualTo("apertium-eng-spa");
        assertThat(t.json().get("output_text").asString()).contains("tiempo").contains("teléfono");
        assertThat(t.json().at("/usage/prompt_tokens").asLong()).isEqualTo(14); // Apertium models count words

        // The source is detected when absent; the plain shape takes a translation model with its one target.
        var detected = http.post("/v1/translations", key, TestHttp.json("input", sentence, "target_language", "ES"));
        assertThat(detected.json().get("language").asString()).isEqualTo("en");
        assertThat(detected.json().get("model").asString()).isEqualTo("apertium-eng-spa");
        var plain = http.post("/v1/models/apertium-eng-spa", key, TestHttp.json("text", sentence));
        assertThat(plain.status()).as(plain.body()).isEqualTo(200);
        assertThat(plain.json().get("output_text").asString()).contains("tiempo");

        var unsupported = http.post("/v1/translations", key, TestHttp.json("input", sentence, "target_language", "de"));
        expect(unsupported, 400, "unsupported_language_pair", "target_language");
        assertThat(unsupported.json().at("/error/message").asString()).startsWith("No model translates 'en' → 'de'. Available pairs:").contains("en→es");
        expect(http.post("/v1/translations", key, TestHttp.json("model", "apertium-eng-spa", "input", sentence, "target_language", "fr")), 400,
                "unsupported_language_pair", "target_language");
        expect(http.post("/v1/translations", key, TestHttp.json("input", sentence, "target_language", "spanish!")), 400, "invalid_value",
                "target_language");
        expect(http.post("/v1/translations", key, TestHttp.json("input", sentence)), 400, "missing_parameter", "target_language");
    }

    @Test
    void modelsListTheirLanguagesAndAliases() {
        JsonNode list = http.get("/v1/models", key).json();
        Map<String, JsonNode> byId = new java.util.HashMap<>();
        list.get("data").forEach(m -> byId.put(m.get("id").asString(), m));
        assertThat(byId.get("bge-small-zh-v1.5").get("languages").toString()).isEqualTo("[\"zh\"]");
        assertThat(byId.get("bge-small-zh-v1.5").get("dimensions").asInt()).isEqualTo(512);
        assertThat(byId.get("sentiment-bge-zh").get("aliases").toString()).isEqualTo("[\"sentiment\"]");
        assertThat(byId.get("sentiment-minilm").get("languages").toString()).isEqualTo("[\"en\"]");
        assertThat(byId.get("summarizer-bge-zh").get("aliases").toString()).isEqualTo("[\"summarization\"]");
    }
}
