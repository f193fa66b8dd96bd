package dev.lmaas.node.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lmaas.node.model.ModelCatalog;
import dev.lmaas.node.protocol.ClusterSignature;
import dev.lmaas.node.testing.FakeControlPlane;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Registration and heartbeats over real HTTP against a fake control plane that checks signatures. */
class NodeRegistrarIT {

    static final String SECRET = "registrar-secret-0123456789";

    FakeControlPlane controlPlane;
    NodeRegistrar registrar;

    @AfterEach
    void stop() {
        if (registrar != null) {
            registrar.close();
        }
        if (controlPlane != null) {
            controlPlane.close();
        }
    }

    NodeRegistrar registrar(int port, String secret) {
        ControlPlaneClient client = new ControlPlaneClient("http://127.0.0.1:" + port, new ClusterSignature(secret),
                JsonMapper.builder().build(), Duration.ofSeconds(2), Clock.systemUTC());
        registrar = new NodeRegistrar(client, "node-it", "test", () -> "http://127.0.0.1:9999", new ModelCatalog(),
                Duration.ofSeconds(30), Duration.ofMillis(50), Duration.ofMillis(400));
        return registrar;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void registersThenHeartbeatsAtTheIntervalTheControlPlaneGives() throws Exception {
        controlPlane = new FakeControlPlane(0, SECRET, 100);
        registrar(controlPlane.port(), SECRET).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> controlPlane.count("heartbeat") >= 3);
        assertThat(controlPlane.calls.getFirst().kind()).isEqualTo("register");
        assertThat(controlPlane.count("register")).isEqualTo(1);
        FakeControlPlane.Call first = controlPlane.calls.getFirst();
        assertThat(first.body().nodeId()).isEqualTo("node-it");
        assertThat(first.body().baseUrl()).isEqualTo("http://127.0.0.1:9999");
        assertThat(first.body().load()).isNotNull();
        assertThat(controlPlane.rejected).isEmpty();
        assertThat(registrar.registered()).isTrue();
    }

    @Test
    void aHeartbeatAnswered404MakesTheNodeRegisterAgain() throws Exception {
        controlPlane = new FakeControlPlane(0, SECRET, 100);
        registrar(controlPlane.port(), SECRET).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> controlPlane.count("heartbeat") >= 1);
        controlPlane.forgetNode();
        await().atMost(Duration.ofSeconds(10)).until(() -> controlPlane.count("register") == 2 && controlPlane.knowsNode.get());
        assertThat(controlPlane.count("heartbeat-unknown")).isGreaterThanOrEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> controlPlane.calls.getLast().kind().equals("heartbeat"));
    }

    @Test
    void keepsRetryingWhileTheControlPlaneIsDownAndRegistersWhenItComesUp() throws Exception {
        int port = freePort();
        registrar(port, SECRET).start();
        Thread.sleep(600); // several refused connection attempts, with backoff
        assertThat(registrar.registered()).isFalse();
        controlPlane = new FakeControlPlane(port, SECRET, 100);
        await().atMost(Duration.ofSeconds(10)).until(() -> controlPlane.count("register") == 1 && registrar.registered());
    }

    @Test
    void aWrongSecretIsRefusedByTheControlPlaneAndTheNodeStaysUnregistered() throws Exception {
        controlPlane = new FakeControlPlane(0, SECRET, 100);
        registrar(controlPlane.port(), "not-the-cluster-secret-000").start();
        await().atMost(Duration.ofSeconds(10)).until(() -> controlPlane.rejected.size() >= 2);
        assertThat(controlPlane.calls).isEmpty();
        assertThat(registrar.registered()).isFalse();
    }
}
