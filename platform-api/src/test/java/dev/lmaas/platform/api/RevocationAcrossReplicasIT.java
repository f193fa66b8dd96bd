package dev.lmaas.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.platform.db.DataDirectory;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Two control-plane contexts on one database: a key revoked or rotated on one stops working on the other. */
class RevocationAcrossReplicasIT {

    @Test
    void revocationAndRotationReachTheOtherReplicaQuickly() throws Exception {
        try (Replicas replicas = new Replicas()) {
            var a = replicas.start();
            var b = replicas.start();
            String admin = a.getBean(DataDirectory.class).readSecret("admin-key").orElseThrow();
            TestHttp httpA = new TestHttp(Replicas.port(a));
            TestHttp httpB = new TestHttp(Replicas.port(b));

            String tenant = httpA.post("/admin/v1/tenants", admin, TestHttp.json("name", "Two", "owner_email", UUID.randomUUID() + "@example.com"))
                    .json().get("id").asString();
            var key = httpA.post("/admin/v1/tenants/" + tenant + "/api-keys", admin, TestHttp.json("name", "k")).json();
            String secret = key.get("key").asString();
            long created = awaitStatus(httpB, secret, 200);
            System.out.printf("new key usable on the other replica after %d ms%n", created);

            httpA.delete("/admin/v1/api-keys/" + key.get("id").asString(), admin);
            long revoked = awaitStatus(httpB, secret, 401);
            assertThat(httpB.get("/v1/models", secret).errorCode()).isEqualTo("key_revoked");
            System.out.printf("revocation seen by the other replica after %d ms%n", revoked);

            var second = httpB.post("/admin/v1/tenants/" + tenant + "/api-keys", admin, TestHttp.json("name", "r")).json();
            String old = second.get("key").asString();
            awaitStatus(httpA, old, 200);
            httpB.post("/admin/v1/api-keys/" + second.get("id").asString() + "/rotate", admin, TestHttp.json("grace_period_seconds", 0));
            long rotated = awaitStatus(httpA, old, 401);
            System.out.printf("rotation seen by the other replica after %d ms%n", rotated);

            httpB.post("/admin/v1/tenants/" + tenant + "/suspend", admin, "");
            String fresh = httpB.post("/admin/v1/api-keys/" + second.get("id").asString() + "/rotate", admin, "{}").json().get("key").asString();
            awaitStatus(httpA, fresh, 403);
            assertThat(httpA.get("/v1/models", fresh).errorCode()).isEqualTo("tenant_suspended");
        }
    }

    /** Polls until the replica answers {@code status}; returns the milliseconds it took (fails after 10 s). */
    static long awaitStatus(TestHttp http, String key, int status) {
        return Waits.millisUntil(java.time.Duration.ofSeconds(10), java.time.Duration.ofMillis(10),
                () -> http.get("/v1/models", key).status() == status, () -> "the other replica never answered " + status);
    }
}
