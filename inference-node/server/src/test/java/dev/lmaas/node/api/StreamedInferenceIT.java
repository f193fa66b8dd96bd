package dev.lmaas.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lmaas.node.protocol.InferenceEvent;
import dev.lmaas.node.protocol.InferenceOutput;
import dev.lmaas.node.protocol.InferenceResponse;
import dev.lmaas.node.protocol.NodeError;
import dev.lmaas.node.testing.FakeControlPlane;
import dev.lmaas.node.testing.LinkClient;
import dev.lmaas.node.testing.TestPki;
import dev.lmaas.node.testing.TinyExports;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /internal/v1/infer/stream} on a real node over mTLS, with generated Marian exports and
 * the built-in extractive summarizer: the stream's pieces add up to the non-streamed answer, usage is
 * the same, refusals before the first line are ordinary errors, and a reader that leaves stops the work.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lmaas.node.data-dir=" + StreamedInferenceIT.DATA,
        "lmaas.node.node-id=stream-it-node",
        "lmaas.node.builtin-models=all-minilm-l6-v2,summarizer-minilm",
        "lmaas.node.apertium.enabled=false",
        "lmaas.node.limits.max-new-tokens=100000",
})
class StreamedInferenceIT {

    static final String DATA = "target/it-stream-node-data";
    static final String STREAM = "/internal/v1/infer/stream";
    static final TestPki PKI = new TestPki();
    static FakeControlPlane controlPlane;

    @DynamicPropertySource
    static void setUp(DynamicPropertyRegistry registry) throws IOException {
        Path models = Path.of(DATA, "models");
        if (Files.exists(models)) {
            try (Stream<Path> files = Files.walk(models)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        TinyExports.writeMarian(models.resolve("opus-mt-en-es"), 7, 8, TinyExports.Layout.MERGED, false);
        TinyExports.writeEndlessMarian(models.resolve("opus-mt-en-fr"), 8, 64);
        controlPlane = new FakeControlPlane(0, PKI, 200);
        registry.add("lmaas.node.control-plane-url", controlPlane::url);
        for (String p : TestPki.files(PKI.node("stream-it-node", "https://127.0.0.1:18444", Duration.ofHours(1)), Path.of("target", "it-stream-tls"))) {
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
    MeterRegistry meters;
    LinkClient node;

    @BeforeEach
    void waitUntilReady() {
        node = new LinkClient("https://127.0.0.1:" + port, PKI.controlPlane().context(PKI.ca));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> node.get("/actuator/health/readiness").statusCode() == 200
                        && node.get("/internal/v1/models").body().contains("opus-mt-en-fr"));
    }

    String request(String model, List<String> inputs, String parameters) {
        return "{\"requestId\":\"s-1\",\"tenantId\":\"tenant-a\",\"model\":\"" + model + "\",\"inputs\":" + json.writeValueAsString(inputs)
                + ",\"parameters\":" + parameters + "}";
    }

    List<InferenceEvent> events(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/x-ndjson"));
        return response.body().lines().map(l -> json.readValue(l, InferenceEvent.class)).toList();
    }

    @Test
    void theStreamsPiecesAddUpToTheAnswerWithTheSameUsage() {
        List<String> inputs = List.of("red cat", "green dog sun", "moon moon star tree");
        String body = request("opus-mt-en-es", inputs, "{\"sourceLanguage\":\"en\",\"targetLanguage\":\"es\"}");
        HttpResponse<String> plain = node.post("/internal/v1/infer", body);
        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
        InferenceResponse answer = json.readValue(plain.body(), InferenceResponse.class);

        List<InferenceEvent> events = events(node.post(STREAM, body));
        assertThat(events.getFirst().type()).isEqualTo(InferenceEvent.START);
        assertThat(events.getFirst().promptTokens()).containsExactlyElementsOf(answer.outputs().stream().map(InferenceOutput::tokens).toList());
        assertThat(events.getLast().type()).isEqualTo(InferenceEvent.DONE);
        InferenceResponse done = events.getLast().response();
        assertThat(done.outputs()).usingRecursiveComparison().isEqualTo(answer.outputs());
        assertThat(done.usage()).isEqualTo(answer.usage());
        List<InferenceEvent> deltas = events.subList(1, events.size() - 1);
        assertThat(deltas).allSatisfy(e -> assertThat(e.type()).isEqualTo(InferenceEvent.DELTA));
        for (int i = 0; i < inputs.size(); i++) {
            int index = i;
            List<InferenceEvent> mine = deltas.stream().filter(e -> e.index() == index).toList();
            assertThat(String.join("", mine.stream().map(InferenceEvent::text).toList())).isEqualTo(answer.outputs().get(i).text());
            if (answer.outputs().get(i).text().split(" ").length > 1) {
                assertThat(mine).as("input %d arrives word by word", i).hasSizeGreaterThan(1);
            }
        }
    }

    @Test
    void aModelThatWritesItsTextInOnePieceStreamsItWholeAtTheEnd() {
        String text = "The river flooded the town. Volunteers filled sandbags all night. By morning the water fell. Schools reopened a week later.";
        String body = request("summarizer-minilm", List.of(text), "{\"maxTokens\":12}");
        InferenceResponse answer = json.readValue(node.post("/internal/v1/infer", body).body(), InferenceResponse.class);
        List<InferenceEvent> events = events(node.post(STREAM, body));
        assertThat(events).extracting(InferenceEvent::type).containsExactly(InferenceEvent.START, InferenceEvent.DELTA, InferenceEvent.DONE);
        assertThat(events.get(1).text()).isEqualTo(answer.outputs().getFirst().text()).isNotBlank();
        assertThat(events.get(2).response().usage()).isEqualTo(answer.usage());
    }

    @Test
    void refusalsBeforeTheFirstLineAreOrdinaryErrorAnswers() {
        HttpResponse<String> unknown = node.post(STREAM, request("no-such-model", List.of("hi"), "{}"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json.readValue(unknown.body(), NodeError.class).code()).isEqualTo("model_not_found");
        HttpResponse<String> wrongPair = node.post(STREAM, request("opus-mt-en-es", List.of("red"),
                "{\"sourceLanguage\":\"en\",\"targetLanguage\":\"de\"}"));
        assertThat(wrongPair.statusCode()).isEqualTo(400);
        NodeError error = json.readValue(wrongPair.body(), NodeError.class);
        assertThat(error.code()).isEqualTo("unsupported_language_pair");
        assertThat(error.message()).contains("en -> de");
        HttpResponse<String> tooLong = node.post(STREAM, request("opus-mt-en-es", List.of("red"),
                "{\"sourceLanguage\":\"en\",\"targetLanguage\":\"es\",\"maxTokens\":100001}"));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(json.readValue(tooLong.body(), NodeError.class).message()).contains("maxTokens must be between 1 and 100000");
    }

    @Test
    void aReaderThatLeavesStopsTheGenerationLongBeforeItsLimit() throws Exception {
        byte[] body = request("opus-mt-en-fr", List.of("red cat"), "{\"sourceLanguage\":\"en\",\"targetLanguage\":\"fr\",\"maxTokens\":100000}")
                .getBytes(StandardCharsets.UTF_8);
        String seen;
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) PKI.controlPlane().context(PKI.ca).getSocketFactory()
                .createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + STREAM + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder received = new StringBuilder();
            byte[] buffer = new byte[512];
            while (received.toString().split("\"type\":\"delta\"", -1).length <= 3) {
                int n = in.read(buffer);
                assertThat(n).as("the stream ended early: " + received).isPositive();
                received.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
            seen = received.toString();
        } // the reader leaves: the connection closes while the node is still generating
        assertThat(seen).startsWith("HTTP/1.1 200").contains("\"type\":\"start\"");
        await().atMost(Duration.ofSeconds(60)).until(() -> completionTokens("opus-mt-en-fr") > 0);
        assertThat(completionTokens("opus-mt-en-fr")).isBetween(3.0, 50_000.0);
    }

    double completionTokens(String model) {
        var counter = meters.find("lmaas.node.tokens").tag("model", model).tag("kind", "completion").counter();
        return counter == null ? 0 : counter.count();
    }

    static {
        try {
            Files.createDirectories(Path.of(DATA));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
