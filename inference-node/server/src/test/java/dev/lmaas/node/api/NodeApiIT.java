package dev.lmaas.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.lmaas.node.protocol.EmbeddingBase64;
import dev.lmaas.node.protocol.InferenceResponse;
import dev.lmaas.node.protocol.LabelScore;
import dev.lmaas.node.protocol.ModelDescriptor;
import dev.lmaas.node.protocol.NodeError;
import dev.lmaas.node.testing.FakeControlPlane;
import dev.lmaas.node.testing.LinkClient;
import dev.lmaas.node.testing.RawHttp;
import dev.lmaas.node.testing.TestPki;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.lmaas.node.model.ModelCatalog;
import dev.lmaas.node.model.ServedModel;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The node as the control plane sees it: real HTTPS with the control plane's client certificate,
 * real built-in models on ONNX Runtime. Every refusal asserts its status and its {@link NodeError} body.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lmaas.node.data-dir=target/it-node-data",
        "lmaas.node.node-id=" + NodeApiIT.NODE_ID,
        "lmaas.node.intra-op-threads=2",
        "lmaas.node.batch.queue-capacity=48",
        "lmaas.node.batch.max-wait=5ms",
        "lmaas.node.limits.max-inputs=64",
        "lmaas.node.limits.max-input-chars=3000",
        "lmaas.node.limits.max-body-bytes=65536",
})
@ExtendWith(OutputCaptureExtension.class)
class NodeApiIT {

    static final String NODE_ID = "api-it-node";
    static final String NODE_URL = "https://127.0.0.1:18443";
    static final String INFER = "/internal/v1/infer";
    static final TestPki PKI = new TestPki();

    static FakeControlPlane controlPlane;

    @DynamicPropertySource
    static void controlPlane(DynamicPropertyRegistry registry) {
        try {
            controlPlane = new FakeControlPlane(0, PKI, 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add("lmaas.node.control-plane-url", controlPlane::url);
        for (String p : TestPki.files(PKI.node(NODE_ID, NODE_URL, Duration.ofHours(1)), Path.of("target", "it-node-tls"))) {
            registry.add(p.substring(0, p.indexOf('=')), () -> p.substring(p.indexOf('=') + 1));
        }
    }

    @AfterAll
    static void stopControlPlane() {
        controlPlane.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    JsonMapper json;
    @Autowired
    ModelCatalog catalog;
    LinkClient node;

    @BeforeEach
    void waitUntilReady() {
        node = new LinkClient("https://127.0.0.1:" + port, PKI.controlPlane().context(PKI.ca));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> node.get("/actuator/health/readiness").statusCode() == 200);
    }

    String request(String model, List<String> inputs, String extra) {
        return "{\"requestId\":\"r-1\",\"tenantId\":\"tenant-a\",\"model\":\"" + model + "\",\"inputs\":"
                + json.writeValueAsString(inputs) + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    InferenceResponse ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readValue(response.body(), InferenceResponse.class);
    }

    void assertRefused(HttpResponse<String> response, int status, String code, String messagePart) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        NodeError error = json.readValue(response.body(), NodeError.class);
        assertThat(error.code()).isEqualTo(code);
        assertThat(error.message()).contains(messagePart);
    }

    // ---- answers ---------------------------------------------------------------------------------

    @Test
    void embeddingsAreUnitVectorsWithRealTokenCounts() {
        InferenceResponse r = ok(node.post(INFER, request("all-minilm-l6-v2", List.of("hello world", "The cat sat on the mat."), "")));
        assertThat(r.requestId()).isEqualTo("r-1");
        assertThat(r.model()).isEqualTo("all-minilm-l6-v2");
        assertThat(r.outputs()).hasSize(2);
        for (var o : r.outputs()) {
            assertThat(o.embedding()).hasSize(384);
            double norm = 0;
            for (float v : o.embedding()) {
                norm += v * v;
            }
            assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        }
        // [CLS] hello world [SEP] and [CLS] the cat sat on the mat . [SEP]
        assertThat(r.outputs()).extracting(o -> o.tokens()).containsExactly(4, 9);
        assertThat(r.usage().promptTokens()).isEqualTo(13);
        assertThat(r.usage().completionTokens()).isZero();
        assertThat(r.nodeId()).isNotBlank();
    }

    @Test
    void askedForBase64TheEmbeddingsAreTheSameFloatBitsAsTheArrays() {
        String body = request("all-minilm-l6-v2-int8", List.of("The quick brown fox jumps over the lazy dog.", "你好世界"), "");
        float[][] asArrays = ok(node.post(INFER, body)).outputs().stream().map(o -> o.embedding()).toArray(float[][]::new);
        HttpResponse<String> base64 = node.send(HttpRequest.newBuilder(URI.create(node.base() + INFER))
                .header("Content-Type", "application/json").header(EmbeddingBase64.HEADER, "base64")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(base64.statusCode()).as(base64.body()).isEqualTo(200);
        JsonNode outputs = json.readTree(base64.body()).get("outputs");
        assertThat(outputs).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(outputs.get(i).get("embedding").isString()).as(outputs.get(i).toString()).isTrue();
            float[] decoded = EmbeddingBase64.decode(outputs.get(i).get("embedding").asString());
            assertThat(decoded).hasSize(384).containsExactly(asArrays[i]);
        }
        // Without the header (an older control plane): arrays of numbers, as before.
        assertThat(json.readTree(node.post(INFER, body).body()).get("outputs").get(0).get("embedding").isArray()).isTrue();
    }

    @Test
    void concurrentRequestsFromManyTenantsEachGetTheirOwnAnswers() throws Exception {
        List<String> texts = IntStream.range(0, 24).mapToObj(i -> "request " + i + " talks about " + (i % 2 == 0 ? "trains" : "cooking")
                + " and has " + "many ".repeat(i) + "words").toList();
        List<float[]> alone = texts.stream()
                .map(t -> ok(node.post(INFER, request("all-minilm-l6-v2", List.of(t), ""))).outputs().getFirst().embedding()).toList();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<InferenceResponse>> answers = IntStream.range(0, texts.size())
                    .mapToObj(i -> pool.submit(() -> ok(node.post(INFER, "{\"requestId\":\"c-" + i + "\",\"tenantId\":\"tenant-" + (i % 3)
                            + "\",\"model\":\"all-minilm-l6-v2\",\"inputs\":" + json.writeValueAsString(List.of(texts.get(i), "shared second input"))
                            + "}")))).toList();
            for (int i = 0; i < texts.size(); i++) {
                InferenceResponse r = answers.get(i).get();
                assertThat(r.requestId()).isEqualTo("c-" + i);
                float[] batched = r.outputs().getFirst().embedding();
                double dot = 0;
                for (int d = 0; d < batched.length; d++) {
                    dot += batched[d] * alone.get(i)[d];
                }
                assertThat(dot).as(texts.get(i)).isGreaterThan(0.9999);
            }
        }
    }

    @Test
    void int8EmbeddingsAgreeWithFp32() {
        String text = "Dynamic batching keeps the model busy.";
        float[] fp32 = ok(node.post(INFER, request("all-minilm-l6-v2", List.of(text), ""))).outputs().getFirst().embedding();
        float[] int8 = ok(node.post(INFER, request("all-minilm-l6-v2-int8", List.of(text), ""))).outputs().getFirst().embedding();
        double dot = 0;
        for (int i = 0; i < fp32.length; i++) {
            dot += fp32[i] * int8[i];
        }
        assertThat(dot).isGreaterThan(0.95);
    }

    @Test
    void longInputsAreTruncatedToTheModelMaximumWhenAsked() {
        String longText = IntStream.range(0, 400).mapToObj(i -> "word").collect(Collectors.joining(" "));
        InferenceResponse r = ok(node.post(INFER, request("all-minilm-l6-v2", List.of(longText), "\"truncate\":true")));
        assertThat(r.outputs().getFirst().tokens()).isEqualTo(256);
        assertThat(r.usage().promptTokens()).isEqualTo(256);
        assertRefused(node.post(INFER, request("all-minilm-l6-v2", List.of("short", longText), "\"truncate\":false")),
                400, "input_too_long", "inputs[1]: input has more than 256 tokens");
    }

    @Test
    void sentimentLabelsPlainEverydaySentences() {
        InferenceResponse r = ok(node.post(INFER, request("sentiment-minilm",
                List.of("I love this phone, it works perfectly.", "This was a terrible experience, I want my money back."),
                "\"task\":\"classification\"")));
        List<LabelScore> positive = r.outputs().get(0).labels();
        List<LabelScore> negative = r.outputs().get(1).labels();
        assertThat(positive.getFirst().label()).isEqualTo("positive");
        assertThat(negative.getFirst().label()).isEqualTo("negative");
        assertThat(positive.stream().mapToDouble(LabelScore::score).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    /** The acceptance sentences: the brief's own Chinese example, and its English twin, are neutral. */
    @Test
    void theExampleSentencesAreNeutralInBothLanguages() {
        InferenceResponse zh = ok(node.post(INFER, request("sentiment-bge-zh", List.of("这是一个示例文本", "这家店的服务太差了，再也不来了。"),
                "\"task\":\"classification\"")));
        assertThat(zh.outputs().get(0).labels().getFirst().label()).isEqualTo("neutral");
        assertThat(zh.outputs().get(1).labels().getFirst().label()).isEqualTo("negative");
        assertThat(zh.outputs().get(0).labels()).extracting(LabelScore::label).containsExactlyInAnyOrder("negative", "neutral", "positive");
        InferenceResponse en = ok(node.post(INFER, request("sentiment-bge-en", List.of("This is an example text.", "I love this phone, it works perfectly."),
                "\"task\":\"classification\"")));
        assertThat(en.outputs().get(0).labels().getFirst().label()).isEqualTo("neutral");
        assertThat(en.outputs().get(1).labels().getFirst().label()).isEqualTo("positive");
    }

    @Test
    void theSummaryKeepsOriginalSentencesInOrderWithinTheBudget() {
        String doc = "The city council met on Tuesday to discuss the new public transport plan. "
                + "The plan adds three tram lines and doubles the number of night buses. "
                + "Several residents complained about the noise of construction near the river. "
                + "The mayor said the tram lines will cut commuting times by a third. "
                + "A local bakery celebrated its fiftieth anniversary with free bread. "
                + "Funding for the transport plan comes from a regional grant and a small fare increase. "
                + "Council members will vote on the transport plan next month. "
                + "The weather on Tuesday was sunny and warm.";
        InferenceResponse r = ok(node.post(INFER, request("summarizer-minilm", List.of(doc), "\"parameters\":{\"ratio\":0.25}")));
        String summary = r.outputs().getFirst().text();
        List<String> sentences = Arrays.stream(summary.split("(?<=\\.) ")).toList();
        assertThat(sentences).hasSize(2);
        assertThat(doc.indexOf(sentences.get(0))).isNotNegative().isLessThan(doc.indexOf(sentences.get(1)));
        assertThat(summary).doesNotContain("bakery").doesNotContain("weather");
        assertThat(r.usage().completionTokens()).isPositive().isLessThan(r.usage().promptTokens());

        InferenceResponse budget = ok(node.post(INFER, request("summarizer-minilm", List.of(doc), "\"parameters\":{\"maxTokens\":30}")));
        assertThat(budget.usage().completionTokens()).isPositive().isLessThanOrEqualTo(30);
    }

    @Test
    void aChineseDocumentGetsAChineseSummaryFromTheChineseSummarizerNeverEmpty() {
        String doc = "本市首条跨江隧道于昨日上午十点正式通车。该隧道全长4.2公里，双向六车道。项目总投资约58.6亿元，历时三年多建成。"
                + "通车后，两岸之间的车程将由原来的四十分钟缩短至八分钟左右。一家面包店庆祝开业五十周年。交通部门提醒，隧道内严禁变道和停车。";
        InferenceResponse r = ok(node.post(INFER, request("summarizer-bge-zh", List.of(doc), "\"parameters\":{\"maxTokens\":60}")));
        assertThat(r.model()).isEqualTo("summarizer-bge-zh");
        String summary = r.outputs().getFirst().text();
        assertThat(summary).isNotEmpty().doesNotContain(" ").endsWith("。");
        for (String sentence : summary.split("(?<=。)")) {
            assertThat(doc).contains(sentence);
        }
        assertThat(r.usage().completionTokens()).isPositive().isLessThanOrEqualTo(60);
        assertThat(r.usage().promptTokens()).isGreaterThan(r.usage().completionTokens());

        // A budget smaller than any sentence: a clipped first part of a sentence, not an empty answer billed in full.
        InferenceResponse tiny = ok(node.post(INFER, request("summarizer-bge-zh", List.of(doc), "\"parameters\":{\"maxTokens\":4}")));
        assertThat(tiny.outputs().getFirst().text()).isNotEmpty();
        assertThat(tiny.usage().completionTokens()).isPositive().isLessThanOrEqualTo(4);
        assertThat(tiny.usage().promptTokens()).isEqualTo(r.usage().promptTokens());
    }

    @Test
    void modelsListsTheBuiltInsWithDigests() {
        HttpResponse<String> response = node.get("/internal/v1/models");
        assertThat(response.statusCode()).isEqualTo(200);
        List<ModelDescriptor> models = json.readValue(response.body(), new TypeReference<>() { });
        assertThat(models).extracting(ModelDescriptor::id)
                .contains("all-minilm-l6-v2", "all-minilm-l6-v2-int8", "bge-small-en-v1.5", "sentiment-minilm", "sentiment-bge-en",
                        "sentiment-bge-zh", "summarizer-minilm", "summarizer-bge-zh");
        for (ModelDescriptor d : models) {
            if (d.id().startsWith("all-minilm") || d.id().endsWith("-minilm")) {
                assertThat(d.status()).as(d.id() + " " + d.error()).isEqualTo("ready");
                assertThat(d.sha256()).matches("[0-9a-f]{64}");
            }
        }
        ModelDescriptor fp32 = models.stream().filter(d -> d.id().equals("all-minilm-l6-v2")).findFirst().orElseThrow();
        assertThat(fp32.dimensions()).isEqualTo(384);
        assertThat(fp32.task()).isEqualTo("embedding");
        assertThat(fp32.maxSequenceLength()).isEqualTo(256);
        for (String sentiment : List.of("sentiment-minilm", "sentiment-bge-en", "sentiment-bge-zh")) {
            ModelDescriptor head = models.stream().filter(d -> d.id().equals(sentiment)).findFirst().orElseThrow();
            assertThat(head.status()).as(sentiment + " " + head.error()).isEqualTo("ready");
            assertThat(head.labels()).containsExactly("negative", "neutral", "positive");
        }
        assertThat(models.stream().filter(d -> d.id().equals("sentiment-bge-zh")).findFirst().orElseThrow().languages()).containsExactly("zh");
        assertThat(models.stream().filter(d -> d.id().equals("sentiment-bge-en")).findFirst().orElseThrow().languages()).containsExactly("en");
    }

    @Test
    void registersWithTheControlPlaneAndHeartbeatsItsModelsAndLoad() {
        await().atMost(Duration.ofSeconds(30)).until(() -> controlPlane.calls.stream()
                .anyMatch(c -> c.kind().equals("heartbeat") && c.body().models().stream().filter(ModelDescriptor::ready).count() >= 4));
        FakeControlPlane.Call register = controlPlane.calls.getFirst();
        assertThat(register.kind()).isEqualTo("register");
        assertThat(register.body().nodeId()).isEqualTo(NODE_ID);
        assertThat(register.body().baseUrl()).as("the URL its certificate is bound to").isEqualTo(NODE_URL);
        FakeControlPlane.Call heartbeat = controlPlane.calls.getLast();
        assertThat(heartbeat.body().nodeId()).isEqualTo(register.body().nodeId());
        assertThat(heartbeat.body().models()).filteredOn(d -> d.id().equals("all-minilm-l6-v2"))
                .singleElement().satisfies(d -> assertThat(d.sha256()).matches("[0-9a-f]{64}"));
        // Each served model has its own queue of 48 (counting the models keeps this true as built-ins are added).
        long served = heartbeat.body().models().stream().filter(ModelDescriptor::ready).count();
        assertThat(heartbeat.body().load().queueCapacity()).isEqualTo(served * 48);
        assertThat(controlPlane.rejected).isEmpty();
    }

    // ---- refusals --------------------------------------------------------------------------------

    @Test
    void callersOtherThanTheControlPlaneAre401() {
        String body = request("all-minilm-l6-v2", List.of("hi"), "");
        LinkClient noCertificate = new LinkClient(node.base(), TestPki.anonymous(PKI.ca));
        assertRefused(noCertificate.post(INFER, body), 401, "unauthorized", "control plane");
        assertRefused(noCertificate.get("/internal/v1/models"), 401, "unauthorized", "control plane");
        // Another node holds a certificate of the same CA: it may not call this node.
        LinkClient otherNode = new LinkClient(node.base(), PKI.node("other-node", "https://127.0.0.1:9", Duration.ofHours(1)).context(PKI.ca));
        assertRefused(otherNode.post(INFER, body), 401, "unauthorized", "control plane");
    }

    @Test
    void aCertificateOfAnotherCaOrPlaintextGetsNoAnswer() {
        // A "control plane" certificate from another CA: the node asks for certificates of its CA only, so the
        // client offers none (or, forced to, fails the handshake); either way no handler answers it.
        TestPki stranger = new TestPki();
        LinkClient impostor = new LinkClient(node.base(), stranger.controlPlane().context(PKI.ca));
        assertRefused(impostor.post(INFER, request("all-minilm-l6-v2", List.of("hi"), "")), 401, "unauthorized", "control plane");
        // And a node that does not trust the cluster CA's certificates refuses to talk to this node at all.
        LinkClient distrusting = new LinkClient(node.base(), PKI.controlPlane().context(stranger.ca));
        assertThatThrownBy(() -> distrusting.get("/internal/v1/models")).isInstanceOf(UncheckedIOException.class);
        // Plain HTTP on the node's port: Tomcat answers that TLS is required, no handler runs.
        RawHttp.Answer plain = RawHttp.plain(port).send("POST", INFER, request("all-minilm-l6-v2", List.of("hi"), ""));
        assertThat(plain.status()).isEqualTo(400);
        assertThat(plain.body()).doesNotContain("embedding").doesNotContain("outputs");
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String big = "x".repeat(70_000);
        assertRefused(node.post(INFER, request("all-minilm-l6-v2", List.of(big), "")), 413, "payload_too_large", "65536 bytes");
    }

    @Test
    void malformedInputsAre400WithTheReason() {
        assertRefused(node.post(INFER, request("all-minilm-l6-v2", List.of(), "")), 400, "invalid_input", "at least one text");
        assertRefused(node.post(INFER, "{\"model\":\"all-minilm-l6-v2\"}"), 400, "invalid_input", "at least one text");
        assertRefused(node.post(INFER, request("all-minilm-l6-v2", List.of("fine", "   "), "")), 400, "invalid_input", "inputs[1] is empty");
        List<String> tooMany = IntStream.range(0, 65).mapToObj(i -> "text " + i).toList();
        assertRefused(node.post(INFER, request("all-minilm-l6-v2", tooMany, "")), 400, "invalid_input", "at most 64 inputs per call, got 65");
        assertRefused(node.post(INFER, request("all-minilm-l6-v2", List.of("y".repeat(3001)), "")), 400, "input_too_long",
                "inputs[0] has 3001 characters, the limit is 3000");
        assertRefused(node.post(INFER, request("", List.of("hi"), "")), 400, "invalid_input", "model is required");
        assertRefused(node.post(INFER, request("summarizer-minilm", List.of("hi"), "\"parameters\":{\"ratio\":1.5}")), 400,
                "invalid_input", "parameters.ratio");
        assertRefused(node.post(INFER, request("summarizer-minilm", List.of("hi"), "\"parameters\":{\"numBeams\":99}")), 400,
                "invalid_input", "parameters.numBeams");
    }

    @Test
    void wrongJsonTypesAndBrokenBodiesAre400() {
        assertRefused(node.post(INFER, "{\"model\":\"all-minilm-l6-v2\",\"inputs\":[1,2]}"), 400, "invalid_input", "inputs[0] must be a string");
        assertRefused(node.post(INFER, "{\"model\":\"all-minilm-l6-v2\",\"inputs\":\"hello\"}"), 400, "invalid_input", "inputs must be an array");
        assertRefused(node.post(INFER, "{\"model\":42,\"inputs\":[\"a\"]}"), 400, "invalid_input", "model must be a string");
        assertRefused(node.post(INFER, "{\"model\":\"all-minilm-l6-v2\",\"inputs\":[\"a\"],\"truncate\":\"yes\"}"), 400,
                "invalid_input", "truncate must be true or false");
        assertRefused(node.post(INFER, "{\"model\":\"all-minilm-l6-v2\",\"inputs\":[\"a\"],\"deadlineMillis\":1.5}"), 400,
                "invalid_input", "deadlineMillis must be an integer");
        assertRefused(node.post(INFER, "{\"model\":\"all-minilm-l6-v2\",\"inputs\":[\"a\"],\"parameters\":{\"maxTokens\":\"ten\"}}"), 400,
                "invalid_input", "parameters.maxTokens must be an integer");
        assertRefused(node.post(INFER, "[1,2,3]"), 400, "invalid_input", "must be a JSON object");
        assertRefused(node.post(INFER, "{\"model\": \"all-minilm"), 400, "invalid_input", "not valid JSON");
        assertRefused(node.post(INFER, ""), 400, "invalid_input", "the body is empty");
        byte[] invalidUtf8 = "{\"model\":\"all-minilm-l6-v2\",\"inputs\":[\"caf\u00e9\"]}".getBytes(StandardCharsets.ISO_8859_1);
        assertRefused(node.post(INFER, invalidUtf8), 400, "invalid_input", "not valid UTF-8");
    }

    @Test
    void theInferencePathRefusesOtherMethodsAndAcceptsInTheNodeErrorShape() {
        String body = request("all-minilm-l6-v2", List.of("hi"), "");
        assertRefused(node.get(INFER), 405, "invalid_input", "method GET is not supported here");
        assertRefused(node.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("https://127.0.0.1:" + port + INFER))
                .method("PUT", java.net.http.HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build()),
                405, "invalid_input", "method PUT is not supported here");
        assertRefused(node.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("https://127.0.0.1:" + port + INFER))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).header("Accept", "text/html").build()),
                406, "invalid_input", "application/json only");
        // An Accept that admits JSON among others is answered.
        ok(node.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("https://127.0.0.1:" + port + INFER))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).header("Accept", "text/html, application/*;q=0.5").build()));
    }

    @Test
    void unknownModelsAre404AndWrongTasks400() {
        assertRefused(node.post(INFER, request("gpt-17", List.of("hi"), "")), 404, "model_not_found", "this node has no model gpt-17");
        assertRefused(node.post(INFER, request("all-minilm-l6-v2", List.of("hi"), "\"task\":\"classification\"")), 400, "wrong_task",
                "model all-minilm-l6-v2 serves embedding, not classification");
    }

    @Test
    void aRequestThatDoesNotFitTheQueueIsRefusedAtOnceWith503AndRetryAfter() {
        List<String> inputs = IntStream.range(0, 60).mapToObj(i -> "sentence number " + i).toList();
        HttpResponse<String> response = node.post(INFER, request("all-minilm-l6-v2", inputs, ""));
        assertRefused(response, 503, "overloaded", "retry shortly");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    }

    @Test
    void aRequestWhoseDeadlinePassesWhileQueuedBehindABusyModelIs504() throws Exception {
        // An idle model runs a request at once, so the short deadline only passes behind a running batch.
        ServedModel<?> sentiment = catalog.find("sentiment-minilm").orElseThrow();
        List<String> longInputs = java.util.Collections.nCopies(20, "a rather long review of a product ".repeat(70).trim());
        java.util.concurrent.CompletableFuture<HttpResponse<String>> busy = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> node.post(INFER, request("sentiment-minilm", longInputs, "\"truncate\":true")));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1)).until(() -> sentiment.inFlight() > 0 || busy.isDone());
        assertThat(busy).as("20 long inputs still running").isNotDone();
        assertRefused(node.post(INFER, request("sentiment-minilm", List.of("quick?"), "\"deadlineMillis\":1")), 504,
                "deadline_exceeded", "deadline passed");
        assertThat(ok(busy.get(60, java.util.concurrent.TimeUnit.SECONDS)).outputs()).hasSize(20);
    }

    @Test
    void theNodeStaysHealthyAfterRefusalsAndNeverLogsPayloads(CapturedOutput output) {
        String secretText = "zebra-marker-" + System.nanoTime();
        node.post(INFER, request("all-minilm-l6-v2", List.of(secretText), "\"task\":\"classification\""));
        node.post(INFER, request("no-such-model", List.of(secretText), ""));
        node.post(INFER, ("{\"model\":\"all-minilm-l6-v2\",\"inputs\":[\"" + secretText + "\"").getBytes(StandardCharsets.UTF_8));
        ok(node.post(INFER, request("all-minilm-l6-v2", List.of(secretText), "")));
        assertThat(node.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(node.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(output.getAll()).doesNotContain(secretText);
    }

    @Test
    void prometheusExposesQueueBatchLatencyAndTokenMetricsPerModel() {
        ok(node.post(INFER, request("all-minilm-l6-v2-int8", List.of("metrics please", "and another"), "")));
        String metrics = node.get("/actuator/prometheus").body();
        assertThat(metrics)
                .contains("lmaas_node_queue_depth{model=\"all-minilm-l6-v2-int8\"}")
                .contains("lmaas_node_queue_wait_seconds_bucket{model=\"all-minilm-l6-v2-int8\"")
                .contains("lmaas_node_inference_seconds_bucket{model=\"all-minilm-l6-v2-int8\"")
                .contains("lmaas_node_batch_size_bucket{model=\"all-minilm-l6-v2-int8\"")
                .contains("lmaas_node_tokens_total{kind=\"prompt\",model=\"all-minilm-l6-v2-int8\"}");
        // The plain servlet names its path for the HTTP metrics; no long task timer per request (ignored-meters).
        assertThat(metrics).containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"POST\"[^}]*uri=\"/internal/v1/infer\"\\}")
                .doesNotContain("http_server_requests_active");
    }
}
