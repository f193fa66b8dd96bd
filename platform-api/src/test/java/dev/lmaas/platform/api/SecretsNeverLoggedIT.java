package dev.lmaas.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.platform.db.DataDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every key this test issues, rotates, presents right and wrong, is absent from everything the
 * control plane logged, from every error body and from the audit log; and a key that does reach a
 * log line by accident is masked by its format.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "lmaas.data-dir=target/it-data/${random.uuid}")
@ExtendWith(OutputCaptureExtension.class)
class SecretsNeverLoggedIT {

    @LocalServerPort
    int port;
    @Autowired
    DataDirectory dataDirectory;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void issuedKeysAppearInNoLogNoErrorAndNoAuditRecord(CapturedOutput output) {
        TestHttp http = new TestHttp(port);
        String admin = dataDirectory.readSecret("admin-key").orElseThrow();
        List<String> secrets = new ArrayList<>(List.of(admin));
        List<String> bodies = new ArrayList<>();
        String tenant = http.post("/admin/v1/tenants", admin, TestHttp.json("name", "S", "owner_email", UUID.randomUUID() + "@example.com", "plan", "pro"))
                .json().get("id").asString();
        for (int i = 0; i < 3; i++) {
            var k = http.post("/admin/v1/tenants/" + tenant + "/api-keys", admin, TestHttp.json("name", "k" + i)).json();
            secrets.add(k.get("key").asString());
            secrets.add(http.post("/admin/v1/api-keys/" + k.get("id").asString() + "/rotate", admin, "{}").json().get("key").asString());
        }
        for (String s : secrets) {
            bodies.add(http.get("/v1/models", s).body());
            bodies.add(http.get("/v1/models", s.substring(0, s.length() - 2) + "zz").body());
            bodies.add(http.post("/v1/embeddings", s, "{broken").body());
            bodies.add(http.post("/v1/embeddings", s, TestHttp.json("model", "nope", "input", s)).body());
            bodies.add(http.get("/v1/models?key=" + s, "not-a-key").body());
            bodies.add(http.get("/admin/v1/tenants/" + s, admin).body());
            bodies.add(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/v1/models")).GET(), null,
                    Map.of("Authorization", s)).body());
        }
        String accidental = secrets.get(1);
        LoggerFactory.getLogger(SecretsNeverLoggedIT.class).warn("an accidental log line with {}", accidental);

        String audit = String.join("\n", jdbc.queryForList("SELECT row_to_json(a)::text FROM audit_log a", String.class));
        for (String s : secrets) {
            String random = s.substring(4);
            assertThat(output.getAll()).as("logs").doesNotContain(random);
            assertThat(String.join("\n", bodies)).as("error bodies").doesNotContain(random);
            assertThat(audit).as("audit log").doesNotContain(random);
        }
        assertThat(output.getAll()).contains("an accidental log line with lmk_[REDACTED]");
    }
}
