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
import java.time.temporal.ChronoUnit;
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
     * Every admission of a batch in ONE statement, the rows arriving as column arrays ({@code unnest}), like the audit
     * and usage records: PostgreSQL runs one execution per batch instead of one per admission (a JDBC batch of single-row
     * INSERTs costs a full executor start-up and finish each; issue 19: 31 µs of PostgreSQL time per admission at 16
     * callers, pg_stat_statements). Each admission stands alone, so the batch needs no transaction of its own; a request
     * id already admitted (or twice in one batch) is skipped.
     */
    private static final String INSERT = "INSERT INTO request_admissions (" + COLUMNS + ") "
            + "SELECT request_id, tenant_id, timestamptz 'epoch' + admitted_micros * interval '1 microsecond', action, actor_type, actor_id, "
            + "actor_label, key_id, model, client_address, user_agent, body_sha256, target_type, target_id "
            + "FROM unnest(?::text[], ?::uuid[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::uuid[], ?::text[], ?::text[], "
            + "?::text[], ?::text[], ?::text[], ?::text[]) AS a(request_id, tenant_id, admitted_micros, action, actor_type, actor_id, "
            + "actor_label, key_id, model, client_address, user_agent, body_sha256, target_type, target_id) "
            + "ON CONFLICT (request_id) DO NOTHING";

    /** Writes {@code admissions} with one statement (see {@link #INSERT}). */
    static void insert(Connection c, List<RequestAdmission> admissions) throws SQLException {
        if (admissions.isEmpty()) {
            return;
        }
        int n = admissions.size();
        UUID[] tenants = new UUID[n];
        UUID[] keys = new UUID[n];
        Long[] admittedMicros = new Long[n];
        String[][] texts = new String[11][n];
        for (int i = 0; i < n; i++) {
            AuditEntry e = admissions.get(i).pending();
            tenants[i] = e.tenantId().value();
            keys[i] = e.keyId();
            admittedMicros[i] = ChronoUnit.MICROS.between(Instant.EPOCH, e.occurredAt()); // whole microseconds, as PostgreSQL keeps them
            String[] v = {e.requestId(), e.action(), e.actorType(), e.actorId(), e.actorLabel(), e.model(), e.clientAddress(), e.userAgent(),
                e.bodySha256(), e.targetType(), e.targetId()};
            for (int k = 0; k < v.length; k++) {
                texts[k][i] = v[k];
            }
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            int p = 1;
            ps.setArray(p++, c.createArrayOf("text", texts[0])); // request id
            ps.setArray(p++, c.createArrayOf("uuid", tenants));
            ps.setArray(p++, c.createArrayOf("bigint", admittedMicros));
            for (int k = 1; k <= 4; k++) { // action, actor type, actor id, actor label
                ps.setArray(p++, c.createArrayOf("text", texts[k]));
            }
            ps.setArray(p++, c.createArrayOf("uuid", keys));
            for (int k = 5; k < texts.length; k++) { // model, client address, user agent, body hash, target type, target id
                ps.setArray(p++, c.createArrayOf("text", texts[k]));
            }
            ps.executeUpdate();
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
