package dev.lmaas.platform.api;

import dev.lmaas.platform.db.DataDirectory;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Base of the integration tests that need real models: one control plane (Spring's test context,
 * shared by every subclass because they declare the same configuration) and one real node process,
 * started once and stopped when the JVM exits.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lmaas.data-dir=target/it-data/${random.uuid}", "lmaas.api.max-body-bytes=65536"})
abstract class NodeBackedIT {

    static final String MODELS = "all-minilm-l6-v2,sentiment-minilm,summarizer-minilm,bge-small-zh-v1.5,bge-small-en-v1.5,sentiment-bge-en,"
            + "sentiment-bge-zh,summarizer-bge-zh";
    private static NodeProcess node;
    private static int nodeForPort;

    @LocalServerPort
    int port;
    @Autowired
    DataDirectory dataDirectory;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    dev.lmaas.platform.api.ledger.RequestLedger ledger;
    TestHttp http;
    String admin;

    @BeforeEach
    void startNodeOnce() throws Exception {
        http = new TestHttp(port);
        admin = dataDirectory.readSecret("admin-key").orElseThrow();
        synchronized (NodeBackedIT.class) {
            if (node == null || nodeForPort != port) {
                if (node != null) {
                    node.close();
                }
                node = NodeProcess.start("http://127.0.0.1:" + port, admin, MODELS);
                nodeForPort = port;
                NodeProcess started = node;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                }));
                awaitModels(MODELS.split(","));
            }
        }
    }

    /**
     * Before reading records from the database: a served call's usage and audit records are written right
     * after its answer (RequestLedger.recordAfterAnswer); this waits until those of every call answered so far are.
     */
    void recorded() {
        ledger.awaitRecorded(Duration.ofSeconds(10));
    }

    static NodeProcess node() {
        return node;
    }

    String newTenant(String plan) {
        return http.post("/admin/v1/tenants", admin, TestHttp.json("name", "T-" + UUID.randomUUID().toString().substring(0, 8),
                "owner_email", UUID.randomUUID() + "@example.com", "plan", plan)).json().get("id").asString();
    }

    String newKey(String tenant) {
        return http.post("/admin/v1/tenants/" + tenant + "/api-keys", admin, TestHttp.json("name", "k")).json().get("key").asString();
    }

    void awaitModels(String... ids) {
        String probe = newKey(newTenant("pro"));
        Waits.until(Duration.ofSeconds(30), Duration.ofMillis(100), () -> List.of(ids).stream().allMatch(http.get("/v1/models", probe).body()::contains),
                () -> "models never became routable; node log:\n" + node.tail());
    }
}
