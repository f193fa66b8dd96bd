package dev.lmaas.platform.api;

import static dev.lmaas.platform.api.GatewayIT.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lmaas.node.testing.TinyExports;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code "stream": true} end to end: a real control plane, real nodes over mTLS, generated Marian
 * exports decoded token by token and the built-in extractive summarizer. The streamed text, usage
 * record and audit record equal the unstreamed call's; a client that leaves is charged for what the
 * node produced (status 499) and the node stops; refusals before the stream starts are JSON errors.
 */
class StreamingIT extends NodeBackedIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static NodeProcess exportsNode;

    String key;

    @BeforeEach
    void startTheExportsNodeOnce() throws Exception {
        synchronized (StreamingIT.class) {
            if (exportsNode == null) {
                Path models = Path.of("target", "it-stream-models", UUID.randomUUID().toString()).toAbsolutePath();
                TinyExports.writeMarian(models.resolve("opus-mt-en-es"), 7, 8, TinyExports.Layout.MERGED, false);
                TinyExports.writeEndlessMarian(models.resolve("opus-mt-en-fr"), 8, 64);
                exportsNode = NodeProcess.start("http://127.0.0.1:" + port, admin, "all-minilm-l6-v2", "--lmaas.node.model-dir=" + models,
                        "--lmaas.node.limits.max-new-tokens=4096", "--lmaas.node.apertium.enabled=false");
                NodeProcess started = exportsNode;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                }));
                awaitModels("opus-mt-en-es", "opus-mt-en-fr");
            }
        }
        key = newKey(newTenant("pro"));
    }

    /** The {@code data:} chunks of a server-sent answer, without the final {@code [DONE]}. */
    static List<JsonNode> chunks(String body) {
        assertThat(body).endsWith("data: [DONE]\n\n");
        List<JsonNode> chunks = new ArrayList<>();
        for (String event : body.split("\n\n")) {
            if (event.startsWith("data: ") && !event.equals("data: [DONE]")) {
                chunks.add(JSON.readTree(event.substring(6)));
            }
        }
        return chunks;
    }

    static String streamed(List<JsonNode> chunks, int index) {
        StringBuilder text = new StringBuilder();
        for (JsonNode c : chunks) {
            for (JsonNode piece : c.get("data")) {
                if (piece.get("index").asInt() == index) {
                    text.append(piece.get("delta").asString());
                }
            }
        }
        return text.toString();
    }

    Map<String, Object> usageRow(String requestId) {
        recorded();
        return jdbc.queryForMap("SELECT prompt_tokens, completion_tokens, http_status FROM usage_records WHERE request_id = ?", requestId);
    }

    Map<String, Object> auditRow(String requestId) {
        return jdbc.queryForMap("SELECT prompt_tokens, completion_tokens, status, error_code FROM audit_log WHERE request_id = ?", requestId);
    }

    @Test
    void aStreamedTranslationCarriesTheSameTextUsageAndRecordsAsTheUnstreamedOne() {
        String request = TestHttp.json("model", "opus-mt-en-es", "input", List.of("red cat", "green dog sun moon"), "source_language", "en",
                "target_language", "es");
        TestHttp.Answer plain = http.post("/v1/translations", key, request);
        assertThat(plain.status()).as(plain.body()).isEqualTo(200);
        TestHttp.Answer stream = http.post("/v1/translations", key, request.replaceFirst("\\}$", ",\"stream\":true}"));
        assertThat(stream.status()).as(stream.body()).isEqualTo(200);
        assertThat(stream.header("Content-Type")).startsWith("text/event-stream");

        List<JsonNode> chunks = chunks(stream.body());
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.get("object").asString()).isEqualTo("translation.chunk");
            assertThat(c.get("model").asString()).isEqualTo("opus-mt-en-es");
            assertThat(c.get("id").asString()).isEqualTo(stream.header("x-request-id"));
        });
        for (int i = 0; i < 2; i++) {
            assertThat(streamed(chunks, i)).isEqualTo(plain.json().at("/data/" + i + "/text").asString());
        }
        assertThat(chunks.size()).as("the text arrives in pieces").isGreaterThan(3);
        JsonNode usage = chunks.getLast().get("usage");
        assertThat(usage).isEqualTo(plain.json().get("usage"));
        assertThat(chunks.getLast().get("data")).isEmpty();

        Map<String, Object> plainUsage = usageRow(plain.header("x-request-id"));
        Map<String, Object> streamUsage = usageRow(stream.header("x-request-id"));
        assertThat(streamUsage).isEqualTo(plainUsage);
        assertThat(streamUsage.get("http_status")).isEqualTo(200);
        assertThat(((Number) streamUsage.get("completion_tokens")).longValue()).isEqualTo(usage.get("completion_tokens").asLong());
        assertThat(auditRow(stream.header("x-request-id"))).isEqualTo(auditRow(plain.header("x-request-id")));
    }

    @Test
    void aSummaryFromAnExtractiveModelStreamsWholeWithTheSameUsage() {
        String request = TestHttp.json("model", "summarizer-minilm", "input",
                "The council met on Monday. It approved a new budget for the parks. Three playgrounds will be built. Work starts in spring.");
        TestHttp.Answer plain = http.post("/v1/summaries", key, request);
        TestHttp.Answer stream = http.post("/v1/summaries", key, request.replaceFirst("\\}$", ",\"stream\":true}"));
        List<JsonNode> chunks = chunks(stream.body());
        assertThat(chunks.getFirst().get("object").asString()).isEqualTo("summary.chunk");
        assertThat(streamed(chunks, 0)).isEqualTo(plain.json().get("output_text").asString()).isNotBlank();
        assertThat(chunks.getLast().get("usage")).isEqualTo(plain.json().get("usage"));
        assertThat(usageRow(stream.header("x-request-id"))).isEqualTo(usageRow(plain.header("x-request-id")));
    }

    @Test
    void aClientThatLeavesIsChargedForWhatWasProducedAndTheNodeStops() throws Exception {
        byte[] body = TestHttp.json("model", "opus-mt-en-fr", "input", "red cat", "source_language", "en", "target_language", "fr",
                "max_tokens", 4096, "stream", true).getBytes(StandardCharsets.UTF_8);
        String head;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/translations HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder received = new StringBuilder();
            byte[] buffer = new byte[1024];
            while (received.toString().split("\"delta\"", -1).length <= 3) {
                int n = in.read(buffer);
                assertThat(n).as("the stream ended early: " + received).isPositive();
                received.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
            head = received.toString();
        } // the client leaves mid-answer
        assertThat(head).startsWith("HTTP/1.1 200");
        Matcher id = Pattern.compile("(?i)x-request-id: (\\S+)").matcher(head);
        assertThat(id.find()).isTrue();
        String requestId = id.group(1);
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM usage_records WHERE request_id = ?", Long.class, requestId) == 1);
        Map<String, Object> usage = usageRow(requestId);
        assertThat(usage.get("http_status")).isEqualTo(499);
        assertThat(((Number) usage.get("prompt_tokens")).longValue()).isPositive();
        assertThat(((Number) usage.get("completion_tokens")).longValue()).isBetween(3L, 4000L);
        Map<String, Object> audit = auditRow(requestId);
        assertThat(audit.get("status")).isEqualTo(499);
        assertThat(audit.get("error_code")).isEqualTo("client_closed");
        assertThat(audit.get("completion_tokens")).isEqualTo(usage.get("completion_tokens"));
    }

    @Test
    void refusalsBeforeTheStreamStartsAreOrdinaryJsonErrors() {
        TestHttp.Answer pair = http.post("/v1/translations", key, TestHttp.json("model", "opus-mt-en-es", "input", "red cat",
                "source_language", "en", "target_language", "de", "stream", true));
        expect(pair, 400, "unsupported_language_pair", null);
        assertThat(pair.header("Content-Type")).startsWith("application/json");
        TestHttp.Answer idempotent = http.post("/v1/translations", key, TestHttp.json("model", "opus-mt-en-es", "input", "red cat",
                "source_language", "en", "target_language", "es", "stream", true), Map.of("Idempotency-Key", "k-1"));
        expect(idempotent, 400, "unsupported_parameter", "stream");
        TestHttp.Answer noKey = http.post("/v1/translations", null, TestHttp.json("input", "red cat", "target_language", "es", "stream", true));
        assertThat(noKey.status()).isEqualTo(401);
    }
}
