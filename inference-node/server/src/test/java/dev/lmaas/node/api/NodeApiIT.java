package dev.lmaas.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lmaas.node.protocol.ClusterSignature;
import dev.lmaas.node.protocol.InferenceResponse;
import dev.lmaas.node.protocol.LabelScore;
import dev.lmaas.node.protocol.ModelDescriptor;
import dev.lmaas.node.protocol.NodeError;
import dev.lmaas.node.testing.FakeControlPlane;
import dev.lmaas.node.testing.SignedClient;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * The node as the control plane sees it: real HTTP, real built-in models on ONNX Runtime, signed
 * requests. Every refusal asserts its status and its {@link NodeError} body.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lmaas.node.data-dir=target/it-node-data",
        "lmaas.node.cluster-secret=" + NodeApiIT.SECRET,
        "lmaas.node.intra-op-threads=2",
        "lmaas.node.batch.queue-capacity=48",
        "lmaas.node.batch.max-wait=5ms",
        "lmaas.node.limits.max-inputs=64",
        "lmaas.node.limits.max-input-chars=3000",
        "lmaas.node.limits.max-body-bytes=65536",
})
@ExtendWith(OutputCaptureExtension.class)
class NodeApiIT {

    static final String SECRET = "it-cluster-secret-0123456789";
    static final String INFER = "/internal/v1/infer";

    static FakeControlPlane controlPlane;

    @DynamicPropertySource
    static void controlPlane(DynamicPropertyRegistry registry) {
        try {
            controlPlane = new FakeControlPlane(0, SECRET, 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add("lmaas.node.control-plane-url", () -> "http://127.0.0.1:" + controlPlane.port());
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
    SignedClient node;

    @BeforeEach
    void waitUntilReady() {
        node = new SignedClient("http://127.0.0.1:" + port, SECRET);
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
    void modelsListsTheBuiltInsWithDigests() {
        HttpResponse<String> response = node.get("/internal/v1/models");
        assertThat(response.statusCode()).isEqualTo(200);
        List<ModelDescriptor> models = json.readValue(response.body(), new TypeReference<>() { });
        assertThat(models).extracting(ModelDescriptor::id)
                .contains("all-minilm-l6-v2", "all-minilm-l6-v2-int8", "bge-small-en-v1.5", "sentiment-minilm", "sentiment-bge-en",
                        "sentiment-bge-zh", "summarizer-minilm");
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
        assertThat(register.body().baseUrl()).isEqualTo("http://127.0.0.1:" + port);
        FakeControlPlane.Call heartbeat = controlPlane.calls.getLast();
        assertThat(heartbeat.body().nodeId()).isEqualTo(register.body().nodeId());
        assertThat(heartbeat.body().models()).filteredOn(d -> d.id().equals("all-minilm-l6-v2"))
                .singleElement().satisfies(d -> assertThat(d.sha256()).matches("[0-9a-f]{64}"));
        // 48 queued inputs per served model (queue-capacity above); the count of built-ins changes as models are added
        long served = heartbeat.body().models().stream().filter(ModelDescriptor::ready).count();
        assertThat(heartbeat.body().load().queueCapacity()).isEqualTo(48 * (int) served);
        assertThat(controlPlane.rejected).isEmpty();
    }

    // ---- refusals --------------------------------------------------------------------------------

    @Test
    void unsignedForgedOrStaleRequestsAre401() {
        String body = request("all-minilm-l6-v2", List.of("hi"), "");
        assertRefused(node.send(HttpRequest.newBuilder(URI.create(node.base() + INFER))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build()), 401, "unauthorized", "cluster signature");
        assertRefused(new SignedClient(node.base(), "another-secret-0123456789").post(INFER, body), 401, "unauthorized", "cluster signature");
        long stale = Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        assertRefused(node.send(HttpRequest.newBuilder(URI.create(node.base() + INFER))
                .header(ClusterSignature.TIMESTAMP_HEADER, Long.toString(stale))
                .header(ClusterSignature.SIGNATURE_HEADER, new ClusterSignature(SECRET).sign("POST", INFER, stale, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build()), 401, "unauthorized", "cluster signature");
        // A valid signature for one body does not cover another.
        long now = Instant.now().getEpochSecond();
        assertRefused(node.send(HttpRequest.newBuilder(URI.create(node.base() + INFER))
                .header(ClusterSignature.TIMESTAMP_HEADER, Long.toString(now))
                .header(ClusterSignature.SIGNATURE_HEADER, new ClusterSignature(SECRET).sign("POST", INFER, now, bytes))
                .POST(HttpRequest.BodyPublishers.ofString(body.replace("hi", "ho"))).build()), 401, "unauthorized", "cluster signature");
        HttpResponse<String> models = node.send(HttpRequest.newBuilder(URI.create(node.base() + "/internal/v1/models")).GET().build());
        assertRefused(models, 401, "unauthorized", "cluster signature");
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
    }
}
