package dev.lmaas.platform.tenant;

import dev.lmaas.platform.tenant.audit.AuditChain;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tamper-evident audit log. Records are appended to one hash chain per tenant inside the
 * caller's transaction: API calls through the request ledger's group commit (the same commit as
 * their usage record), console and admin actions in the transaction of the change they describe.
 */
@Service
public class AuditLog implements ActivityLog {

    /**
     * Every record of a batch in ONE statement: the records arrive as column arrays ({@code unnest}) and the
     * chain heads move in the same statement, one row per tenant. A statement per record cost PostgreSQL a
     * parse-free but otherwise full execution each (issue 19: ~50 µs a record before its own work).
     */
    private static final String INSERT = """
            WITH advance AS (
                UPDATE audit_chain_heads h SET seq = u.seq, hash = u.hash
                  FROM unnest(?::uuid[], ?::bigint[], ?::bytea[]) AS u(tenant_id, seq, hash)
                 WHERE h.tenant_id = u.tenant_id
            )
            INSERT INTO audit_log (tenant_id, seq, occurred_at, kind, action, actor_type, actor_id, actor_label, key_id, model, node_id, status,
              error_code, prompt_tokens, completion_tokens, latency_micros, request_id, client_address, user_agent, body_sha256, target_type,
              target_id, reason, prev_hash, hash)
            SELECT tenant_id, seq, timestamptz 'epoch' + occurred_micros * interval '1 microsecond', kind, action, actor_type, actor_id,
                   actor_label, key_id, model, node_id, status, error_code, prompt_tokens, completion_tokens, latency_micros, request_id,
                   client_address, user_agent, body_sha256, target_type, target_id, reason, prev_hash, hash
              FROM unnest(?::uuid[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::uuid[], ?::text[],
                          ?::text[], ?::int[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[],
                          ?::text[], ?::text[], ?::text[], ?::bytea[], ?::bytea[])
                AS r(tenant_id, seq, occurred_micros, kind, action, actor_type, actor_id, actor_label, key_id, model, node_id, status,
                     error_code, prompt_tokens, completion_tokens, latency_micros, request_id, client_address, user_agent, body_sha256,
                     target_type, target_id, reason, prev_hash, hash)""";
    static final String COLUMNS = "tenant_id, seq, occurred_at, kind, action, actor_type, actor_id, actor_label, key_id, model, node_id, "
            + "status, error_code, prompt_tokens, completion_tokens, latency_micros, request_id, client_address, user_agent, body_sha256, "
            + "target_type, target_id, reason, prev_hash, hash";

    private final DataSource dataSource;
    private final TransactionTemplate tx;
    private final AuditCheckpoints checkpoints;

    AuditLog(DataSource dataSource, TransactionTemplate tx, AuditCheckpoints checkpoints) {
        this.dataSource = dataSource;
        this.tx = tx;
        this.checkpoints = checkpoints;
    }

    /** Appends entries to their tenants' chains on {@code c}, inside the caller's transaction. */
    public void append(Connection c, List<AuditEntry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        // Lock chain heads in one global order so concurrent batches never deadlock.
        Map<UUID, List<AuditEntry>> byTenant = new TreeMap<>();
        for (AuditEntry e : entries) {
            byTenant.computeIfAbsent(e.tenantId().value(), k -> new ArrayList<>()).add(e);
        }
        // One round trip creates the head if missing, locks it and returns it: the no-op DO UPDATE takes
        // the row lock that a SELECT ... FOR UPDATE would, and RETURNING hands back the current head.
        AuditColumns rows = new AuditColumns(entries.size(), byTenant.size());
        try (PreparedStatement lock = c.prepareStatement("""
                     INSERT INTO audit_chain_heads AS h (tenant_id, seq, hash) VALUES (?, 0, ?)
                     ON CONFLICT (tenant_id) DO UPDATE SET seq = h.seq RETURNING seq, hash""");
             PreparedStatement insert = c.prepareStatement(INSERT)) {
            for (Map.Entry<UUID, List<AuditEntry>> t : byTenant.entrySet()) {
                lock.setObject(1, t.getKey());
                lock.setBytes(2, AuditChain.GENESIS);
                long seq;
                byte[] prev;
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    seq = rs.getLong(1);
                    prev = rs.getBytes(2);
                }
                for (AuditEntry e : t.getValue()) {
                    seq++;
                    byte[] hash = AuditChain.hash(prev, seq, e);
                    rows.add(seq, e, prev, hash);
                    prev = hash;
                }
                rows.head(t.getKey(), seq, prev);
            }
            rows.bind(c, insert);
            insert.executeUpdate();
        }
    }

    /** A batch of records as column arrays for {@link #INSERT}, with each tenant's new chain head. */
    private static final class AuditColumns {
        private final UUID[] headTenants;
        private final Long[] headSeqs;
        private final byte[][] headHashes;
        private int heads;
        private final UUID[] tenants;
        private final UUID[] keys;
        private final Long[] seqs;
        private final Long[] occurred;
        private final Long[] prompt;
        private final Long[] completion;
        private final Long[] latency;
        private final Integer[] status;
        private final String[][] texts;
        private final byte[][] prevs;
        private final byte[][] hashes;
        private int n;

        AuditColumns(int records, int tenantCount) {
            headTenants = new UUID[tenantCount];
            headSeqs = new Long[tenantCount];
            headHashes = new byte[tenantCount][];
            tenants = new UUID[records];
            keys = new UUID[records];
            seqs = new Long[records];
            occurred = new Long[records];
            prompt = new Long[records];
            completion = new Long[records];
            latency = new Long[records];
            status = new Integer[records];
            texts = new String[15][records];
            prevs = new byte[records][];
            hashes = new byte[records][];
        }

        void add(long seq, AuditEntry e, byte[] prev, byte[] hash) {
            tenants[n] = e.tenantId().value();
            seqs[n] = seq;
            occurred[n] = ChronoUnit.MICROS.between(Instant.EPOCH, AuditChain.normalise(e.occurredAt()));
            keys[n] = e.keyId();
            status[n] = e.status();
            prompt[n] = e.promptTokens();
            completion[n] = e.completionTokens();
            latency[n] = e.latencyMicros();
            String[] v = {e.kind(), e.action(), e.actorType(), e.actorId(), e.actorLabel(), e.model(), e.nodeId(), e.errorCode(), e.requestId(),
                e.clientAddress(), e.userAgent(), e.bodySha256(), e.targetType(), e.targetId(), e.reason()};
            for (int k = 0; k < v.length; k++) {
                texts[k][n] = v[k];
            }
            prevs[n] = prev;
            hashes[n] = hash;
            n++;
        }

        void head(UUID tenant, long seq, byte[] hash) {
            headTenants[heads] = tenant;
            headSeqs[heads] = seq;
            headHashes[heads] = hash;
            heads++;
        }

        void bind(Connection c, PreparedStatement ps) throws SQLException {
            int i = 1;
            ps.setArray(i++, c.createArrayOf("uuid", headTenants));
            ps.setArray(i++, c.createArrayOf("bigint", headSeqs));
            ps.setArray(i++, c.createArrayOf("bytea", headHashes));
            ps.setArray(i++, c.createArrayOf("uuid", tenants));
            ps.setArray(i++, c.createArrayOf("bigint", seqs));
            ps.setArray(i++, c.createArrayOf("bigint", occurred));
            for (int k = 0; k < 5; k++) { // kind, action, actor type, id, label
                ps.setArray(i++, c.createArrayOf("text", texts[k]));
            }
            ps.setArray(i++, c.createArrayOf("uuid", keys));
            ps.setArray(i++, c.createArrayOf("text", texts[5])); // model
            ps.setArray(i++, c.createArrayOf("text", texts[6])); // node
            ps.setArray(i++, c.createArrayOf("int", status));
            ps.setArray(i++, c.createArrayOf("text", texts[7])); // error code
            ps.setArray(i++, c.createArrayOf("bigint", prompt));
            ps.setArray(i++, c.createArrayOf("bigint", completion));
            ps.setArray(i++, c.createArrayOf("bigint", latency));
            for (int k = 8; k < 15; k++) { // request id, client address, user agent, body hash, target type, target id, reason
                ps.setArray(i++, c.createArrayOf("text", texts[k]));
            }
            ps.setArray(i++, c.createArrayOf("bytea", prevs));
            ps.setArray(i, c.createArrayOf("bytea", hashes));
        }
    }

    /** The API calls among {@code requestIds} that have a record, read in the caller's transaction. */
    public Set<String> recordedRequests(Connection c, Collection<String> requestIds) throws SQLException {
        Set<String> found = new HashSet<>();
        if (requestIds.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT request_id FROM audit_log WHERE request_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", requestIds.toArray(String[]::new)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        return found;
    }

    /** Records a console or admin action in the current transaction (or its own, if there is none). */
    @Override
    public void record(Actor actor, TenantId tenant, String action, String targetType, String targetId) {
        append(List.of(AuditEntry.action(actor, tenant, action, targetType, targetId)));
    }

    @Override
    public void record(Actor actor, TenantId tenant, String action, String targetType, String targetId, String reason) {
        append(List.of(AuditEntry.action(actor, tenant, action, targetType, targetId, reason)));
    }

    public void append(List<AuditEntry> entries) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            Connection c = DataSourceUtils.getConnection(dataSource);
            try {
                append(c, entries);
            } catch (SQLException e) {
                throw new IllegalStateException("audit append failed", e);
            } finally {
                DataSourceUtils.releaseConnection(c, dataSource);
            }
        } else {
            tx.executeWithoutResult(s -> append(entries));
        }
    }

    /** Recomputes a tenant's chain from the first record and reports the first broken link, or the first signed checkpoint it contradicts. */
    public AuditVerification verify(TenantId tenant) {
        return verify(tenant, List.of());
    }

    /** As {@link #verify(TenantId)}, also against checkpoints the caller kept (a tenant's copies). */
    public AuditVerification verify(TenantId tenant, List<AuditCheckpoints.Checkpoint> held) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_log WHERE tenant_id = ? ORDER BY seq")) {
            c.setAutoCommit(false); // lets the driver stream with a fetch size instead of loading every row
            // Records, head, anchor and checkpoints from ONE snapshot: read one after another under read committed, a
            // batch appended in between (live traffic, a restored platform settling admissions) ends the chain before
            // the head it moved, and a sound chain was reported as "records were removed from the end".
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            ps.setFetchSize(1000);
            ps.setObject(1, tenant.value());
            // Records archived to files (AuditArchives) are gone from the table: the chain goes on
            // from the anchor, which a checkpoint signed with the platform's audit key must vouch for.
            var anchor = AuditArchives.anchor(c, tenant);
            if (anchor.isPresent() && !checkpoints.vouchesFor(c, tenant, anchor.get().seq(), anchor.get().hash())) {
                return new AuditVerification(tenant, false, 0, anchor.get().seq(), "the archive anchor at record " + anchor.get().seq()
                        + " is not a checkpoint signed by this platform's audit key: the archive record was altered");
            }
            byte[] prev = anchor.map(AuditArchives.Anchor::hash).orElse(AuditChain.GENESIS);
            long expected = anchor.map(a -> a.seq() + 1).orElse(1L);
            long checked = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    AuditRecord r = read(rs);
                    long seq = r.seq();
                    if (seq != expected) {
                        return new AuditVerification(tenant, false, checked, expected, "record " + expected + " is missing (next is " + seq + ")");
                    }
                    if (!Arrays.equals(rs.getBytes("prev_hash"), prev)) {
                        return new AuditVerification(tenant, false, checked, seq, "record " + seq + " does not link to record " + (seq - 1));
                    }
                    byte[] computed = AuditChain.hash(prev, seq, r.entry());
                    if (!Arrays.equals(computed, rs.getBytes("hash"))) {
                        return new AuditVerification(tenant, false, checked, seq, "record " + seq + " was changed after it was written");
                    }
                    prev = computed;
                    expected++;
                    checked++;
                }
            }
            try (PreparedStatement head = c.prepareStatement("SELECT seq, hash FROM audit_chain_heads WHERE tenant_id = ?")) {
                head.setObject(1, tenant.value());
                try (ResultSet rs = head.executeQuery()) {
                    if (rs.next() && (rs.getLong(1) != expected - 1 || !Arrays.equals(rs.getBytes(2), prev))) {
                        return new AuditVerification(tenant, false, checked, expected,
                                "the chain ends at record " + (expected - 1) + " but its head says " + rs.getLong(1) + ": records were removed from the end");
                    }
                }
            }
            var contradicted = checkpoints.check(c, tenant, held, checked, anchor.map(AuditArchives.Anchor::seq).orElse(0L));
            c.rollback();
            return contradicted.orElse(new AuditVerification(tenant, true, checked, null, null));
        } catch (SQLException e) {
            throw new IllegalStateException("audit verification failed", e);
        }
    }

    /** Tenants that have an audit chain (for verifying everything). */
    public List<TenantId> chains() {
        List<TenantId> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT tenant_id FROM audit_chain_heads ORDER BY tenant_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new TenantId(rs.getObject(1, UUID.class)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /**
     * The tenant's latest refused or failed API calls (status 400 and above) since {@code since}, newest
     * first: the console's "recent errors" (a range condition the general search does not offer).
     */
    public List<AuditEntry> recentApiErrors(TenantId tenant, Instant since, int limit) {
        List<AuditEntry> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM audit_log WHERE tenant_id = ? AND kind = 'api' AND status >= 400 AND occurred_at >= ? ORDER BY occurred_at DESC LIMIT ?")) {
            ps.setObject(1, tenant.value());
            ps.setTimestamp(2, Timestamp.from(since));
            ps.setInt(3, Math.max(1, Math.min(limit, 100)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs).entry());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("audit query failed", e);
        }
        return out;
    }

    public AuditPage search(AuditQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_log WHERE true");
        List<Object> args = new ArrayList<>();
        if (q.tenant() != null) {
            sql.append(" AND tenant_id = ?");
            args.add(q.tenant().value());
        }
        if (q.keyId() != null) {
            sql.append(" AND key_id = ?");
            args.add(q.keyId());
        }
        if (q.action() != null && !q.action().isBlank()) {
            sql.append(" AND action LIKE ?");
            args.add(q.action().strip().replace("%", "\\%") + "%");
        }
        if (q.status() != null) {
            sql.append(" AND status = ?");
            args.add(q.status());
        }
        if (q.from() != null) {
            sql.append(" AND occurred_at >= ?");
            args.add(Timestamp.from(q.from()));
        }
        if (q.to() != null) {
            sql.append(" AND occurred_at < ?");
            args.add(Timestamp.from(q.to()));
        }
        if (q.requestId() != null && !q.requestId().isBlank()) {
            sql.append(" AND request_id = ?");
            args.add(q.requestId().strip());
        }
        Cursor cursor = q.cursor() == null || q.cursor().isBlank() ? null : Cursor.decode(q.cursor());
        // A newer-than cursor reads upwards from its place (ascending) and turns the page round, so every page is newest first.
        boolean upwards = cursor != null && cursor.newer();
        if (cursor != null) {
            sql.append(upwards ? " AND (occurred_at, tenant_id, seq) > (?, ?, ?)" : " AND (occurred_at, tenant_id, seq) < (?, ?, ?)");
            args.add(Timestamp.from(cursor.at()));
            args.add(cursor.tenant());
            args.add(cursor.seq());
        }
        sql.append(upwards ? " ORDER BY occurred_at, tenant_id, seq LIMIT ?" : " ORDER BY occurred_at DESC, tenant_id DESC, seq DESC LIMIT ?");
        args.add(q.limit() + 1);
        List<AuditRecord> records = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    records.add(read(rs));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("audit search failed", e);
        }
        boolean more = records.size() > q.limit();
        if (more) {
            records = new ArrayList<>(records.subList(0, q.limit()));
        }
        if (upwards) {
            java.util.Collections.reverse(records);
        }
        if (records.isEmpty()) {
            return new AuditPage(List.of(), null, null);
        }
        // Older records exist past a full page read downwards, and always below a page read upwards (its cursor's own
        // record at least); newer ones above a page reached with a cursor, unless an upwards read found no more.
        String older = upwards || more ? Cursor.of(records.getLast(), false).encode() : null;
        String newer = upwards ? (more ? Cursor.of(records.getFirst(), true).encode() : null)
                : cursor != null ? Cursor.of(records.getFirst(), true).encode() : null;
        return new AuditPage(List.copyOf(records), older, newer);
    }

    /** A place in the newest-first order, and which way to read from it: {@code newer} reads the records above it. */
    record Cursor(Instant at, UUID tenant, long seq, boolean newer) {

        private static final String NEWER = "n.";

        static Cursor of(AuditRecord r, boolean newer) {
            return new Cursor(r.entry().occurredAt(), r.entry().tenantId().value(), r.seq(), newer);
        }

        String encode() {
            String raw = at.getEpochSecond() + ":" + at.getNano() + ":" + tenant + ":" + seq;
            return (newer ? NEWER : "") + Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String s) {
            try {
                boolean newer = s.startsWith(NEWER);
                String[] p = new String(Base64.getUrlDecoder().decode(newer ? s.substring(NEWER.length()) : s), StandardCharsets.UTF_8).split(":");
                return new Cursor(Instant.ofEpochSecond(Long.parseLong(p[0]), Long.parseLong(p[1])), UUID.fromString(p[2]), Long.parseLong(p[3]), newer);
            } catch (RuntimeException e) {
                throw new InvalidInputException("cursor is not valid", "cursor");
            }
        }
    }

    static AuditRecord read(ResultSet rs) throws SQLException {
        AuditEntry e = new AuditEntry(new TenantId(rs.getObject("tenant_id", UUID.class)), rs.getTimestamp("occurred_at").toInstant(),
                rs.getString("kind"), rs.getString("action"), rs.getString("actor_type"), rs.getString("actor_id"), rs.getString("actor_label"),
                rs.getObject("key_id", UUID.class), rs.getString("model"), rs.getString("node_id"), (Integer) rs.getObject("status"),
                rs.getString("error_code"), (Long) rs.getObject("prompt_tokens"), (Long) rs.getObject("completion_tokens"),
                (Long) rs.getObject("latency_micros"), rs.getString("request_id"), rs.getString("client_address"), rs.getString("user_agent"),
                rs.getString("body_sha256"), rs.getString("target_type"), rs.getString("target_id"), rs.getString("reason"));
        return new AuditRecord(rs.getLong("seq"), e, HexFormat.of().formatHex(rs.getBytes("hash")));
    }

}
