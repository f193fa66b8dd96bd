package dev.lmaas.node.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;

/** Calls the node over TLS the way the control plane does (or as whoever {@code tls} presents). */
public final class LinkClient {

    private final HttpClient http;
    private final String base;

    public LinkClient(String base, SSLContext tls) {
        this.base = base;
        this.http = HttpClient.newBuilder().sslContext(tls).build();
    }

    public HttpResponse<String> post(String path, String json) {
        return post(path, json.getBytes(StandardCharsets.UTF_8));
    }

    public HttpResponse<String> post(String path, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    /** Sends a request exactly as built. */
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
