package dev.lmaas.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.platform.db.DataDirectory;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Rotating the key pepper from A to B: a control plane started with B and A as previous still accepts
 * keys hashed under A and re-hashes each under B when it is used; one started with B alone then
 * accepts the used keys and refuses a key never used during the overlap (documented: drop A only
 * once GET /admin/v1/key-pepper counts zero).
 */
class KeyPepperRotationIT {

    @Test
    void keysMoveToTheNewPepperOnUseAndUnusedOnesAreLostWhenTheOldIsDropped() throws Exception {
        try (Replicas replicas = new Replicas()) {
            var underA = replicas.start();
            String pepperA = replicas.pepper();
            String pepperB = "pepper-b-" + UUID.randomUUID();
            String admin = underA.getBean(DataDirectory.class).readSecret("admin-key").orElseThrow();
            TestHttp httpA = new TestHttp(Replicas.port(underA));
            String tenant = httpA.post("/admin/v1/tenants", admin, TestHttp.json("name", "P", "owner_email", UUID.randomUUID() + "@example.com"))
                    .json().get("id").asString();
            String used = httpA.post("/admin/v1/tenants/" + tenant + "/api-keys", admin, TestHttp.json("name", "used")).json().get("key").asString();
            String unused = httpA.post("/admin/v1/tenants/" + tenant + "/api-keys", admin, TestHttp.json("name", "unused")).json().get("key").asString();
            assertThat(httpA.get("/v1/models", used).status()).isEqualTo(200);

            // Restarted with B, A kept as previous.
            var rotating = replicas.start("lmaas.tenant.key-pepper=" + pepperB, "lmaas.tenant.previous-key-peppers=" + pepperA);
            TestHttp httpR = new TestHttp(Replicas.port(rotating));
            var before = httpR.get("/admin/v1/key-pepper", admin); // the admin key itself moves to B on this call
            assertThat(before.status()).isEqualTo(200);
            assertThat(before.json().get("api_keys_on_old_pepper").asLong()).isEqualTo(2);
            assertThat(before.json().get("admin_keys_on_old_pepper").asLong()).isZero();
            assertThat(httpR.get("/v1/models", used).status()).isEqualTo(200);
            assertThat(httpR.get("/admin/v1/key-pepper", admin).json().get("api_keys_on_old_pepper").asLong()).isEqualTo(1);

            // Restarted with B alone: the used key and the admin key work, the unused key is lost.
            var onlyB = replicas.start("lmaas.tenant.key-pepper=" + pepperB);
            TestHttp httpB = new TestHttp(Replicas.port(onlyB));
            assertThat(httpB.get("/v1/models", used).status()).isEqualTo(200);
            assertThat(httpB.get("/admin/v1/key-pepper", admin).status()).isEqualTo(200);
            var refused = httpB.get("/v1/models", unused);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.errorCode()).isEqualTo("invalid_api_key");
            assertThat(httpB.get("/admin/v1/key-pepper", admin).json().get("api_keys_on_old_pepper").asLong()).isEqualTo(1);
        }
    }
}
