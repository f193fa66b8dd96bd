package dev.lmaas.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.platform.db.DataDirectory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Malformed, oversized, deeply nested, wrongly typed and wrongly encoded bodies and headers against
 * every public endpoint: never a 500, never an HTML page, never a stack trace, and the service stays
 * healthy. Also: one tenant's key never reaches another tenant's data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lmaas.data-dir=target/it-data/${random.uuid}", "lmaas.api.max-body-bytes=100000",
        // hundreds of key-less requests from one address on purpose: the throttle is BodyLimitsIT's subject
        "lmaas.api.unauthenticated.budget-per-address=100000"})
class HostileInputIT {

    @LocalServerPort
    int port;
    @Autowired
    DataDirectory dataDirectory;

    static final List<String> POSTS = List.of("/v1/embeddings", "/v1/classifications", "/v1/summaries", "/v1/translations", "/v1/models",
            "/v1/models/sentiment-minilm", "/admin/v1/tenants", "/internal/v1/nodes/register", "/stripe/webhook");

    @Test
    void hostileBodiesNeverCauseA500OrALeak() {
        TestHttp http = new TestHttp(port);
        String admin = dataDirectory.readSecret("admin-key").orElseThrow();
        String tenant = http.post("/admin/v1/tenants", admin, TestHttp.json("name", "H", "owner_email", UUID.randomUUID() + "@example.com"))
                .json().get("id").asString();
        String key = http.post("/admin/v1/tenants/" + tenant + "/api-keys", admin, "{}").json().get("key").asString();

        List<byte[]> bodies = new ArrayList<>();
        for (String s : List.of("", "{", "}", "[]", "null", "true", "\"str\"", "{\"input\":", "{\"input\": null}", "{\"model\": {}}",
                "{\"model\": [1], \"input\": {\"a\": 1}}", "{\"text\": [\"a\"]}", "{\"input\": 1e999}", "{\"model\": \"\\u0000\", \"input\": \"\\ud800\"}",
                "{\"input\": \"x\", \"input\": \"y\"}", "{\"dimensions\": -1, \"model\": \"all-minilm-l6-v2\", \"input\": \"x\"}",
                "{\"max_tokens\": \"lots\"}", "{\"ratio\": 99}", "{\"encoding_format\": 5}", "NaN", "{'single': 'quotes'}")) {
            bodies.add(s.getBytes(StandardCharsets.UTF_8));
        }
        bodies.add("[".repeat(5000).getBytes(StandardCharsets.UTF_8));
        bodies.add(("{\"a\":".repeat(3000) + "1" + "}".repeat(3000)).getBytes(StandardCharsets.UTF_8));
        bodies.add(("{\"input\": \"" + "x".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8));
        bodies.add(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, '{', '}'});
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            byte[] junk = new byte[random.nextInt(300)];
            random.nextBytes(junk);
            bodies.add(junk);
        }
        List<String> contentTypes = List.of("application/json", "text/plain", "application/json; charset=latin1", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x");
        int requests = 0;
        for (String path : POSTS) {
            for (byte[] body : bodies) {
                for (String bearer : new String[] {key, admin, null}) {
                    String ct = contentTypes.get(requests % contentTypes.size());
                    var a = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Content-Type", ct)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)), bearer, Map.of());
                    requests++;
                    if (path.equals("/stripe/webhook") && a.status() == 503) {
                        assertThat(a.body()).contains("not configured"); // local mode: no Stripe, no webhooks to take
                    } else if (a.status() == 503 && path.startsWith("/v1/")) {
                        // A well-formed call routed to a task alias while no node runs here: busy, not broken.
                        assertThat(a.errorCode()).as(path + " " + a.body()).isEqualTo("no_capacity");
                        assertThat(a.header("Retry-After")).isNotNull();
                    } else {
                        assertThat(a.status()).as(path + " " + ct + " " + preview(body)).isBetween(200, 499);
                    }
                    assertThat(a.body()).as(path).doesNotContain("Exception").doesNotContain("at dev.lmaas").doesNotContain("<html");
                }
            }
        }
        // Hostile headers
        for (String auth : List.of("Bearer", "Bearer ", "Basic abc", "Bearer lmk_" + "a".repeat(5000), "Bearer \u0000", "bearer " + key)) {
            var a = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/models")).GET(), null,
                    Map.of("Authorization", auth.replace("\u0000", "")));
            assertThat(a.status()).isIn(200, 401);
        }
        var longId = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/models")).GET(), key,
                Map.of("x-request-id", "x".repeat(1000)));
        assertThat(longId.header("x-request-id")).hasSizeLessThanOrEqualTo(40).startsWith("req_");
        assertThat(http.get("/actuator/health/readiness", null).status()).as("still healthy after " + requests + " hostile requests").isEqualTo(200);
        assertThat(http.get("/v1/models", key).status()).isEqualTo(200);
    }

    @Test
    void oneTenantsKeyNeverReachesAnotherTenantsData() {
        TestHttp http = new TestHttp(port);
        String admin = dataDirectory.readSecret("admin-key").orElseThrow();
        String a = http.post("/admin/v1/tenants", admin, TestHttp.json("name", "A", "owner_email", UUID.randomUUID() + "@example.com")).json().get("id").asString();
        String b = http.post("/admin/v1/tenants", admin, TestHttp.json("name", "B", "owner_email", UUID.randomUUID() + "@example.com")).json().get("id").asString();
        var keyA = http.post("/admin/v1/tenants/" + a + "/api-keys", admin, TestHttp.json("name", "a-key")).json();
        String keyB = http.post("/admin/v1/tenants/" + b + "/api-keys", admin, "{}").json().get("key").asString();
        http.get("/v1/models", keyA.get("key").asString());

        String usage = http.get("/v1/usage?tenant=" + a + "&group_by=key", keyB).body();
        assertThat(usage).doesNotContain(keyA.get("id").asString());
        String audit = http.get("/v1/audit?tenant=" + a, keyB).body();
        assertThat(audit).doesNotContain(a).doesNotContain(keyA.get("id").asString());
        // Tenant keys never open the admin API, whatever id they name.
        for (String path : List.of("/admin/v1/tenants/" + a, "/admin/v1/tenants/" + a + "/api-keys", "/admin/v1/usage?tenant=" + a,
                "/admin/v1/audit?tenant=" + a)) {
            var r = http.get(path, keyB);
            assertThat(r.status()).as(path).isEqualTo(401);
            assertThat(r.errorCode()).isEqualTo("invalid_admin_key");
        }
        var revokeOther = http.delete("/admin/v1/api-keys/" + keyA.get("id").asString(), keyB);
        assertThat(revokeOther.status()).isEqualTo(401);
        assertThat(http.get("/v1/models", keyA.get("key").asString()).status()).isEqualTo(200);
    }

    static String preview(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 40), StandardCharsets.UTF_8);
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
