package dev.lmaas.platform.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A real inference node in its own JVM (the built exec jar), as operators run it: it gets a one-time
 * join token from the control plane's admin API (as {@code ./lmaas run} does), enrolls over the node
 * link with it (TLS 1.3, CA pinned), then serves HTTPS with client certificates, real ONNX Runtime,
 * registration and heartbeats. Killable with SIGKILL.
 */
public final class NodeProcess implements AutoCloseable {

    static final Path JAR = Path.of("..", "inference-node", "server", "target", "inference-node-server-0.1.0-SNAPSHOT-exec.jar").toAbsolutePath().normalize();

    private final Process process;
    private final int port;
    private final String id;
    private final Path log;

    private final SSLContext trustingCa;

    private NodeProcess(Process process, int port, String id, Path log, SSLContext trustingCa) {
        this.process = process;
        this.port = port;
        this.id = id;
        this.log = log;
        this.trustingCa = trustingCa;
    }

    /** What the admin API hands out for one node: the token, the link URL and the CA (pin and certificate). */
    record Join(String token, String linkUrl, String caPin, String caCertificate) {
        static Join create(String controlPlaneUrl, String adminKey) throws Exception {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(controlPlaneUrl + "/admin/v1/nodes/join-tokens"))
                    .header("Authorization", "Bearer " + adminKey).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"ttl_seconds\":600}")).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException("no join token: HTTP " + r.statusCode() + " " + r.body());
            }
            JsonNode json = JsonMapper.builder().build().readTree(r.body());
            return new Join(json.get("token").asString(), json.get("control_plane_url").asString(), json.get("ca_certificate_sha256").asString(),
                    json.get("ca_certificate").asString());
        }
    }

    /** Starts a node serving {@code models} that enrolls with the control plane at {@code controlPlaneUrl}; waits until it is ready. */
    public static NodeProcess start(String controlPlaneUrl, String adminKey, String models, String... extraArgs) throws Exception {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException("Build the node first (./mvnw -B install -DskipTests): " + JAR + " is missing");
        }
        int port = freePort();
        String id = "test-node-" + UUID.randomUUID().toString().substring(0, 8);
        Path dir = Path.of("target", "it-nodes", id).toAbsolutePath();
        Files.createDirectories(dir);
        Path log = dir.resolve("node.log");
        Join join = Join.create(controlPlaneUrl, adminKey);
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-Xmx1g", "-jar", JAR.toString(),
                "--server.port=" + port,
                "--lmaas.node.node-id=" + id,
                "--lmaas.node.data-dir=" + dir,
                "--lmaas.node.control-plane-url=" + join.linkUrl(),
                "--lmaas.node.builtin-models=" + models,
                "--lmaas.node.registration.heartbeat-interval=1s"));
        cmd.addAll(List.of(extraArgs));
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        // The token travels in the environment, never on a command line.
        builder.environment().put("LMAAS_JOIN_TOKEN", join.token());
        builder.environment().put("LMAAS_CONTROL_PLANE_CA_SHA256", join.caPin());
        Process p = builder.start();
        NodeProcess node = new NodeProcess(p, port, id, log, trusting(join.caCertificate()));
        node.awaitReady();
        return node;
    }

    public String id() {
        return id;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "https://127.0.0.1:" + port;
    }

    /** TLS trusting the cluster CA only, as a client without a certificate would connect. */
    public SSLContext trustingCa() {
        return trustingCa;
    }

    public long pid() {
        return process.pid();
    }

    private void awaitReady() throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(trustingCa).build();
        Waits.until(java.time.Duration.ofSeconds(180), java.time.Duration.ofMillis(250), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("node exited during start:\n" + tail());
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYet) {
                return false; // still starting
            }
        }, () -> "node not ready in time:\n" + tail());
    }

    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** SIGKILL: the node dies at once, mid-request, as a crashed machine would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** TLS trusting the cluster CA only (the probes answer without a client certificate). */
    static SSLContext trusting(String caPem) throws Exception {
        X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)));
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
