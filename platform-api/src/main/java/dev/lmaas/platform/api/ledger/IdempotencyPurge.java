package dev.lmaas.platform.api.ledger;

import dev.lmaas.platform.api.ApiProperties;
import dev.lmaas.platform.tenant.TenantDeleted;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Drops kept idempotent answers once their replay window has passed, and all of a tenant's when it is deleted. */
@Component
class IdempotencyPurge {

    private final JdbcTemplate jdbc;
    private final ApiProperties properties;

    IdempotencyPurge(JdbcTemplate jdbc, ApiProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Scheduled(fixedDelay = 600_000, initialDelay = 60_000)
    void purge() {
        jdbc.update("DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => ?)", (double) properties.idempotencyWindow().toSeconds());
    }

    /** In the deleting transaction (a synchronous listener): the tenant's kept answers go with it. */
    @EventListener
    void on(TenantDeleted deleted) {
        jdbc.update("DELETE FROM idempotency_keys WHERE tenant_id = ?", deleted.tenant().value());
    }
}
