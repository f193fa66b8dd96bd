package dev.lmaas.platform.api.nodes;

import dev.lmaas.node.protocol.InferenceRequest;
import dev.lmaas.node.protocol.InferenceResponse;
import dev.lmaas.node.protocol.NodeError;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls nodes over the node link ({@link NodeHttp}: pooled keep-alive connections, TLS 1.3 with this
 * replica's certificate; the node must present a certificate of the cluster CA bound to the URL called).
 * No per-request signature: the mutually authenticated connection is the credential (measured and
 * decided in bench/results/gateway-tls-*.md).
 */
@Component
public class NodeClient {

    static final String INFER_PATH = "/internal/v1/infer";
    private final NodeHttp http;
    private final JsonMapper json;

    @Autowired
    NodeClient(JsonMapper json, NodeLinkTls tls, NodesProperties properties) {
        // Idle connections are dropped before the node's own keep-alive timeout is likely to close them.
        this(json, new NodeHttp(properties.connectTimeout(), Duration.ofSeconds(10), 256, tls.clientTls()));
    }

    NodeClient(JsonMapper json, NodeHttp http) {
        this.json = json;
        this.http = http;
    }

    public InferenceResponse infer(RegisteredNode node, InferenceRequest request, Duration timeout) throws NodeCallException {
        byte[] body = json.writeValueAsBytes(request);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("x-request-id", request.requestId());
        NodeHttp.Response response;
        try {
            response = http.post(URI.create(node.baseUrl() + INFER_PATH), headers, body, timeout);
        } catch (SocketTimeoutException e) {
            throw new NodeCallException(NodeCallException.Kind.TIMEOUT, 0, null, null, "node " + node.id() + " timed out");
        } catch (ProtocolException e) {
            throw new NodeCallException(NodeCallException.Kind.BAD_ANSWER, 0, null, null, "node " + node.id() + " answered unreadable HTTP: " + e.getMessage());
        } catch (IOException e) {
            // Refused, reset or closed before an answer: the node did nothing we must keep, so another may try.
            throw new NodeCallException(NodeCallException.Kind.UNREACHABLE, 0, null, null, "node " + node.id() + " unreachable: " + e);
        }
        if (response.status() == 200) {
            try {
                return json.readValue(response.body(), InferenceResponse.class);
            } catch (RuntimeException e) {
                throw new NodeCallException(NodeCallException.Kind.BAD_ANSWER, 200, null, null, "node " + node.id() + " answered unreadable JSON");
            }
        }
        NodeError error;
        try {
            error = json.readValue(response.body(), NodeError.class);
        } catch (RuntimeException e) {
            error = new NodeError("internal_error", "node answered HTTP " + response.status());
        }
        throw new NodeCallException(NodeCallException.Kind.REFUSED, response.status(), error, response.header("Retry-After"),
                "node " + node.id() + " answered " + response.status());
    }

    @PreDestroy
    void close() {
        http.close();
    }
}
