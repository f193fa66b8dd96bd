package dev.lmaas.platform.api.nodes;

import dev.lmaas.node.protocol.EmbeddingBase64;
import dev.lmaas.node.protocol.InferenceEvent;
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
import java.util.concurrent.ConcurrentHashMap;
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
    /** Parsed once per node and path: URI.create showed in the request path's profile. Nodes come and go: bounded. */
    private final Map<String, URI> uris = new ConcurrentHashMap<>();

    @Autowired
    NodeClient(JsonMapper json, NodeLinkTls tls, NodesProperties properties) {
        // Idle connections are dropped before the node's own keep-alive timeout is likely to close them.
        this(json, new NodeHttp(properties.connectTimeout(), Duration.ofSeconds(10), 256, tls.clientTls()));
    }

    NodeClient(JsonMapper json, NodeHttp http) {
        this.json = NodeAnswerJson.readingEitherShape(json);
        this.http = http;
    }

    public InferenceResponse infer(RegisteredNode node, InferenceRequest request, Duration timeout) throws NodeCallException {
        NodeHttp.Response response = exchange(node, request, timeout, null);
        if (response.status() == 200) {
            try {
                return json.readValue(response.body(), InferenceResponse.class);
            } catch (RuntimeException e) {
                throw new NodeCallException(NodeCallException.Kind.BAD_ANSWER, 200, null, null, "node " + node.id() + " answered unreadable JSON");
            }
        }
        throw refused(node, response);
    }

    /**
     * The streamed call: every {@link InferenceEvent} but the last goes to {@code events} as it arrives
     * ({@code start}, {@code delta}, {@code ping}); the {@code done} event's answer is returned and an
     * {@code error} event is thrown as a refusal. If {@code events} throws (its own reader left), the
     * connection to the node is dropped, which stops the generation, and the exception propagates.
     */
    public InferenceResponse inferStreaming(RegisteredNode node, InferenceRequest request, Duration timeout,
                                            java.util.function.Consumer<InferenceEvent> events) throws NodeCallException {
        InferenceEvent[] last = new InferenceEvent[1];
        NodeHttp.Response response = exchange(node, request, timeout, line -> {
            if (line.isEmpty()) {
                return;
            }
            InferenceEvent event;
            try {
                event = json.readValue(line, InferenceEvent.class);
            } catch (RuntimeException e) {
                throw new java.net.ProtocolException("unreadable event");
            }
            if (InferenceEvent.DONE.equals(event.type()) || InferenceEvent.ERROR.equals(event.type())) {
                last[0] = event;
            } else {
                events.accept(event);
            }
        });
        if (response.status() != 200) {
            throw refused(node, response);
        }
        InferenceEvent end = last[0];
        if (end == null || (end.response() == null && end.error() == null)) {
            throw new NodeCallException(NodeCallException.Kind.BAD_ANSWER, 200, null, null, "node " + node.id() + " ended its stream without an answer");
        }
        if (end.error() != null) {
            throw new NodeCallException(NodeCallException.Kind.REFUSED, statusOf(end.error()), end.error(), null,
                    "node " + node.id() + " failed during the stream: " + end.error().code());
        }
        return end.response();
    }

    /** The status the non-streamed call would have answered with this error. */
    private static int statusOf(NodeError error) {
        return switch (error.code()) {
            case "deadline_exceeded" -> 504;
            case "overloaded", "model_unavailable" -> 503;
            case "invalid_input", "input_too_long", "wrong_task", "unsupported_language_pair" -> 400;
            default -> 500;
        };
    }

    private NodeHttp.Response exchange(RegisteredNode node, InferenceRequest request, Duration timeout, NodeHttp.LineReader lines)
            throws NodeCallException {
        byte[] body = json.writeValueAsBytes(request);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("x-request-id", request.requestId());
        // Embeddings as base64 floats, not decimal text: exact, and formatting and parsing 384 decimals cost more than all
        // the rest of the node's answer (a node that does not know the header answers arrays, read as well: NodeAnswerJson).
        headers.put(EmbeddingBase64.HEADER, EmbeddingBase64.BASE64);
        try {
            return lines == null ? http.post(uri(node.baseUrl(), INFER_PATH), headers, body, timeout)
                    : http.postStreaming(uri(node.baseUrl(), INFER_PATH + "/stream"), headers, body, timeout, lines);
        } catch (NodeHttp.StreamBrokenException e) {
            throw new NodeCallException(NodeCallException.Kind.BAD_ANSWER, 200, null, null, "node " + node.id() + " broke off its stream: " + e.getMessage());
        } catch (SocketTimeoutException e) {
            throw new NodeCallException(NodeCallException.Kind.TIMEOUT, 0, null, null, "node " + node.id() + " timed out");
        } catch (ProtocolException e) {
            throw new NodeCallException(NodeCallException.Kind.BAD_ANSWER, 0, null, null, "node " + node.id() + " answered unreadable HTTP: " + e.getMessage());
        } catch (IOException e) {
            // Refused, reset or closed before an answer: the node did nothing we must keep, so another may try.
            throw new NodeCallException(NodeCallException.Kind.UNREACHABLE, 0, null, null, "node " + node.id() + " unreachable: " + e);
        }
    }

    private URI uri(String baseUrl, String path) {
        String url = baseUrl + path;
        URI uri = uris.get(url);
        if (uri == null) {
            if (uris.size() > 1024) {
                uris.clear();
            }
            uri = URI.create(url);
            uris.put(url, uri);
        }
        return uri;
    }

    private NodeCallException refused(RegisteredNode node, NodeHttp.Response response) {
        NodeError error;
        try {
            error = json.readValue(response.body(), NodeError.class);
        } catch (RuntimeException e) {
            error = new NodeError("internal_error", "node answered HTTP " + response.status());
        }
        return new NodeCallException(NodeCallException.Kind.REFUSED, response.status(), error, response.header("Retry-After"),
                "node " + node.id() + " answered " + response.status());
    }

    @PreDestroy
    void close() {
        http.close();
    }
}
