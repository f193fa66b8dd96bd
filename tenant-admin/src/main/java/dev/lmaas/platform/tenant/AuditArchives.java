package dev.lmaas.platform.tenant;

import dev.lmaas.platform.tenant.audit.AuditArchiveFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Moves old audit records out of the database into archive files that stay verifiable
 * ({@link AuditArchiveFile}), so audit_log does not grow for ever. For each tenant, the records
 * before a moment — the longest run from the last archive on whose every record is older, so a
 * chain is always cut at one place — are written to a file ending at a freshly signed checkpoint,
 * then deleted in the same transaction that records the file as the tenant's new anchor
 * ({@code audit_archives}, V104). {@link AuditLog#verify} continues the online chain from that
 * anchor. Month partitions of audit_log left empty and older than the moment are dropped.
 */
@Service
public class AuditArchives {

    /** One file written: a tenant's records {@code fromSeq..toSeq}. */
    public record Archived(TenantId tenant, long fromSeq, long toSeq, long records, Path file, String sha256) {
    }

    /** The anchor of a tenant's online chain: records up to {@code seq} are archived, the next one links to {@code hash}. */
    record Anchor(long seq, byte[] hash) {
    }

    private static final long LOCK = 0x4c4d_4155_4152_4331L; // "LMAUARC1"
    private static final Logger log = LoggerFactory.getLogger(AuditArchives.class);
    private static final HexFormat HEX = HexFormat.of();

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final AuditCheckpoints checkpoints;

    AuditArchives(DataSource dataSource, JdbcTemplate jdbc, AuditCheckpoints checkpoints) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.checkpoints = checkpoints;
    }

    /** The platform's public audit key (base64 X.509): what verifies archive files. */
    public String publicKey() {
        return checkpoints.publicKey();
    }

    /** Archives every tenant's records older than {@code before} into {@code directory}; returns the files written. */
    public List<Archived> archive(Instant before, Path directory) throws IOException {
        Files.createDirectories(directory);
        List<Archived> written = new ArrayList<>();
        for (UUID tenant : jdbc.queryForList("SELECT tenant_id FROM audit_chain_heads ORDER BY tenant_id", UUID.class)) {
            archiveTenant(new TenantId(tenant), before, directory).ifPresent(written::add);
        }
        List<String> dropped = dropEmptyPartitions(before);
        if (!written.isEmpty() || !dropped.isEmpty()) {
            log.info("Audit archive before {}: {} file(s), {} record(s); partitions dropped: {}", before, written.size(),
                    written.stream().mapToLong(Archived::records).sum(), dropped);
        }
        return written;
    }

    /** Archive files recorded so far, newest first. */
    public List<Archived> list(Path directory) {
        return jdbc.query("SELECT tenant_id, from_seq, to_seq, records, file_name, file_sha256 FROM audit_archives ORDER BY archived_at DESC, tenant_id",
                (rs, i) -> new Archived(new TenantId(rs.getObject(1, UUID.class)), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        directory.resolve(rs.getString(5)), rs.getString(6)));
    }

    /** The tenant's anchor on {@code c}: empty when nothing of its chain is archived. */
    static Optional<Anchor> anchor(Connection c, TenantId tenant) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_seq, last_hash FROM audit_archives WHERE tenant_id = ? ORDER BY to_seq DESC LIMIT 1")) {
            ps.setObject(1, tenant.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Anchor(rs.getLong(1), rs.getBytes(2))) : Optional.empty();
            }
        }
    }

    private Optional<Archived> archiveTenant(TenantId tenant, Instant before, Path directory) throws IOException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
                    lock.setInt(1, (int) LOCK);
                    lock.setString(2, tenant.value().toString());
                    lock.execute();
                }
                Optional<Anchor> anchor = anchor(c, tenant);
                long from = anchor.map(a -> a.seq() + 1).orElse(1L);
                byte[] prevHash = anchor.map(Anchor::hash).orElse(dev.lmaas.platform.tenant.audit.AuditChain.GENESIS);
                long to = lastArchivable(c, tenant, before);
                if (to < from) {
                    c.rollback();
                    return Optional.empty();
                }
                byte[] lastHash = hashAt(c, tenant, to);
                AuditCheckpoints.Checkpoint signed = checkpoints.signAt(tenant, to, lastHash);
                String name = "audit-" + tenant.value() + "-" + String.format("%012d", from) + "-" + String.format("%012d", to) + ".jsonl.gz";
                Path file = directory.resolve(name);
                Path partial = directory.resolve(name + ".partial");
                long records;
                try (Writer out = AuditArchiveFile.open(partial)) {
                    AuditArchiveFile.header(out, tenant, from, to, prevHash, lastHash,
                            new AuditArchiveFile.Signature(to, lastHash, signed.signedAt(), signed.keyId(), signed.signature()), checkpoints.publicKey());
                    AuditArchiveFile records0 = AuditArchiveFile.start(out, tenant, from, prevHash);
                    try (PreparedStatement ps = c.prepareStatement("SELECT " + AuditLog.COLUMNS
                            + " FROM audit_log WHERE tenant_id = ? AND seq BETWEEN ? AND ? ORDER BY seq")) {
                        ps.setFetchSize(1000);
                        ps.setObject(1, tenant.value());
                        ps.setLong(2, from);
                        ps.setLong(3, to);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                AuditRecord r = AuditLog.read(rs);
                                records0.add(r.seq(), r.entry(), rs.getBytes("prev_hash"), rs.getBytes("hash"));
                            }
                        }
                    }
                    records = records0.written();
                    if (records != to - from + 1) {
                        throw new IOException("tenant " + tenant.value() + ": " + records + " records between " + from + " and " + to
                                + " instead of " + (to - from + 1) + ": the chain is broken, nothing archived");
                    }
                }
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                String sha256 = sha256(file);
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO audit_archives (tenant_id, from_seq, to_seq, last_hash, records, file_name, "
                        + "file_sha256) VALUES (?, ?, ?, ?, ?, ?, ?)");
                     PreparedStatement del = c.prepareStatement("DELETE FROM audit_log WHERE tenant_id = ? AND seq BETWEEN ? AND ?")) {
                    ins.setObject(1, tenant.value());
                    ins.setLong(2, from);
                    ins.setLong(3, to);
                    ins.setBytes(4, lastHash);
                    ins.setLong(5, records);
                    ins.setString(6, name);
                    ins.setString(7, sha256);
                    ins.executeUpdate();
                    del.setObject(1, tenant.value());
                    del.setLong(2, from);
                    del.setLong(3, to);
                    del.executeUpdate();
                }
                c.commit(); // the file is on disk (moved, whole) before its records leave the database
                return Optional.of(new Archived(tenant, from, to, records, file, sha256));
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IOException("audit archive of tenant " + tenant.value() + " failed: " + e.getMessage(), e);
        }
    }

    /** The last record of the tenant's longest prefix (from the start) whose every record is older than {@code before}. */
    private static long lastArchivable(Connection c, TenantId tenant, Instant before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT coalesce((SELECT min(seq) FROM audit_log WHERE tenant_id = ? AND occurred_at >= ?) - 1,
                                (SELECT seq FROM audit_chain_heads WHERE tenant_id = ?))""")) {
            ps.setObject(1, tenant.value());
            ps.setTimestamp(2, Timestamp.from(before));
            ps.setObject(3, tenant.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static byte[] hashAt(Connection c, TenantId tenant, long seq) throws SQLException, IOException {
        try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM audit_log WHERE tenant_id = ? AND seq = ?")) {
            ps.setObject(1, tenant.value());
            ps.setLong(2, seq);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IOException("record " + seq + " of tenant " + tenant.value() + " is missing: the chain is broken, nothing archived");
                }
                return rs.getBytes(1);
            }
        }
    }

    /** Month partitions of audit_log that ended by {@code before} and hold no record any more. */
    private List<String> dropEmptyPartitions(Instant before) {
        List<String> candidates = jdbc.queryForList("""
                SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                 WHERE i.inhparent = 'audit_log'::regclass AND c.relname ~ '^audit_log_y[0-9]{4}m[0-9]{2}$'
                   AND (to_date(substr(c.relname, 12, 4) || substr(c.relname, 17, 2), 'YYYYMM') + interval '1 month') <= ?::timestamptz
                 ORDER BY c.relname""", String.class, Timestamp.from(before));
        List<String> dropped = new ArrayList<>();
        for (String partition : candidates) {
            // The name comes from the catalog and matched the pattern above: safe as a quoted identifier.
            Boolean empty = jdbc.queryForObject("SELECT NOT EXISTS (SELECT 1 FROM \"" + partition + "\")", Boolean.class);
            if (Boolean.TRUE.equals(empty)) {
                jdbc.execute("DROP TABLE IF EXISTS \"" + partition + "\"");
                dropped.add(partition);
            }
        }
        return dropped;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HEX.formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
