package dev.lmaas.node.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lmaas.node.protocol.ClusterSignature;
import dev.lmaas.node.protocol.NodeRegistration;
import dev.lmaas.node.protocol.RegistrationAccepted;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for the control plane's node registry (JDK HttpServer): checks every call's cluster
 * signature, records registrations and heartbeats, and can forget the node to force a re-register.
 */
public final class FakeControlPlane implements AutoCloseable {

    public record Call(String kind, NodeRegistration body) {
    }

    private final HttpServer server;
    private final ClusterSignature signature;
    private final JsonMapper json = JsonMapper.builder().build();
    private final int intervalMillis;
    public final List<Call> calls = new CopyOnWriteArrayList<>();
    public final List<String> rejected = new CopyOnWriteArrayList<>();
    public final AtomicBoolean knowsNode = new AtomicBoolean();

    public FakeControlPlane(int port, String secret, int intervalMillis) throws IOException {
        this.signature = new ClusterSignature(secret);
        this.intervalMillis = intervalMillis;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/internal/v1/nodes/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void forgetNode() {
        knowsNode.set(false);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getRawPath();
        boolean signed = signature.verify(exchange.getRequestMethod(), path,
                exchange.getRequestHeaders().getFirst(ClusterSignature.TIMESTAMP_HEADER),
                exchange.getRequestHeaders().getFirst(ClusterSignature.SIGNATURE_HEADER), body, Instant.now());
        if (!signed) {
            rejected.add(path);
            respond(exchange, 401, "{\"code\":\"unauthorized\"}".getBytes());
            return;
        }
        NodeRegistration registration = json.readValue(body, NodeRegistration.class);
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
