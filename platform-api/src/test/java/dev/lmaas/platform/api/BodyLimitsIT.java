package dev.lmaas.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.platform.db.DataDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every surface bounds its request bodies, with Content-Length and chunked alike, and answers 413 in
 * its documented shape; requests without a valid tenant key are counted and throttled, not audited.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lmaas.data-dir=target/it-data/${random.uuid}", "lmaas.api.max-body-bytes=100000",
        "lmaas.api.unauthenticated.budget-per-address=40", "lmaas.api.unauthenticated.window=10m",
        // webhooks configured, so the controller reads (chunked) bodies; unconfigured it answers 503 without reading
        "lmaas.billing.stripe.webhook-secret=whsec_body_limits_test"})
class BodyLimitsIT {

    static final byte[] TOO_LARGE = ("{\"input\":\"" + "x".repeat(150_000) + "\"}").getBytes(StandardCharsets.UTF_8);

    @LocalServerPort
    int port;
    @Autowired
    DataDirectory dataDirectory;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;

    TestHttp http() {
        return new TestHttp(port);
    }

    String admin() {
        return dataDirectory.readSecret("admin-key").orElseThrow();
    }

    HttpRequest.Builder post(String path, String contentType, byte[] body, boolean chunked) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Content-Type", contentType)
                .POST(chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                        : HttpRequest.BodyPublishers.ofByteArray(body));
    }

    static void assertTooLargeJson(TestHttp.Answer a, String what) {
        assertThat(a.status()).as(what).isEqualTo(413);
        assertThat(a.errorCode()).as(what + ": " + a.body()).isEqualTo("payload_too_large");
        assertThat(a.json().path("error").path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(a.json().path("error").path("message").asString()).contains("100000 bytes");
        assertThat(a.json().path("error").has("param")).isTrue();
    }

    @Test
    void theTenantApiRefusesLargeBodiesAndAuditsTheRefusalToTheTenant() {
        String tenant = http().post("/admin/v1/tenants", admin(), TestHttp.json("name", "B", "owner_email", UUID.randomUUID() + "@example.com"))
                .json().get("id").asString();
        String key = http().post("/admin/v1/tenants/" + tenant + "/api-keys", admin(), "{}").json().get("key").asString();
        for (boolean chunked : new boolean[] {false, true}) {
            for (String path : List.of("/v1/embeddings", "/v1/models")) {
                assertTooLargeJson(http().send(post(path, "application/json", TOO_LARGE, chunked), key, Map.of()), path + (chunked ? " chunked" : ""));
            }
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE tenant_id = ?::uuid AND status = 413 AND error_code = 'payload_too_large'",
                Long.class, tenant)).as("each 413 has its record in the tenant's trail").isEqualTo(4);
    }

    @Test
    void theAdminApiNodesAndWebhooksRefuseLargeBodies() {
        for (boolean chunked : new boolean[] {false, true}) {
            for (String path : List.of("/admin/v1/tenants", "/stripe/webhook")) {
                assertTooLargeJson(http().send(post(path, "application/json", TOO_LARGE, chunked), path.startsWith("/admin") ? admin() : null, Map.of()),
                        path + (chunked ? " chunked" : ""));
            }
        }
    }

    @Test
    void consoleFormsRefuseLargeBodiesWithTheErrorPageAndStillTakeChunkedForms() {
        byte[] form = ("email=a%40example.com&password=" + "p".repeat(150_000)).getBytes(StandardCharsets.UTF_8);
        for (boolean chunked : new boolean[] {false, true}) {
            TestHttp.Answer a = http().send(post("/login", "application/x-www-form-urlencoded", form, chunked), null, Map.of("Accept", "text/html"));
            assertThat(a.status()).as(chunked ? "chunked" : "with length").isEqualTo(413);
            assertThat(a.body()).contains("<html").contains("413").doesNotContain("Exception");
        }
        // A small chunked form still works: its fields (CSRF token included) are read from the bounded copy.
        TestHttp.Answer page = http().get("/login", null);
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page.body());
        assertThat(csrf.find()).as("login page has a CSRF token").isTrue();
        String cookie = page.raw().headers().allValues("Set-Cookie").stream().map(c -> c.split(";", 2)[0]).reduce((x, y) -> x + "; " + y).orElseThrow();
        byte[] small = ("email=nobody%40example.com&password=wrong&_csrf=" + java.net.URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        TestHttp.Answer login = http().send(post("/login", "application/x-www-form-urlencoded", small, true), null, Map.of("Cookie", cookie));
        assertThat(login.status()).as("a failed login, not a CSRF refusal: " + login.body()).isEqualTo(302);
        assertThat(login.header("Location")).contains("/login?error");
    }

    @Test
    void requestsWithoutAValidKeyAreCountedAndThrottledNotAudited() {
        String tenant = http().post("/admin/v1/tenants", admin(), TestHttp.json("name", "P", "owner_email", UUID.randomUUID() + "@example.com"))
                .json().get("id").asString();
        String key = http().post("/admin/v1/tenants/" + tenant + "/api-keys", admin(), "{}").json().get("key").asString();
        long rowsBefore = jdbc.queryForObject("SELECT count(*) FROM audit_log", Long.class);
        double countedBefore = meters.counter("lmaas.api.refused.unauthenticated").count();

        int status401 = 0;
        TestHttp.Answer throttled = null;
        for (int i = 0; i < 60; i++) {
            TestHttp.Answer a = http().get("/v1/models", "lmk_not-a-real-key-" + i);
            if (a.status() == 401) {
                assertThat(a.errorCode()).isEqualTo("invalid_api_key");
                status401++;
            } else {
                throttled = a;
            }
        }
        assertThat(status401).as("refused as 401 until the address's budget is spent").isEqualTo(40);
        assertThat(throttled).isNotNull();
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.errorCode()).isEqualTo("rate_limit_exceeded");
        assertThat(throttled.json().path("error").path("type").asString()).isEqualTo("rate_limit_error");
        assertThat(Long.parseLong(throttled.header("Retry-After"))).isPositive();
        assertThat(meters.counter("lmaas.api.refused.unauthenticated").count() - countedBefore).isEqualTo(60);

        TestHttp.Answer paying = http().get("/v1/models", key);
        assertThat(paying.status()).as("a valid key from the same address is not throttled").isEqualTo(200);
        long rowsAfter = jdbc.queryForObject("SELECT count(*) FROM audit_log", Long.class);
        assertThat(rowsAfter - rowsBefore).as("audit rows written: the paying request's only").isEqualTo(1);
    }
}
