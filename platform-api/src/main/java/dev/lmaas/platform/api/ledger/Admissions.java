package dev.lmaas.platform.api.ledger;

import dev.lmaas.platform.tenant.AuditEntry;
import dev.lmaas.platform.tenant.AuditLog;
import dev.lmaas.platform.tenant.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The SQL of {@code request_admissions} (V160): admissions are inserted by a writer of their own in auto-commit
 * (one statement and its commit in one round trip); taking them runs inside the transaction of the calls' records.
 */
final class Admissions {

    private static final String COLUMNS = "request_id, tenant_id, admitted_at, action, actor_type, actor_id, actor_label, key_id, model, "
            + "client_address, user_agent, body_sha256, target_type, target_id";

    private Admissions() {
    }

    /**
     * One batched INSERT: each admission stands alone, so a batch needs no transaction of its own. A JDBC batch of
     * single-row INSERTs, not one INSERT from column arrays as the audit and usage records: measured side by side, the
     * array form cost PostgreSQL more CPU per call at every concurrency (bench/results/ab-2026-12-05-admissions-unnest.md).
     */
    static void insert(Connection c, List<RequestAdmission> admissions) throws SQLException {
        if (admissions.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO request_admissions (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                + "ON CONFLICT (request_id) DO NOTHING")) {
            for (RequestAdmission a : admissions) {
                AuditEntry e = a.pending();
                int p = 1;
                ps.setString(p++, e.requestId());
                ps.setObject(p++, e.tenantId().value());
                ps.setTimestamp(p++, Timestamp.from(e.occurredAt()));
                ps.setString(p++, e.action());
                ps.setString(p++, e.actorType());
                ps.setString(p++, e.actorId());
                ps.setString(p++, e.actorLabel());
                ps.setObject(p++, e.keyId());
                ps.setString(p++, e.model());
                ps.setString(p++, e.clientAddress());
                ps.setString(p++, e.userAgent());
                ps.setString(p++, e.bodySha256());
                ps.setString(p++, e.targetType());
                ps.setString(p, e.targetId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Deletes the admissions of calls whose records are being written and answers which of those calls may
     * be written: those whose admission was still there, and those with none that have no audit record yet
     * (an admission that never committed). A call settled already is not written a second time.
     */
    static Set<String> take(Connection c, AuditLog audit, Collection<String> requestIds) throws SQLException {
        Set<String> writable = new HashSet<>();
        if (requestIds.isEmpty()) {
            return writable;
        }
        String[] ids = requestIds.toArray(String[]::new);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM request_admissions WHERE request_id = ANY (?) RETURNING request_id")) {
            ps.setArray(1, c.createArrayOf("text", ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    writable.add(rs.getString(1));
                }
            }
        }
        if (writable.size() == ids.length) {
            return writable;
        }
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            if (!writable.contains(id)) {
                missing.add(id);
            }
        }
        Set<String> settled = audit.recordedRequests(c, missing);
        for (String id : missing) {
            if (!settled.contains(id)) {
                writable.add(id);
            }
        }
        return writable;
    }

    /** Takes up to {@code limit} admissions older than {@code before} that no other replica is settling. */
    static List<RequestAdmission> takeOlderThan(Connection c, AuditLog audit, Instant before, int limit) throws SQLException {
        List<RequestAdmission> taken = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM request_admissions WHERE request_id IN (SELECT request_id FROM request_admissions "
                + "WHERE admitted_at < ? ORDER BY admitted_at LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS)) {
            ps.setTimestamp(1, Timestamp.from(before));
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    taken.add(new RequestAdmission(new AuditEntry(new TenantId(rs.getObject("tenant_id", UUID.class)),
                            rs.getTimestamp("admitted_at").toInstant(), "api", rs.getString("action"), rs.getString("actor_type"),
                            rs.getString("actor_id"), rs.getString("actor_label"), rs.getObject("key_id", UUID.class), rs.getString("model"),
                            null, null, null, null, null, null, rs.getString("request_id"), rs.getString("client_address"),
                            rs.getString("user_agent"), rs.getString("body_sha256"), rs.getString("target_type"), rs.getString("target_id"), null)));
                }
            }
        }
        Set<String> audited = audit.recordedRequests(c, taken.stream().map(RequestAdmission::requestId).toList());
        taken.removeIf(a -> audited.contains(a.requestId()));
        return taken;
    }
}
