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

/** The SQL of {@code request_admissions} (V160), inside the caller's transaction. */
final class Admissions {

    private static final String COLUMNS = "request_id, tenant_id, admitted_at, action, actor_type, actor_id, actor_label, key_id, model, "
            + "client_address, user_agent, body_sha256, target_type, target_id";

    private Admissions() {
    }

    /**
     * Inserts the batch's admissions and deletes those of the calls whose records are being written, in ONE
     * statement (one round trip and one execution, where a batch of inserts and a delete took two round trips
     * and one execution per admission; issue 19: a commit's statements were most of PostgreSQL's CPU per call),
     * and answers which of those calls may be written: those whose admission was still there, and those with
     * none that have no audit record yet (an admission that never committed). A call settled already is not
     * written a second time.
     *
     * <p>The delete sees the table as it was before the statement, so an admission whose records are in the
     * same batch (its own commit failed or was late) is not inserted at all: with no admission and no audit
     * record its call is writable, as it was when the admission was inserted and deleted in two statements.
     */
    static Set<String> admitAndTake(Connection c, AuditLog audit, List<RequestAdmission> admissions, Collection<String> requestIds)
            throws SQLException {
        Set<String> writable = new HashSet<>();
        if (admissions.isEmpty() && requestIds.isEmpty()) {
            return writable;
        }
        String[] ids = requestIds.toArray(String[]::new);
        try (PreparedStatement ps = c.prepareStatement(ADMIT_AND_TAKE)) {
            ps.setArray(1, c.createArrayOf("text", ids));
            new AdmissionColumns(admissions).bind(c, ps, 2);
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

    private static final String ADMIT_AND_TAKE = """
            WITH taken AS (
                SELECT unnest(?::text[]) AS request_id
            ), admitted AS (
                INSERT INTO request_admissions (%s)
                SELECT request_id, tenant_id, timestamptz 'epoch' + admitted_micros * interval '1 microsecond', action, actor_type, actor_id,
                       actor_label, key_id, model, client_address, user_agent, body_sha256, target_type, target_id
                  FROM unnest(?::text[], ?::uuid[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::uuid[], ?::text[], ?::text[],
                              ?::text[], ?::text[], ?::text[], ?::text[])
                    AS a(request_id, tenant_id, admitted_micros, action, actor_type, actor_id, actor_label, key_id, model, client_address,
                         user_agent, body_sha256, target_type, target_id)
                 WHERE a.request_id NOT IN (SELECT request_id FROM taken)
                ON CONFLICT (request_id) DO NOTHING
            )
            DELETE FROM request_admissions WHERE request_id IN (SELECT request_id FROM taken) RETURNING request_id""".formatted(COLUMNS);

    /** A batch of admissions as column arrays for {@link #ADMIT_AND_TAKE}. */
    private static final class AdmissionColumns {
        private final String[][] texts;
        private final UUID[] tenants;
        private final UUID[] keys;
        private final Long[] admitted;

        AdmissionColumns(List<RequestAdmission> admissions) {
            int n = admissions.size();
            texts = new String[11][n];
            tenants = new UUID[n];
            keys = new UUID[n];
            admitted = new Long[n];
            for (int i = 0; i < n; i++) {
                AuditEntry e = admissions.get(i).pending();
                tenants[i] = e.tenantId().value();
                keys[i] = e.keyId();
                admitted[i] = ChronoUnit.MICROS.between(Instant.EPOCH, e.occurredAt());
                String[] v = {e.requestId(), e.action(), e.actorType(), e.actorId(), e.actorLabel(), e.model(), e.clientAddress(), e.userAgent(),
                    e.bodySha256(), e.targetType(), e.targetId()};
                for (int k = 0; k < v.length; k++) {
                    texts[k][i] = v[k];
                }
            }
        }

        void bind(Connection c, PreparedStatement ps, int first) throws SQLException {
            int p = first;
            ps.setArray(p++, c.createArrayOf("text", texts[0])); // request id
            ps.setArray(p++, c.createArrayOf("uuid", tenants));
            ps.setArray(p++, c.createArrayOf("bigint", admitted));
            for (int k = 1; k <= 4; k++) { // action, actor type, id, label
                ps.setArray(p++, c.createArrayOf("text", texts[k]));
            }
            ps.setArray(p++, c.createArrayOf("uuid", keys));
            for (int k = 5; k <= 10; k++) { // model, client address, user agent, body hash, target type, target id
                ps.setArray(p++, c.createArrayOf("text", texts[k]));
            }
        }
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
