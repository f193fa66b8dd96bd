package dev.lmaas.node.testing;

import dev.lmaas.node.protocol.ClusterSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Calls the node the way the control plane does: HMAC-signed with the cluster secret. */
public final class SignedClient {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final ClusterSignature signature;

    public SignedClient(String base, String secret) {
        this.base = base;
        this.signature = new ClusterSignature(secret);
    }

    public HttpResponse<String> post(String path, String json) {
        return post(path, json.getBytes(StandardCharsets.UTF_8));
    }

    public HttpResponse<String> post(String path, byte[] body) {
        long now = Instant.now().getEpochSecond();
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .header(ClusterSignature.TIMESTAMP_HEADER, Long.toString(now))
                .header(ClusterSignature.SIGNATURE_HEADER, signature.sign("POST", path, now, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    public HttpResponse<String> get(String path) {
        long now = Instant.now().getEpochSecond();
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header(ClusterSignature.TIMESTAMP_HEADER, Long.toString(now))
                .header(ClusterSignature.SIGNATURE_HEADER, signature.sign("GET", path, now, new byte[0]))
                .GET().build());
    }

    /** Sends a request exactly as built, e.g. unsigned or with a forged signature. */
    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String base() {
        return base;
    }
}
