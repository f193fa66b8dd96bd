package dev.lmaas.node.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.lmaas.node.protocol.NodeIdentity;
import dev.lmaas.node.protocol.NodeRegistration;
import dev.lmaas.node.protocol.RegistrationAccepted;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLPeerUnverifiedException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for the control plane's node registry (JDK HttpsServer, TLS 1.3, client certificate
 * required and checked against the test CA): holds each call to the node id and URL of the caller's
 * certificate, records registrations and heartbeats, and can forget the node to force a re-register.
 */
public final class FakeControlPlane implements AutoCloseable {

    public record Call(String kind, NodeRegistration body) {
    }

    private final HttpsServer server;
    private final JsonMapper json = JsonMapper.builder().build();
    private final int intervalMillis;
    public final List<Call> calls = new CopyOnWriteArrayList<>();
    public final List<String> rejected = new CopyOnWriteArrayList<>();
    public final AtomicBoolean knowsNode = new AtomicBoolean();

    public FakeControlPlane(int port, TestPki pki, int intervalMillis) throws IOException {
        this(port, pki, pki, intervalMillis);
    }

    /** Presents a certificate of {@code serverPki}, accepts clients of {@code clientPki}. */
    public FakeControlPlane(int port, TestPki serverPki, TestPki clientPki, int intervalMillis) throws IOException {
        this.intervalMillis = intervalMillis;
        this.server = HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverPki.controlPlane().context(clientPki.ca)) {
            @Override
            public void configure(HttpsParameters params) {
                var ssl = getSSLContext().getDefaultSSLParameters();
                ssl.setNeedClientAuth(true);
                ssl.setProtocols(new String[] {"TLSv1.3"});
                params.setSSLParameters(ssl);
            }
        });
        server.createContext("/internal/v1/nodes/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "https://127.0.0.1:" + port();
    }

    public void forgetNode() {
        knowsNode.set(false);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getRawPath();
        NodeRegistration registration = json.readValue(body, NodeRegistration.class);
        X509Certificate peer = peer((HttpsExchange) exchange);
        boolean bound = peer != null && NodeIdentity.nodeId(peer).filter(registration.nodeId()::equals).isPresent()
                && NodeIdentity.urls(peer).contains(registration.baseUrl());
        if (!bound) {
            rejected.add(path);
            respond(exchange, 403, "{\"code\":\"node_identity_mismatch\"}".getBytes());
            return;
        }
        if (path.equals("/internal/v1/nodes/register")) {
            knowsNode.set(true);
            calls.add(new Call("register", registration));
        } else if (path.equals("/internal/v1/nodes/" + registration.nodeId() + "/heartbeat")) {
            if (!knowsNode.get()) {
                calls.add(new Call("heartbeat-unknown", registration));
                respond(exchange, 404, "{}".getBytes());
                return;
            }
            calls.add(new Call("heartbeat", registration));
        } else {
            respond(exchange, 404, "{}".getBytes());
            return;
        }
        respond(exchange, 200, json.writeValueAsBytes(new RegistrationAccepted(registration.nodeId(), intervalMillis)));
    }

    private static X509Certificate peer(HttpsExchange exchange) {
        try {
            Certificate[] chain = exchange.getSSLSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    public long count(String kind) {
        return calls.stream().filter(c -> c.kind().equals(kind)).count();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
