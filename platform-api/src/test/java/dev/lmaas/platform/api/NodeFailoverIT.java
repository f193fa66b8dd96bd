package dev.lmaas.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.platform.db.DataDirectory;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Two nodes under steady load; one is SIGKILLed. The router retries requests that were in flight on
 * it on the survivor, so no request fails beyond those the dead node had accepted at that moment
 * (with one retry each, the count should be zero), and the survivor takes all traffic.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lmaas.data-dir=target/it-data/${random.uuid}",
        "lmaas.nodes.evict-after=3s"})
class NodeFailoverIT {

    @LocalServerPort
    int port;
    @Autowired
    DataDirectory dataDirectory;

    @Test
    void killingOneNodeFailsNoMoreThanItsInFlightRequests() throws Exception {
        TestHttp http = new TestHttp(port);
        String admin = dataDirectory.readSecret("admin-key").orElseThrow();
        String tenant = http.post("/admin/v1/tenants", admin, TestHttp.json("name", "F", "owner_email", UUID.randomUUID() + "@example.com",
                "plan", "enterprise")).json().get("id").asString();
        String key = http.post("/admin/v1/tenants/" + tenant + "/api-keys", admin, "{}").json().get("key").asString();
        String cp = "http://127.0.0.1:" + port;
        try (NodeProcess a = NodeProcess.start(cp, admin, "all-minilm-l6-v2-int8");
             NodeProcess b = NodeProcess.start(cp, admin, "all-minilm-l6-v2-int8")) {
            awaitNodes(http, admin, 2);
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            AtomicBoolean killed = new AtomicBoolean();
            AtomicInteger okAfterKill = new AtomicInteger();
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            for (int t = 0; t < 8; t++) {
                pool.submit(() -> {
                    TestHttp client = new TestHttp(port);
                    int sent = 0;
                    while (running.get() && sent++ < 2000) {
                        var r = client.post("/v1/embeddings", key, TestHttp.json("model", "all-minilm-l6-v2-int8",
                                "input", List.of("steady load keeps coming", "from several clients")));
                        if (r.status() == 200) {
                            ok.incrementAndGet();
                            if (killed.get()) {
                                okAfterKill.incrementAndGet();
                            }
                        } else {
                            failed.incrementAndGet();
                            System.out.println("failed: " + r.status() + " " + r.body());
                        }
                    }
                });
            }
            Thread.sleep(3000); // on purpose: steady load on both nodes for a while before the kill
            int beforeKill = ok.get();
            a.kill();
            killed.set(true);
            Thread.sleep(5000); // on purpose: the load goes on for a while after the kill, on the survivor
            running.set(false);
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

            System.out.printf("ok before kill %d, ok after kill %d, failed %d%n", beforeKill, okAfterKill.get(), failed.get());
            assertThat(beforeKill).as("load ran on both nodes before the kill").isPositive();
            assertThat(okAfterKill.get()).as("the survivor took the traffic").isPositive();
            // At most the 8 requests that could be in flight on the killed node; with the retry, none.
            assertThat(failed.get()).isLessThanOrEqualTo(8);
            awaitNodes(http, admin, 1);
            assertThat(http.get("/admin/v1/nodes", admin).body()).contains(b.id()).doesNotContain(a.id());
        }
    }

    static void awaitNodes(TestHttp http, String admin, int count) {
        Waits.until(java.time.Duration.ofSeconds(30), java.time.Duration.ofMillis(100),
                () -> http.get("/admin/v1/nodes", admin).json().get("data").size() == count,
                () -> "expected " + count + " nodes: " + http.get("/admin/v1/nodes", admin).body());
    }
}
