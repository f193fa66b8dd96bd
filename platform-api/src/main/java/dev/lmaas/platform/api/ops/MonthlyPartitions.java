package dev.lmaas.platform.api.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the monthly partitions of audit_log and usage_records (migrations V70, V101) created ahead of
 * time: this month and the next three, at start and daily, so rows never pile up in the DEFAULT
 * partition. Safe from several control planes at once (the SQL function takes an advisory lock).
 */
@Component
class MonthlyPartitions {

    static final int MONTHS_AHEAD = 4;
    static final String[] PARTITIONED = {"audit_log", "usage_records"};
    private static final Logger log = LoggerFactory.getLogger(MonthlyPartitions.class);

    private final JdbcTemplate jdbc;

    MonthlyPartitions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        ensure();
    }

    @Scheduled(fixedDelay = 86_400_000, initialDelay = 86_400_000)
    void daily() {
        ensure();
    }

    int ensure() {
        int created = 0;
        for (String table : PARTITIONED) {
            Integer n = jdbc.queryForObject("SELECT lmaas_create_month_partitions(?, now(), ?)", Integer.class, table, MONTHS_AHEAD);
            created += n == null ? 0 : n;
        }
        if (created > 0) {
            log.info("Created {} monthly partitions of {}", created, String.join(", ", PARTITIONED));
        }
        return created;
    }
}
