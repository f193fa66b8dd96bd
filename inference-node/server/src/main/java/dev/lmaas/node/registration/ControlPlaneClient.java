package dev.lmaas.node.registration;

import dev.lmaas.node.protocol.NodeRegistration;
import dev.lmaas.node.protocol.RegistrationAccepted;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.json.JsonMapper;

/** Calls to the control plane's node registry over the node link (TLS 1.3, this node's certificate): register, then heartbeat. */
final class ControlPlaneClient {

    /** The control plane answered, but not with 2xx. */
    static final class UnexpectedStatusException extends IOException {
        final int status;

        UnexpectedStatusException(int status) {
            super("control plane answered HTTP " + status);
            this.status = status;
        }
    }

    private final URI base;
    private final JsonMapper json;
    private final Duration timeout;
    private final HttpClient http;

    ControlPlaneClient(String baseUrl, SSLContext tls, JsonMapper json, Duration timeout) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        this.json = json;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(timeout).build();
    }

    RegistrationAccepted register(NodeRegistration registration) throws IOException, InterruptedException {
        return post("/internal/v1/nodes/register", registration);
    }

    /** @throws UnexpectedStatusException with status 404 when the control plane no longer knows the node */
    RegistrationAccepted heartbeat(NodeRegistration registration) throws IOException, InterruptedException {
        return post("/internal/v1/nodes/" + URLEncoder.encode(registration.nodeId(), StandardCharsets.UTF_8) + "/heartbeat", registration);
    }

    private RegistrationAccepted post(String path, NodeRegistration body) throws IOException, InterruptedException {
        URI uri = URI.create(base + path);
        byte[] bytes = json.writeValueAsBytes(body);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            throw new UnexpectedStatusException(response.statusCode());
        }
        try {
            return json.readValue(response.body(), RegistrationAccepted.class);
        } catch (RuntimeException e) {
            throw new IOException("control plane answered an unreadable body", e);
        }
    }
}
