package dev.lmaas.node.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lmaas.node.model.CatalogChanges;
import dev.lmaas.node.model.ModelCatalog;
import dev.lmaas.node.testing.FakeControlPlane;
import dev.lmaas.node.testing.TestPki;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Registration and heartbeats over real HTTPS (client certificates) against a fake control plane that checks them. */
class NodeRegistrarIT {

    static final TestPki PKI = new TestPki();
    static final String URL = "https://127.0.0.1:9999";

    static final TestPki.Issued ME = PKI.node("node-it", URL, Duration.ofHours(1));
    FakeControlPlane controlPlane;
    final ModelCatalog catalog = new ModelCatalog();
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

    NodeRegistrar registrar(int port, TestPki.Issued identity) {
        ControlPlaneClient client = new ControlPlaneClient("https://127.0.0.1:" + port, identity.context(PKI.ca),
                JsonMapper.builder().build(), Duration.ofSeconds(2));
        registrar = new NodeRegistrar(client, "node-it", "test", () -> URL, catalog,
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
        controlPlane = new FakeControlPlane(0, PKI, 100);
        registrar(controlPlane.port(), ME).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> controlPlane.count("heartbeat") >= 3);
        assertThat(controlPlane.calls.getFirst().kind()).isEqualTo("register");
        assertThat(controlPlane.count("register")).isEqualTo(1);
        FakeControlPlane.Call first = controlPlane.calls.getFirst();
        assertThat(first.body().nodeId()).isEqualTo("node-it");
        assertThat(first.body().baseUrl()).isEqualTo(URL);
        assertThat(first.body().load()).isNotNull();
        assertThat(controlPlane.rejected).isEmpty();
        assertThat(registrar.registered()).isTrue();
    }

    @Test
    void aModelEnteringOrLeavingServiceIsReportedAtOnceNotAtTheNextInterval() throws Exception {
        controlPlane = new FakeControlPlane(0, PKI, 600_000); // ten minutes: only a change can cause a heartbeat
        registrar(controlPlane.port(), ME).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> controlPlane.count("register") == 1);
        assertThat(controlPlane.count("heartbeat")).isZero();
        CatalogChanges.failed(catalog, "broken-model", "the weights file is truncated");
        await().atMost(Duration.ofSeconds(10)).until(() -> controlPlane.count("heartbeat") == 1);
        assertThat(controlPlane.calls.getLast().body().models()).singleElement()
                .satisfies(m -> assertThat(m.status()).isEqualTo("unavailable"));
    }

    @Test
    void aHeartbeatAnswered404MakesTheNodeRegisterAgain() throws Exception {
        controlPlane = new FakeControlPlane(0, PKI, 100);
        registrar(controlPlane.port(), ME).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> controlPlane.count("heartbeat") >= 1);
        controlPlane.forgetNode();
        await().atMost(Duration.ofSeconds(10)).until(() -> controlPlane.count("register") == 2 && controlPlane.knowsNode.get());
        assertThat(controlPlane.count("heartbeat-unknown")).isGreaterThanOrEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> controlPlane.calls.getLast().kind().equals("heartbeat"));
    }

    @Test
    void keepsRetryingWhileTheControlPlaneIsDownAndRegistersWhenItComesUp() throws Exception {
        int port = freePort();
        registrar(port, ME).start();
        Thread.sleep(600); // on purpose: several refused connection attempts, with backoff, before the control plane comes up
        assertThat(registrar.registered()).isFalse();
        controlPlane = new FakeControlPlane(port, PKI, 100);
        await().atMost(Duration.ofSeconds(10)).until(() -> controlPlane.count("register") == 1 && registrar.registered());
    }

    @Test
    void anotherNodesCertificateIsRefusedByTheControlPlaneAndTheNodeStaysUnregistered() throws Exception {
        controlPlane = new FakeControlPlane(0, PKI, 100);
        registrar(controlPlane.port(), PKI.node("someone-else", URL, Duration.ofHours(1))).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> controlPlane.rejected.size() >= 2);
        assertThat(controlPlane.calls).isEmpty();
        assertThat(registrar.registered()).isFalse();
    }

    @Test
    void aControlPlaneWithACertificateOfAnotherCaIsNotTrusted() throws Exception {
        TestPki stranger = new TestPki();
        controlPlane = new FakeControlPlane(0, stranger, PKI, 100); // would accept the node, but the node must not talk to it
        registrar(controlPlane.port(), ME).start();
        // Several attempts, each failing at the handshake: nothing gets through for as long as we watch.
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5))
                .until(() -> controlPlane.calls.isEmpty() && !registrar.registered());
    }
}
