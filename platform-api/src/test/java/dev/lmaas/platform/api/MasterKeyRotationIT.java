package dev.lmaas.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.platform.db.DataDirectory;
import dev.lmaas.platform.tenant.TenantDataKeys;
import dev.lmaas.platform.tenant.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Master-key rotation: restarted with a new master key and the old one as "previous", the control
 * plane rewraps every tenant data key at start; data encrypted before the rotation still decrypts,
 * the stored ciphertext is untouched, and afterwards the old master key is no longer needed.
 */
class MasterKeyRotationIT {

    @Test
    void rotationRewrapsDataKeysWithoutTouchingData() {
        String oldKey = randomKey();
        String newKey = randomKey();
        String dataDir = "target/it-data/" + UUID.randomUUID();
        byte[] sealed;
        TenantId tenant;
        byte[] wrappedBefore;
        try (Replicas first = new Replicas()) {
            var ctx = first.start("lmaas.data-dir=" + dataDir, "lmaas.tenant.master-key=" + oldKey);
            TestHttp http = new TestHttp(Replicas.port(ctx));
            String admin = ctx.getBean(DataDirectory.class).readSecret("admin-key").orElseThrow();
            tenant = TenantId.of(http.post("/admin/v1/tenants", admin, TestHttp.json("name", "R", "owner_email", UUID.randomUUID() + "@example.com"))
                    .json().get("id").asString());
            sealed = ctx.getBean(TenantDataKeys.class).encrypt(tenant, "kept across rotations".getBytes(StandardCharsets.UTF_8), "test");
            wrappedBefore = ctx.getBean(JdbcTemplate.class).queryForObject("SELECT wrapped_key FROM tenant_data_keys WHERE tenant_id = ?", byte[].class,
                    tenant.value());
        }
        try (Replicas second = new Replicas()) {
            var ctx = second.start("lmaas.data-dir=" + dataDir, "lmaas.tenant.master-key=" + newKey, "lmaas.tenant.previous-master-keys=" + oldKey);
            JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);
            byte[] wrappedAfter = jdbc.queryForObject("SELECT wrapped_key FROM tenant_data_keys WHERE tenant_id = ?", byte[].class, tenant.value());
            assertThat(wrappedAfter).isNotEqualTo(wrappedBefore);
            assertThat(jdbc.queryForObject("SELECT rewrapped_at IS NOT NULL FROM tenant_data_keys WHERE tenant_id = ?", Boolean.class, tenant.value()))
                    .isTrue();
            assertThat(new String(ctx.getBean(TenantDataKeys.class).decrypt(tenant, sealed, "test"), StandardCharsets.UTF_8))
                    .isEqualTo("kept across rotations");
        }
        try (Replicas third = new Replicas()) {
            var ctx = third.start("lmaas.data-dir=" + dataDir, "lmaas.tenant.master-key=" + newKey);
            assertThat(new String(ctx.getBean(TenantDataKeys.class).decrypt(tenant, sealed, "test"), StandardCharsets.UTF_8))
                    .as("the old master key is no longer needed").isEqualTo("kept across rotations");
        }
    }

    static String randomKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }
}
