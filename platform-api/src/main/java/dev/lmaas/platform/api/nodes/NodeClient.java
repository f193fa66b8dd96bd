package dev.lmaas.platform.api.nodes;

import dev.lmaas.node.protocol.ClusterSignature;
import dev.lmaas.node.protocol.InferenceRequest;
import dev.lmaas.node.protocol.InferenceResponse;
import dev.lmaas.node.protocol.NodeError;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls nodes over HTTP/1.1 with pooled keep-alive connections (the JDK client keeps them per
 * node), signing every request with the cluster credential.
 */
@Component
public class NodeClient {

    static final String INFER_PATH = "/internal/v1/infer";
    private final HttpClient http;
    private final JsonMapper json;
    private final ClusterSignature signature;

    NodeClient(JsonMapper json, ClusterCredential credential, NodesProperties properties) {
        this.json = json;
        this.signature = credential.signature();
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout())
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    public InferenceResponse infer(RegisteredNode node, InferenceRequest request, Duration timeout) throws NodeCallException {
        byte[] body = json.writeValueAsBytes(request);
        long ts = System.currentTimeMillis() / 1000;
        HttpRequest http = HttpRequest.newBuilder(URI.create(node.baseUrl() + INFER_PATH))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header(ClusterSignature.TIMESTAMP_HEADER, Long.toString(ts))
                .header(ClusterSignature.SIGNATURE_HEADER, signature.sign("POST", INFER_PATH, ts, body))
                .header("x-request-id", request.requestId())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = this.http.send(http, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new NodeCallException(NodeCallException.Kind.TIMEOUT, 0, null, null, "node " + node.id() + " timed out");
        } catch (IOException e) {
            // Refused, reset or closed before an answer: the node did nothing we must keep, so another may try.
            throw new NodeCallException(NodeCallException.Kind.UNREACHABLE, 0, null, null, "node " + node.id() + " unreachable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeCallException(NodeCallException.Kind.UNREACHABLE, 0, null, null, "interrupted");
        }
        if (response.statusCode() == 200) {
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
            error = new NodeError("internal_error", "node answered HTTP " + response.statusCode());
        }
        throw new NodeCallException(NodeCallException.Kind.REFUSED, response.statusCode(), error,
                response.headers().firstValue("Retry-After").orElse(null), "node " + node.id() + " answered " + response.statusCode());
    }
}
