package dev.lmaas.platform.api.ledger;

import dev.lmaas.platform.tenant.AuditLog;
import dev.lmaas.platform.tenant.TenantDeleted;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Settles admissions whose records never followed (the control plane that admitted them stopped):
 * each becomes the call's audit record with the outcome unknown, and no usage record, because nobody
 * knows whether or what the node answered; a crash never bills a call it cannot prove. Every replica
 * runs it; {@code FOR UPDATE SKIP LOCKED} and the delete give each admission to exactly one, and only
 * once it is older than any call and its records' retries can take, so a live call is never settled.
 */
@Component
class AdmissionSettlement {

    private static final Logger log = LoggerFactory.getLogger(AdmissionSettlement.class);
    private static final int BATCH = 500;

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration settleAfter;
    private final Counter settled;
    private final RequestLedger ledger;

    AdmissionSettlement(DataSource dataSource, JdbcTemplate jdbc, AuditLog audit, RequestLedger ledger, MeterRegistry meters, Optional<Clock> clock,
                        @Value("${lmaas.nodes.request-timeout:30s}") Duration requestTimeout,
                        @Value("${lmaas.ledger.settle-after:0s}") Duration configured) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.audit = audit;
        this.ledger = ledger;
        this.clock = clock.orElse(Clock.systemUTC());
        this.settleAfter = settleAfter(configured, requestTimeout, ledger.longestRecordDelay());
        this.settled = Counter.builder("lmaas.ledger.admissions.settled")
                .description("admitted calls whose outcome was never recorded (a control plane stopped), audited as outcome unknown").register(meters);
    }

    /** Never sooner than a call can last plus its records' retries, with a margin for clocks and pauses. */
    static Duration settleAfter(Duration configured, Duration requestTimeout, Duration longestRecordDelay) {
        Duration floor = requestTimeout.plus(longestRecordDelay).plusSeconds(10);
        return configured.compareTo(floor) > 0 ? configured : floor;
    }

    Duration settleAfter() {
        return settleAfter;
    }

    @Scheduled(fixedDelayString = "${lmaas.ledger.settle-check:5s}", initialDelayString = "${lmaas.ledger.settle-check:5s}")
    void settleAbandoned() {
        int forgotten = ledger.forgetAdmittedBefore(settleAfter);
        if (forgotten > 0) {
            log.warn("{} admitted calls were never recorded by this control plane; their admissions are settled as outcome unknown", forgotten);
        }
        try {
            int n;
            do {
                n = settleBatch();
            } while (n == BATCH);
        } catch (SQLException | RuntimeException e) {
            log.warn("Settling abandoned admissions failed, retried at the next check: {}", e.getMessage());
        }
    }

    /** Settles up to one batch in one transaction: the admissions go and their audit records come together. */
    int settleBatch() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<RequestAdmission> taken = Admissions.takeOlderThan(c, audit, clock.instant().minus(settleAfter), BATCH);
                audit.append(c, taken.stream().map(RequestAdmission::unknownOutcome).toList());
                c.commit();
                if (!taken.isEmpty()) {
                    settled.increment(taken.size());
                    log.warn("Settled {} admitted calls whose outcome was never recorded (a control plane stopped): audited as {}, not billed",
                            taken.size(), RequestAdmission.OUTCOME_UNKNOWN);
                }
                return taken.size();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** In the deleting transaction: a deleted tenant's calls leave no admission behind to settle into its trail. */
    @EventListener
    void on(TenantDeleted deleted) {
        jdbc.update("DELETE FROM request_admissions WHERE tenant_id = ?", deleted.tenant().value());
    }

}
