package dev.lmaas.platform.api.ledger;

import dev.lmaas.platform.api.ApiProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Drops kept idempotent answers once their replay window has passed. */
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
}
