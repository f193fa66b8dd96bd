package dev.lmaas.platform.tenant;

import dev.lmaas.platform.db.DataDirectory;
import dev.lmaas.platform.tenant.audit.AuditChain;
import dev.lmaas.platform.tenant.audit.CheckpointKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Signed checkpoints of every tenant's audit chain head, taken periodically
 * ({@code lmaas.tenant.audit-checkpoint-interval}, 10 minutes) with an Ed25519 key kept outside the
 * database ({@code LMAAS_AUDIT_SIGNING_KEY}, else generated into {@value #KEY_FILE}, 0600). A tenant
 * fetches its checkpoints ({@code GET /v1/audit/checkpoints}) and keeps them: whoever later rewrites
 * the chain in SQL, however consistently, cannot produce the signed hash at an old checkpoint's
 * position, and {@link AuditLog#verify} reports the rewrite against any checkpoint, stored or held.
 */
@Service
public class AuditCheckpoints {

    /** One signed checkpoint: the chain of {@code tenant} had {@code hash} at record {@code seq}. */
    public record Checkpoint(TenantId tenant, long seq, byte[] hash, Instant signedAt, String keyId, byte[] signature) {
    }

    static final String KEY_FILE = "secrets/audit-signing-key";
    private static final Logger log = LoggerFactory.getLogger(AuditCheckpoints.class);

    private final JdbcTemplate jdbc;
    private final CheckpointKey key;

    AuditCheckpoints(JdbcTemplate jdbc, DataDirectory dataDirectory, @Value("${lmaas.tenant.audit-signing-key:${LMAAS_AUDIT_SIGNING_KEY:}}") String configured) {
        this.jdbc = jdbc;
        String stored = configured != null && !configured.isBlank() ? configured
                : dataDirectory.readSecret(KEY_FILE).orElseGet(() -> {
                    String generated = CheckpointKey.generate();
                    dataDirectory.writePrivate(KEY_FILE, generated + "\n");
                    return generated;
                });
        this.key = CheckpointKey.fromStored(stored);
    }

    public String keyId() {
        return key.id();
    }

    /** The public key (base64 X.509), for tenants who check signatures themselves. */
    public String publicKey() {
        return key.publicKeyBase64();
    }

    /** Signs a checkpoint of every chain whose head moved since its last checkpoint; returns how many. */
    @Scheduled(fixedDelayString = "${lmaas.tenant.audit-checkpoint-interval:PT10M}", initialDelayString = "${lmaas.tenant.audit-checkpoint-interval:PT10M}")
    public int checkpointAll() {
        List<Checkpoint> due = new ArrayList<>();
        // Microseconds, as PostgreSQL stores them (it rounds finer values): the signed time must survive the round trip.
        Instant now = AuditChain.normalise(Instant.now());
        jdbc.query("""
                SELECT h.tenant_id, h.seq, h.hash FROM audit_chain_heads h
                WHERE h.seq > coalesce((SELECT max(c.seq) FROM audit_checkpoints c WHERE c.tenant_id = h.tenant_id), 0)""", rs -> {
            UUID tenant = rs.getObject(1, UUID.class);
            long seq = rs.getLong(2);
            byte[] hash = rs.getBytes(3);
            due.add(new Checkpoint(new TenantId(tenant), seq, hash, now, key.id(), key.sign(tenant, seq, hash, now)));
        });
        for (Checkpoint c : due) {
            jdbc.update("INSERT INTO audit_checkpoints (tenant_id, seq, hash, signed_at, key_id, signature) VALUES (?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT DO NOTHING", c.tenant().value(), c.seq(), c.hash(), Timestamp.from(c.signedAt()), c.keyId(), c.signature());
        }
        if (!due.isEmpty()) {
            log.debug("Signed {} audit checkpoints", due.size());
        }
        return due.size();
    }

    /** Signs (and stores, once) a checkpoint of {@code tenant}'s chain at {@code seq}: an archive file ends at one. */
    Checkpoint signAt(TenantId tenant, long seq, byte[] hash) {
        Instant now = AuditChain.normalise(Instant.now());
        Checkpoint c = new Checkpoint(tenant, seq, hash, now, key.id(), key.sign(tenant.value(), seq, hash, now));
        jdbc.update("INSERT INTO audit_checkpoints (tenant_id, seq, hash, signed_at, key_id, signature) VALUES (?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING", c.tenant().value(), c.seq(), c.hash(), Timestamp.from(c.signedAt()), c.keyId(), c.signature());
        return c;
    }

    /** Whether a stored checkpoint signed with this platform's key says {@code tenant}'s chain had {@code hash} at {@code seq}. */
    boolean vouchesFor(Connection c, TenantId tenant, long seq, byte[] hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT hash, signed_at, signature FROM audit_checkpoints WHERE tenant_id = ? AND seq = ?")) {
            ps.setObject(1, tenant.value());
            ps.setLong(2, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && Arrays.equals(rs.getBytes(1), hash)
                        && key.verify(tenant.value(), seq, rs.getBytes(1), rs.getTimestamp(2).toInstant(), rs.getBytes(3));
            }
        }
    }

    /** A tenant's checkpoints, newest first. */
    public List<Checkpoint> list(TenantId tenant, int limit) {
        return jdbc.query("SELECT seq, hash, signed_at, key_id, signature FROM audit_checkpoints WHERE tenant_id = ? ORDER BY seq DESC LIMIT ?",
                (rs, i) -> new Checkpoint(tenant, rs.getLong(1), rs.getBytes(2), rs.getTimestamp(3).toInstant(), rs.getString(4), rs.getBytes(5)),
                tenant.value(), Math.max(1, Math.min(limit, 1000)));
    }

    /**
     * After the chain itself verified on {@code c}: every stored checkpoint, and every one the caller
     * holds, must carry this key's signature and match the record at its position. Returns the first
     * failure, if any.
     */
    Optional<AuditVerification> check(Connection c, TenantId tenant, List<Checkpoint> held, long checked) throws SQLException {
        return check(c, tenant, held, checked, 0);
    }

    /**
     * As above, when records up to {@code archivedUpTo} were archived to files: checkpoints there are
     * checked for their signature only (their records are in the archive files, which verify against them).
     */
    Optional<AuditVerification> check(Connection c, TenantId tenant, List<Checkpoint> held, long checked, long archivedUpTo) throws SQLException {
        List<Checkpoint> all = new ArrayList<>(held);
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash, signed_at, key_id, signature FROM audit_checkpoints WHERE tenant_id = ? ORDER BY seq")) {
            ps.setObject(1, tenant.value());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    all.add(new Checkpoint(tenant, rs.getLong(1), rs.getBytes(2), rs.getTimestamp(3).toInstant(), rs.getString(4), rs.getBytes(5)));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM audit_log WHERE tenant_id = ? AND seq = ?")) {
            for (Checkpoint cp : all) {
                if (!cp.tenant().equals(tenant) || !key.verify(tenant.value(), cp.seq(), cp.hash(), cp.signedAt(), cp.signature())) {
                    return Optional.of(new AuditVerification(tenant, false, checked, cp.seq(),
                            "the checkpoint at record " + cp.seq() + " is not signed by this platform's audit key (" + key.id() + ")"));
                }
                if (cp.seq() <= archivedUpTo) {
                    continue;
                }
                ps.setObject(1, tenant.value());
                ps.setLong(2, cp.seq());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || !Arrays.equals(rs.getBytes(1), cp.hash())) {
                        return Optional.of(new AuditVerification(tenant, false, checked, cp.seq(), "record " + cp.seq()
                                + " does not match the checkpoint signed at " + cp.signedAt() + ": the chain was rewritten or cut"));
                    }
                }
            }
        }
        return Optional.empty();
    }
}
