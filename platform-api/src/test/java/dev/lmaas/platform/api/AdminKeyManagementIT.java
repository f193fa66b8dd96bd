package dev.lmaas.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.platform.db.DataDirectory;
import dev.lmaas.platform.tenant.key.ApiKeyFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Admin keys managed through the admin API on two replicas of one database: a key created on one
 * works on the other, a revoked or rotated-away key stops working on the other, the last active key
 * cannot be revoked, every change is a platform audit record, and no secret reaches a log or the audit.
 */
@ExtendWith(OutputCaptureExtension.class)
class AdminKeyManagementIT {

    @Test
    void createRotateRevokeAcrossReplicas(CapturedOutput output) throws Exception {
        try (Replicas replicas = new Replicas()) {
            var a = replicas.start();
            var b = replicas.start();
            TestHttp httpA = new TestHttp(Replicas.port(a));
            TestHttp httpB = new TestHttp(Replicas.port(b));
            String bootstrap = a.getBean(DataDirectory.class).readSecret("admin-key").orElseThrow();
            List<String> secrets = new ArrayList<>(List.of(bootstrap));

            var listed = httpA.get("/admin/v1/admin-keys", bootstrap);
            assertThat(listed.status()).isEqualTo(200);
            assertThat(listed.json().get("data")).hasSize(1);
            String bootstrapId = listed.json().get("data").get(0).get("id").asString();
            assertThat(listed.json().get("data").get(0).get("name").asString()).isEqualTo("bootstrap");
            assertThat(listed.json().get("data").get(0).get("revoked").asBoolean()).isFalse();
            assertThat(listed.body()).doesNotContain(bootstrap.substring(4));

            // The only key, revoking itself: refused, and it still works.
            var last = httpA.delete("/admin/v1/admin-keys/" + bootstrapId, bootstrap);
            assertThat(last.status()).isEqualTo(409);
            assertThat(last.errorCode()).isEqualTo("conflict");
            assertThat(last.json().get("error").get("type").asString()).isEqualTo("invalid_request_error");
            assertThat(last.json().get("error").get("param").asString()).isEqualTo("id");
            assertThat(last.json().get("error").get("message").asString()).contains("last active admin key");
            assertThat(httpB.get("/admin/v1/admin-keys", bootstrap).status()).isEqualTo(200);

            var created = httpA.post("/admin/v1/admin-keys", bootstrap, TestHttp.json("name", "ops"));
            assertThat(created.status()).isEqualTo(201);
            String ops = created.json().get("key").asString();
            String opsId = created.json().get("id").asString();
            secrets.add(ops);
            assertThat(ApiKeyFormat.isWellFormed(ops, ApiKeyFormat.ADMIN_PREFIX)).isTrue();
            awaitStatus(httpB, ops, 200);
            assertThat(httpA.get("/admin/v1/admin-keys", ops).json().get("data").toString()).doesNotContain(ops.substring(4));

            // Rotated on B: the old secret stops on A, the new one works on A.
            var rotated = httpB.post("/admin/v1/admin-keys/" + opsId + "/rotate", bootstrap, "");
            assertThat(rotated.status()).isEqualTo(200);
            assertThat(rotated.json().get("replaces").asString()).isEqualTo(opsId);
            String ops2 = rotated.json().get("key").asString();
            String ops2Id = rotated.json().get("id").asString();
            secrets.add(ops2);
            System.out.printf("rotated-away admin key refused by the other replica after %d ms%n", awaitStatus(httpA, ops, 401));
            assertThat(httpA.get("/admin/v1/admin-keys", ops).errorCode()).isEqualTo("invalid_admin_key");
            awaitStatus(httpA, ops2, 200);
            var again = httpA.post("/admin/v1/admin-keys/" + opsId + "/rotate", ops2, "");
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.json().get("error").get("message").asString()).contains("revoked admin key cannot be rotated");

            // The calling key revokes itself while another is active: allowed; the other replica refuses it.
            var self = httpA.delete("/admin/v1/admin-keys/" + bootstrapId, bootstrap);
            assertThat(self.status()).isEqualTo(200);
            assertThat(self.json().get("revoked").asBoolean()).isTrue();
            System.out.printf("revoked admin key refused by the other replica after %d ms%n", awaitStatus(httpB, bootstrap, 401));

            // Now ops2 is the last active key.
            var lastAgain = httpB.delete("/admin/v1/admin-keys/" + ops2Id, ops2);
            assertThat(lastAgain.status()).isEqualTo(409);
            assertThat(lastAgain.errorCode()).isEqualTo("conflict");
            var unknown = httpB.delete("/admin/v1/admin-keys/" + UUID.randomUUID(), ops2);
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.errorCode()).isEqualTo("not_found");
            var tooLong = httpB.post("/admin/v1/admin-keys", ops2, TestHttp.json("name", "n".repeat(101)));
            assertThat(tooLong.status()).isEqualTo(400);
            assertThat(tooLong.json().get("error").get("param").asString()).isEqualTo("name");

            JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
            List<String> actions = jdbc.queryForList("SELECT action || ' ' || target_id || ' by ' || actor_id FROM audit_log "
                    + "WHERE tenant_id = '00000000-0000-0000-0000-000000000000' AND target_type = 'admin_key' ORDER BY seq", String.class);
            assertThat(actions).containsExactly(
                    "admin_key.created " + opsId + " by " + bootstrapId,
                    "admin_key.rotated " + opsId + " by " + bootstrapId,
                    "admin_key.created " + ops2Id + " by " + bootstrapId,
                    "admin_key.revoked " + bootstrapId + " by " + bootstrapId);
            String audit = String.join("\n", jdbc.queryForList("SELECT row_to_json(a)::text FROM audit_log a", String.class));
            for (String s : secrets) {
                assertThat(output.getAll()).as("logs").doesNotContain(s.substring(4));
                assertThat(audit).as("audit").doesNotContain(s.substring(4));
            }
        }
    }

    /**
     * {@code LMAAS_ADMIN_KEY} is inserted at start only if its HMAC is not in the table yet: once
     * revoked (or rotated away), it stays refused after a restart with the same environment.
     */
    @Test
    void aRevokedEnvironmentKeyStaysRevokedAfterARestart() throws Exception {
        String fromEnvironment = ApiKeyFormat.generate(ApiKeyFormat.ADMIN_PREFIX);
        try (Replicas replicas = new Replicas()) {
            var first = replicas.start("lmaas.tenant.admin-key=" + fromEnvironment);
            TestHttp http = new TestHttp(Replicas.port(first));
            var envRow = http.get("/admin/v1/admin-keys", fromEnvironment).json().get("data").get(0);
            assertThat(envRow.get("name").asString()).isEqualTo("environment");
            String other = http.post("/admin/v1/admin-keys", fromEnvironment, TestHttp.json("name", "ops")).json().get("key").asString();
            assertThat(http.delete("/admin/v1/admin-keys/" + envRow.get("id").asString(), other).status()).isEqualTo(200);
            assertThat(http.get("/admin/v1/admin-keys", fromEnvironment).status()).isEqualTo(401);

            var restarted = replicas.start("lmaas.tenant.admin-key=" + fromEnvironment); // a new process on the same database
            TestHttp again = new TestHttp(Replicas.port(restarted));
            var refused = again.get("/admin/v1/admin-keys", fromEnvironment);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.errorCode()).isEqualTo("invalid_admin_key");
            var rows = again.get("/admin/v1/admin-keys", other).json().get("data");
            assertThat(rows).hasSize(2); // not re-inserted as a new active row
        }
    }

    static long awaitStatus(TestHttp http, String adminKey, int status) {
        return Waits.millisUntil(java.time.Duration.ofSeconds(10), java.time.Duration.ofMillis(10),
                () -> http.get("/admin/v1/admin-keys", adminKey).status() == status, () -> "the replica never answered " + status);
    }
}
