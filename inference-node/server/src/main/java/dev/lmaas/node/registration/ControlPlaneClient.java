package dev.lmaas.node.registration;

import dev.lmaas.node.protocol.ClusterSignature;
import dev.lmaas.node.protocol.NodeRegistration;
import dev.lmaas.node.protocol.RegistrationAccepted;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import tools.jackson.databind.json.JsonMapper;

/** Signed calls to the control plane's node registry: register, then heartbeat. */
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
    private final ClusterSignature signature;
    private final JsonMapper json;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;

    ControlPlaneClient(String baseUrl, ClusterSignature signature, JsonMapper json, Duration timeout, Clock clock) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        this.signature = signature;
        this.json = json;
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
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
        long now = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header(ClusterSignature.TIMESTAMP_HEADER, Long.toString(now))
                .header(ClusterSignature.SIGNATURE_HEADER, signature.sign("POST", uri.getRawPath(), now, bytes))
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
