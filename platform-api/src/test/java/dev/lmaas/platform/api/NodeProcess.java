package dev.lmaas.platform.api;

import java.io.IOException;
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
 * A real inference node in its own JVM (the built exec jar), as operators run it: real HTTP, real
 * ONNX Runtime, registration and heartbeats to the control plane under test. Killable with SIGKILL.
 */
public final class NodeProcess implements AutoCloseable {

    static final Path JAR = Path.of("..", "inference-node", "server", "target", "inference-node-server-0.1.0-SNAPSHOT-exec.jar").toAbsolutePath().normalize();

    private final Process process;
    private final int port;
    private final String id;
    private final Path log;

    private NodeProcess(Process process, int port, String id, Path log) {
        this.process = process;
        this.port = port;
        this.id = id;
        this.log = log;
    }

    /** Starts a node serving {@code models} that registers with {@code controlPlaneUrl}; waits until it is ready. */
    public static NodeProcess start(String controlPlaneUrl, String clusterSecret, String models, String... extraArgs) throws Exception {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException("Build the node first (./mvnw -B install -DskipTests): " + JAR + " is missing");
        }
        int port = freePort();
        String id = "test-node-" + UUID.randomUUID().toString().substring(0, 8);
        Path dir = Path.of("target", "it-nodes", id).toAbsolutePath();
        Files.createDirectories(dir);
        Path log = dir.resolve("node.log");
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-Xmx1g", "-jar", JAR.toString(),
                "--server.port=" + port,
                "--lmaas.node.node-id=" + id,
                "--lmaas.node.data-dir=" + dir,
                "--lmaas.node.cluster-secret=" + clusterSecret,
                "--lmaas.node.control-plane-url=" + controlPlaneUrl,
                "--lmaas.node.builtin-models=" + models,
                "--lmaas.node.registration.heartbeat-interval=1s"));
        cmd.addAll(List.of(extraArgs));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        NodeProcess node = new NodeProcess(p, port, id, log);
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
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    private void awaitReady() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node exited during start:\n" + tail());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("node not ready in time:\n" + tail());
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

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
