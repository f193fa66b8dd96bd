package dev.lmaas.platform.api.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.protocol.InferenceRequest;
import dev.lmaas.node.protocol.InferenceResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** How every kind of node answer or failure reaches the gateway: an answer, or a {@link NodeCallException} of the right kind. */
class NodeClientTest {

    NodeHttpTest.ScriptedServer server;
    NodeClient client;

    @AfterEach
    void close() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    RegisteredNode node(String baseUrl) {
        RegisteredNode node = new RegisteredNode("n1");
        node.update(baseUrl, "1", List.of(), null, Instant.now());
        return node;
    }

    RegisteredNode serving(BiFunction<Integer, Integer, String> script) throws IOException {
        server = new NodeHttpTest.ScriptedServer(script);
        client = new NodeClient(JsonMapper.builder().build(), new NodeHttp(Duration.ofSeconds(1), Duration.ofSeconds(10), 8));
        return node("http://127.0.0.1:" + server.server.getLocalPort());
    }

    static InferenceRequest request() {
        return new InferenceRequest("req_1", "tenant-a", "m", "embedding", List.of("hello"), true, 30_000, InferenceParameters.NONE);
    }

    static String answer(int status, String headers, String body) {
        return "HTTP/1.1 " + status + " \r\nContent-Type: application/json\r\n" + headers + "Content-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    NodeCallException failure(RegisteredNode node, Duration timeout) {
        try {
            client.infer(node, request(), timeout);
        } catch (NodeCallException e) {
            return e;
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void sendsTheRequestAndReadsTheAnswer() throws Exception {
        RegisteredNode node = serving((c, i) -> answer(200, "", """
                {"requestId":"req_1","model":"m","modelVersion":"1","nodeId":"n1","outputs":[{"index":0,"embedding":[0.25,-1.5],"tokens":3}],
                 "usage":{"promptTokens":3,"completionTokens":0},"timing":{"queueMicros":10,"inferenceMicros":20}}"""));
        InferenceResponse response = client.infer(node, request(), Duration.ofSeconds(5));
        assertThat(response.outputs().getFirst().embedding()).containsExactly(0.25f, -1.5f);
        assertThat(response.usage().promptTokens()).isEqualTo(3);

        String sent = server.requests.getFirst();
        String head = sent.substring(0, sent.indexOf("\r\n\r\n"));
        assertThat(head).startsWith("POST /internal/v1/infer HTTP/1.1").contains("x-request-id: req_1", "Content-Type: application/json");
        assertThat(sent.substring(sent.indexOf("\r\n\r\n") + 4)).startsWith("{\"requestId\":\"req_1\"");
    }

    @Test
    void aNodeRefusalKeepsItsStatusErrorAndRetryAfter() throws Exception {
        RegisteredNode node = serving((c, i) -> answer(503, "Retry-After: 2\r\n", "{\"code\":\"overloaded\",\"message\":\"queue full\"}"));
        NodeCallException e = failure(node, Duration.ofSeconds(5));
        assertThat(e.kind()).isEqualTo(NodeCallException.Kind.REFUSED);
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.error().code()).isEqualTo("overloaded");
        assertThat(e.retryAfter()).isEqualTo("2");
    }

    @Test
    void aRefusalWithoutAReadableBodyStillCarriesTheStatus() throws Exception {
        RegisteredNode node = serving((c, i) -> answer(500, "", "<html>oops</html>"));
        NodeCallException e = failure(node, Duration.ofSeconds(5));
        assertThat(e.kind()).isEqualTo(NodeCallException.Kind.REFUSED);
        assertThat(e.status()).isEqualTo(500);
        assertThat(e.error().code()).isEqualTo("internal_error");
    }

    @Test
    void unreadableJsonOrHttpIsABadAnswer() throws Exception {
        RegisteredNode json = serving((c, i) -> answer(200, "", "{not json"));
        assertThat(failure(json, Duration.ofSeconds(5)).kind()).isEqualTo(NodeCallException.Kind.BAD_ANSWER);
        close();
        RegisteredNode http = serving((c, i) -> "SSH-2.0-OpenSSH\r\n\r\n");
        assertThat(failure(http, Duration.ofSeconds(5)).kind()).isEqualTo(NodeCallException.Kind.BAD_ANSWER);
    }

    @Test
    void noAnswerInTimeIsATimeout() throws Exception {
        RegisteredNode node = serving((c, i) -> "HANG");
        assertThat(failure(node, Duration.ofMillis(300)).kind()).isEqualTo(NodeCallException.Kind.TIMEOUT);
    }

    @Test
    void aNodeThatIsGoneIsUnreachableSoAnotherMayBeTried() throws Exception {
        serving((c, i) -> answer(200, "", "{}"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        NodeCallException e = failure(node("http://127.0.0.1:" + port), Duration.ofSeconds(5));
        assertThat(e.kind()).isEqualTo(NodeCallException.Kind.UNREACHABLE);
        assertThat(e).hasMessageContaining("node n1 unreachable");
    }
}
