package dev.lmaas.platform.billing;

import dev.lmaas.platform.tenant.ApiKeyId;
import dev.lmaas.platform.tenant.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;

/** Tenants and keys inserted with plain SQL (their real owner is tenant-admin). */
public final class TestTenants {

    private TestTenants() {
    }

    public static TenantId tenant(JdbcTemplate jdbc, String planId) {
        TenantId id = TenantId.random();
        jdbc.update("INSERT INTO tenants (id, name, plan_id) VALUES (?, ?, ?)", id.value(), "tenant " + id, planId);
        return id;
    }

    public static ApiKeyId key(JdbcTemplate jdbc, TenantId tenant) {
        ApiKeyId id = ApiKeyId.random();
        jdbc.update("INSERT INTO api_keys (tenant_id, id, name, prefix) VALUES (?, ?, 'test', 'lmk_test')", tenant.value(), id.value());
        return id;
    }
}
