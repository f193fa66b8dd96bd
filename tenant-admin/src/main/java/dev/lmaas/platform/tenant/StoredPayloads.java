package dev.lmaas.platform.tenant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Request and response bodies kept for tenants whose retention says so, only as ciphertext under
 * the tenant's data key, and purged when their time is up. Reading one back is an audited admin
 * action that also appears in the tenant's own trail.
 */
@Service
public class StoredPayloads {

    /** A payload to keep; bodies are plaintext here and encrypted before they reach the database. */
    public record Payload(TenantId tenant, String requestId, int retentionDays, byte[] request, byte[] response) {
    }

    /** A payload read back. */
    public record Opened(String requestId, Instant createdAt, Instant expiresAt, byte[] request, byte[] response) {
    }

    private static final Logger log = LoggerFactory.getLogger(StoredPayloads.class);
    private final TenantDataKeys keys;
    private final JdbcTemplate jdbc;
    private final AuditLog audit;

    StoredPayloads(TenantDataKeys keys, JdbcTemplate jdbc, AuditLog audit) {
        this.keys = keys;
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** Stores payloads on {@code c} in the caller's transaction (the request ledger's group commit). */
    public void store(Connection c, List<Payload> payloads) throws SQLException {
        if (payloads.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO stored_payloads (tenant_id, request_id, created_at, expires_at, request_ct, "
                + "response_ct) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (Payload p : payloads) {
                ps.setObject(1, p.tenant().value());
                ps.setString(2, p.requestId());
                ps.setTimestamp(3, Timestamp.from(now));
                ps.setTimestamp(4, Timestamp.from(now.plus(Duration.ofDays(p.retentionDays()))));
                ps.setBytes(5, keys.encrypt(p.tenant(), p.request(), "payload-request|" + p.requestId()));
                ps.setBytes(6, keys.encrypt(p.tenant(), p.response(), "payload-response|" + p.requestId()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Decrypts one stored payload for an admin; the access is recorded in the tenant's audit trail first. */
    public Optional<Opened> open(TenantId tenant, String requestId, Actor admin) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT created_at, expires_at, request_ct, response_ct FROM stored_payloads "
                + "WHERE tenant_id = ? AND request_id = ? AND expires_at > now()", tenant.value(), requestId);
        audit.record(admin, tenant, "admin.decrypted_payload", "request", requestId);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> r = rows.get(0);
        return Optional.of(new Opened(requestId, ((Timestamp) r.get("created_at")).toInstant(), ((Timestamp) r.get("expires_at")).toInstant(),
                keys.decrypt(tenant, (byte[]) r.get("request_ct"), "payload-request|" + requestId),
                keys.decrypt(tenant, (byte[]) r.get("response_ct"), "payload-response|" + requestId)));
    }

    @Scheduled(fixedDelayString = "${lmaas.tenant.payload-purge-interval:15m}", initialDelay = 60_000)
    public int purgeExpired() {
        int purged = jdbc.update("DELETE FROM stored_payloads WHERE expires_at <= now()");
        if (purged > 0) {
            log.info("Purged {} stored payload(s) past their retention", purged);
        }
        return purged;
    }
}
