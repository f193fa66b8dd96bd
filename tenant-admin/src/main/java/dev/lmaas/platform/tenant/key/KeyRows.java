package dev.lmaas.platform.tenant.key;

import dev.lmaas.platform.tenant.ApiKeyId;
import dev.lmaas.platform.tenant.ApiKeyView;
import dev.lmaas.platform.tenant.CachedTenant;
import dev.lmaas.platform.tenant.KeyPermission;
import dev.lmaas.platform.tenant.TenantId;
import dev.lmaas.platform.tenant.TenantStatus;
import java.nio.ByteBuffer;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** SQL for API keys, their secrets and the tenant facts the key cache needs. */
@Repository
public class KeyRows {

    /** A key as the verifier caches it. */
    public record CachedKey(ApiKeyId id, TenantId tenantId, String name, Set<String> models, Instant expiresAt, boolean revoked,
                            Set<KeyPermission> permissions) {
    }

    /** One stored secret of a key; {@code validUntil} is set once the key was rotated away from it. */
    public record CachedSecret(ByteBuffer hmac, ApiKeyId keyId, Instant validUntil, String pepperVersion) {
    }

    private static final String KEY_COLUMNS = "id, tenant_id, name, prefix, models, expires_at, status, created_at, last_used_at, revoked_at, permissions, "
            + "created_by_label, (created_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM console_users u WHERE u.id = api_keys.created_by "
            + "AND u.tenant_id = api_keys.tenant_id)) AS creator_left";

    private final JdbcTemplate jdbc;
    private final KeyHasher hasher;

    public KeyRows(JdbcTemplate jdbc, KeyHasher hasher) {
        this.jdbc = jdbc;
        this.hasher = hasher;
    }

    /** A new key; {@code createdBy} is the member who made it (null when not a member), {@code createdByLabel} what people saw of them. */
    public void insertKey(ApiKeyId id, TenantId tenant, String name, String prefix, List<String> models, Instant expiresAt,
                          Set<KeyPermission> permissions, UUID createdBy, String createdByLabel) {
        jdbc.update(con -> {
            var ps = con.prepareStatement("INSERT INTO api_keys (id, tenant_id, name, prefix, models, expires_at, permissions, created_by, "
                    + "created_by_label) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
            ps.setObject(1, id.value());
            ps.setObject(2, tenant.value());
            ps.setString(3, name);
            ps.setString(4, prefix);
            ps.setArray(5, models == null || models.isEmpty() ? null : con.createArrayOf("text", models.toArray()));
            ps.setTimestamp(6, expiresAt == null ? null : Timestamp.from(expiresAt));
            ps.setArray(7, con.createArrayOf("text", permissions.stream().map(KeyPermission::value).sorted().toArray()));
            ps.setObject(8, createdBy);
            ps.setString(9, createdByLabel);
            return ps;
        });
    }

    public void insertSecret(byte[] hmac, ApiKeyId key, TenantId tenant) {
        jdbc.update("INSERT INTO api_key_secrets (hmac, key_id, tenant_id, pepper_version) VALUES (?, ?, ?, ?)",
                hmac, key.value(), tenant.value(), hasher.version());
    }

    /** Replaces a secret's HMAC by the one under the current pepper; false if another request or replica did it first. */
    public boolean rehash(ByteBuffer old, byte[] current) {
        return jdbc.update("UPDATE api_key_secrets SET hmac = ?, pepper_version = ? WHERE hmac = ?",
                current, hasher.version(), toArray(old)) > 0;
    }

    /** Marks a secret found under the current pepper but stored before versioning. */
    public void markCurrent(ByteBuffer hmac) {
        jdbc.update("UPDATE api_key_secrets SET pepper_version = ? WHERE hmac = ? AND pepper_version IS DISTINCT FROM ?",
                hasher.version(), toArray(hmac), hasher.version());
    }

    /**
     * Secrets of live keys (not revoked, not expired, secret not ended) not yet known to be under the
     * current pepper: while this is above zero, dropping a previous pepper locks those keys out.
     */
    public long countOnOldPepper() {
        Long n = jdbc.queryForObject("SELECT count(*) FROM api_key_secrets s JOIN api_keys k ON k.id = s.key_id "
                + "WHERE s.pepper_version IS DISTINCT FROM ? AND k.status = 'active' AND (k.expires_at IS NULL OR k.expires_at > now()) "
                + "AND (s.valid_until IS NULL OR s.valid_until > now())", Long.class, hasher.version());
        return n == null ? 0 : n;
    }

    private static byte[] toArray(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    /** Ends the current secret(s) of a key at {@code until}; returns how many. */
    public int expireCurrentSecrets(ApiKeyId key, Instant until) {
        return jdbc.update("UPDATE api_key_secrets SET valid_until = ? WHERE key_id = ? AND (valid_until IS NULL OR valid_until > ?)",
                Timestamp.from(until), key.value(), Timestamp.from(until));
    }

    public void updatePrefix(ApiKeyId key, String prefix) {
        jdbc.update("UPDATE api_keys SET prefix = ? WHERE id = ?", prefix, key.value());
    }

    public boolean revoke(ApiKeyId key, TenantId tenant) {
        return jdbc.update("UPDATE api_keys SET status = 'revoked', revoked_at = now() WHERE id = ? AND tenant_id = ? AND status = 'active'",
                key.value(), tenant.value()) > 0;
    }

    public List<ApiKeyView> findByTenant(TenantId tenant) {
        return jdbc.query("SELECT " + KEY_COLUMNS + " FROM api_keys WHERE tenant_id = ? ORDER BY created_at DESC", VIEW, tenant.value());
    }

    public List<ApiKeyView> find(ApiKeyId key) {
        return jdbc.query("SELECT " + KEY_COLUMNS + " FROM api_keys WHERE id = ?", VIEW, key.value());
    }

    public int countActive(TenantId tenant) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM api_keys WHERE tenant_id = ? AND status = 'active' AND (expires_at IS NULL OR expires_at > now())",
                Integer.class, tenant.value());
        return n == null ? 0 : n;
    }

    public void touch(Collection<ApiKeyId> keys, Instant when) {
        jdbc.batchUpdate("UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
                keys.stream().map(k -> new Object[] {Timestamp.from(when), k.value(), Timestamp.from(when)}).toList());
    }

    public List<CachedKey> cachedKeys(UUID onlyKey) {
        String where = onlyKey == null ? "" : " WHERE id = ?";
        Object[] args = onlyKey == null ? new Object[0] : new Object[] {onlyKey};
        return jdbc.query("SELECT id, tenant_id, name, models, expires_at, status, permissions FROM api_keys" + where, (rs, i) -> new CachedKey(
                new ApiKeyId(rs.getObject("id", UUID.class)), new TenantId(rs.getObject("tenant_id", UUID.class)), rs.getString("name"),
                Set.copyOf(models(rs)), instant(rs, "expires_at"), "revoked".equals(rs.getString("status")), permissions(rs)), args);
    }

    public List<CachedSecret> cachedSecrets(UUID onlyKey) {
        String where = onlyKey == null ? "" : " WHERE key_id = ?";
        Object[] args = onlyKey == null ? new Object[0] : new Object[] {onlyKey};
        return jdbc.query("SELECT hmac, key_id, valid_until, pepper_version FROM api_key_secrets" + where, (rs, i) -> new CachedSecret(
                ByteBuffer.wrap(rs.getBytes("hmac")), new ApiKeyId(rs.getObject("key_id", UUID.class)), instant(rs, "valid_until"),
                rs.getString("pepper_version")), args);
    }

    public List<CachedTenant> cachedTenants(UUID onlyTenant) {
        String where = onlyTenant == null ? "" : " WHERE id = ?";
        Object[] args = onlyTenant == null ? new Object[0] : new Object[] {onlyTenant};
        return jdbc.query("SELECT id, status, plan_id, default_model, retention, retention_days FROM tenants" + where, (rs, i) -> new CachedTenant(
                new TenantId(rs.getObject("id", UUID.class)), TenantStatus.fromDb(rs.getString("status")), rs.getString("plan_id"),
                rs.getString("default_model"), "encrypted".equals(rs.getString("retention")) ? (Integer) rs.getObject("retention_days") : null), args);
    }

    private static final RowMapper<ApiKeyView> VIEW = (rs, i) -> new ApiKeyView(new ApiKeyId(rs.getObject("id", UUID.class)),
            new TenantId(rs.getObject("tenant_id", UUID.class)), rs.getString("name"), rs.getString("prefix"), models(rs),
            instant(rs, "expires_at"), rs.getString("status"), instant(rs, "created_at"), instant(rs, "last_used_at"), instant(rs, "revoked_at"),
            permissions(rs), rs.getString("created_by_label"), rs.getBoolean("creator_left"));

    private static Set<KeyPermission> permissions(ResultSet rs) throws SQLException {
        Array array = rs.getArray("permissions");
        EnumSet<KeyPermission> out = EnumSet.noneOf(KeyPermission.class);
        if (array != null) {
            for (String p : (String[]) array.getArray()) {
                out.add(KeyPermission.parse(p));
            }
        }
        return out;
    }

    private static List<String> models(ResultSet rs) throws SQLException {
        Array array = rs.getArray("models");
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
