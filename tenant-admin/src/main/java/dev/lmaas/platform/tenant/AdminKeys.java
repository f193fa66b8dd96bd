package dev.lmaas.platform.tenant;

import dev.lmaas.platform.db.ChangeFeed;
import dev.lmaas.platform.db.DataDirectory;
import dev.lmaas.platform.tenant.key.ApiKeyFormat;
import dev.lmaas.platform.tenant.key.KeyHasher;
import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Admin API keys ({@code lma_...}): stored like tenant keys (HMAC only), cached in memory. On first
 * start a bootstrap key is generated and written to {@code DATA_DIR/admin-key} (0600); only that
 * file's path is logged, never the key. {@code LMAAS_ADMIN_KEY} in the environment is accepted instead.
 */
@Service
public class AdminKeys implements ChangeFeed.Subscriber {

    /** A verified admin key. */
    public record AdminKey(UUID id, String name, String prefix) {
    }

    /** An admin key as listed: never its secret. */
    public record AdminKeyView(UUID id, String name, String prefix, java.time.Instant createdAt, java.time.Instant revokedAt) {
    }

    /** A key just created or rotated: the only time its secret is available. */
    public record IssuedAdminKey(AdminKeyView key, String secret) {
    }

    static final String TOPIC = "admin-key";
    private static final Logger log = LoggerFactory.getLogger(AdminKeys.class);

    private final JdbcTemplate jdbc;
    private final KeyHasher hasher;
    private static final long LOCK = 7262001;
    private static final int MAX_NAME = 100;
    /** An active key as cached: with the version of the pepper its HMAC was computed under. */
    private record Cached(AdminKey key, String pepperVersion) {
    }

    private final Map<ByteBuffer, Cached> active = new ConcurrentHashMap<>();
    private final ChangeFeed feed;
    private final TransactionTemplate tx;
    private final org.springframework.beans.factory.ObjectProvider<ActivityLog> activity;

    AdminKeys(JdbcTemplate jdbc, KeyHasher hasher, ChangeFeed feed, DataDirectory dataDirectory, TenantAdminProperties properties,
              TransactionTemplate tx, org.springframework.beans.factory.ObjectProvider<ActivityLog> activity) {
        this.jdbc = jdbc;
        this.hasher = hasher;
        this.feed = feed;
        this.tx = tx;
        this.activity = activity;
        tx.executeWithoutResult(s -> bootstrap(dataDirectory, properties.adminKey()));
        resync();
        feed.subscribe(this);
    }

    public Optional<AdminKey> verify(String presented) {
        if (!ApiKeyFormat.isWellFormed(presented, ApiKeyFormat.ADMIN_PREFIX)) {
            return Optional.empty();
        }
        byte[] current = hasher.hash(presented);
        ByteBuffer found = ByteBuffer.wrap(current);
        Cached cached = active.get(found);
        for (var it = hasher.previousHashes(presented).iterator(); cached == null && it.hasNext(); ) {
            found = ByteBuffer.wrap(it.next());
            cached = active.get(found);
        }
        if (cached == null) {
            return Optional.empty();
        }
        if (!hasher.version().equals(cached.pepperVersion())) {
            moveToCurrentPepper(cached.key().id(), current);
        }
        return Optional.of(cached.key());
    }

    /** Same as tenant keys: re-hashed under the current pepper on first use after a pepper rotation. */
    private void moveToCurrentPepper(UUID id, byte[] current) {
        try {
            jdbc.update("UPDATE admin_keys SET hmac = ?, pepper_version = ? WHERE id = ? AND revoked_at IS NULL", current, hasher.version(), id);
            feed.publish(TOPIC, id);
            resync();
        } catch (RuntimeException e) {
            log.warn("Could not move admin key {} to the current pepper: {}", id, e.toString());
        }
    }

    /** Active admin keys not yet known to be hashed under the current pepper. */
    public long keysOnOldPepper() {
        Long n = jdbc.queryForObject("SELECT count(*) FROM admin_keys WHERE revoked_at IS NULL AND pepper_version IS DISTINCT FROM ?",
                Long.class, hasher.version());
        return n == null ? 0 : n;
    }

    /** Verifies an {@code Authorization: Bearer lma_...} header value. */
    public Optional<AdminKey> verifyHeader(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return verify(authorization.substring(7).strip());
    }

    public java.util.List<AdminKeyView> list() {
        return jdbc.query("SELECT id, name, prefix, created_at, revoked_at FROM admin_keys ORDER BY created_at, id", (rs, i) -> view(rs));
    }

    /** A new admin key; its secret is in the answer only. */
    public IssuedAdminKey create(String name, Actor actor) {
        String clean = name == null || name.isBlank() ? "admin" : name.strip();
        if (clean.length() > MAX_NAME) {
            throw new InvalidInputException("name must be at most " + MAX_NAME + " characters", "name");
        }
        return tx.execute(s -> {
            IssuedAdminKey issued = insert(clean);
            changedHere(actor, "admin_key.created", issued.key().id());
            return issued;
        });
    }

    /**
     * Revokes at once. Refused (409) when it would leave no active admin key: nobody could then use the
     * admin API again short of editing the database. Revoking the key making the call is allowed when
     * another active key exists, because that is exactly what an operator whose key leaked must do.
     */
    public AdminKeyView revoke(UUID id, Actor actor) {
        return tx.execute(s -> {
            jdbc.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")"); // two concurrent revokes cannot remove the last two keys
            AdminKeyView current = find(id);
            if (current.revokedAt() != null) {
                return current;
            }
            Integer others = jdbc.queryForObject("SELECT count(*) FROM admin_keys WHERE revoked_at IS NULL AND id <> ?", Integer.class, id);
            if (others == null || others == 0) {
                throw new ConflictException("This is the last active admin key; create another before revoking it", "id");
            }
            jdbc.update("UPDATE admin_keys SET revoked_at = now() WHERE id = ?", id);
            changedHere(actor, "admin_key.revoked", id);
            return find(id);
        });
    }

    /**
     * A new secret replacing the key's: a new row (new id, same name), the old row revoked at once in the
     * same transaction. Admin keys are few and held by operators, so no grace period: an operator rotating
     * one holds the new secret in the answer. The old row is kept (revoked) so that a rotated-away
     * {@code LMAAS_ADMIN_KEY} is not re-inserted as active at the next start.
     */
    public IssuedAdminKey rotate(UUID id, Actor actor) {
        return tx.execute(s -> {
            jdbc.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
            AdminKeyView current = find(id);
            if (current.revokedAt() != null) {
                throw new ConflictException("A revoked admin key cannot be rotated", "id");
            }
            jdbc.update("UPDATE admin_keys SET revoked_at = now() WHERE id = ?", id);
            IssuedAdminKey issued = insert(current.name());
            changedHere(actor, "admin_key.rotated", id);
            changedHere(actor, "admin_key.created", issued.key().id());
            return issued;
        });
    }

    private IssuedAdminKey insert(String name) {
        UUID id = UUID.randomUUID();
        String secret = ApiKeyFormat.generate(ApiKeyFormat.ADMIN_PREFIX);
        jdbc.update("INSERT INTO admin_keys (id, name, hmac, prefix, pepper_version) VALUES (?, ?, ?, ?, ?)",
                id, name, hasher.hash(secret), ApiKeyFormat.displayPrefix(secret), hasher.version());
        return new IssuedAdminKey(find(id), secret);
    }

    private AdminKeyView find(UUID id) {
        return jdbc.query("SELECT id, name, prefix, created_at, revoked_at FROM admin_keys WHERE id = ?", (rs, i) -> view(rs), id)
                .stream().findFirst().orElseThrow(() -> new NotFoundException("Admin key"));
    }

    private static AdminKeyView view(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new AdminKeyView(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("prefix"),
                rs.getTimestamp("created_at").toInstant(), revoked == null ? null : revoked.toInstant());
    }

    /** Audits in the transaction, tells every replica, and updates this one's cache once committed. */
    private void changedHere(Actor actor, String action, UUID id) {
        ActivityLog log = activity.getIfAvailable();
        if (log != null) {
            log.record(actor, null, action, "admin_key", id.toString());
        }
        feed.publish(TOPIC, id);
        org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                new org.springframework.transaction.support.TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        resync();
                    }
                });
    }

    @Override
    public void changed(String topic, String id) {
        if (TOPIC.equals(topic)) {
            resync();
        }
    }

    @Override
    public synchronized void resync() { // serialised: an older read must not overwrite a newer one
        Map<ByteBuffer, Cached> loaded = new java.util.HashMap<>();
        jdbc.query("SELECT id, name, prefix, hmac, pepper_version FROM admin_keys WHERE revoked_at IS NULL", rs -> {
            loaded.put(ByteBuffer.wrap(rs.getBytes("hmac")), new Cached(
                    new AdminKey(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("prefix")), rs.getString("pepper_version")));
        });
        active.putAll(loaded);
        active.keySet().retainAll(loaded.keySet());
    }

    private void bootstrap(DataDirectory dataDirectory, String fromEnvironment) {
        jdbc.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")"); // two replicas starting together create one key
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            String key = fromEnvironment.strip();
            if (!ApiKeyFormat.isWellFormed(key, ApiKeyFormat.ADMIN_PREFIX)) {
                throw new IllegalStateException("LMAAS_ADMIN_KEY is not a well-formed admin key (lma_ + 32 base62 + checksum); "
                        + "remove it to have one generated");
            }
            byte[] hmac = hasher.hash(key);
            // Known under an earlier pepper (possibly revoked): not a new key. Re-inserting it would undo its revocation.
            for (byte[] old : hasher.previousHashes(key)) {
                Integer known = jdbc.queryForObject("SELECT count(*) FROM admin_keys WHERE hmac = ?", Integer.class, (Object) old);
                if (known != null && known > 0) {
                    return;
                }
            }
            jdbc.update("INSERT INTO admin_keys (id, name, hmac, prefix, pepper_version) VALUES (?, 'environment', ?, ?, ?) ON CONFLICT (hmac) DO NOTHING",
                    UUID.randomUUID(), hmac, ApiKeyFormat.displayPrefix(key), hasher.version());
            return;
        }
        Integer existing = jdbc.queryForObject("SELECT count(*) FROM admin_keys WHERE revoked_at IS NULL", Integer.class);
        if (existing != null && existing > 0) {
            return;
        }
        String key = ApiKeyFormat.generate(ApiKeyFormat.ADMIN_PREFIX);
        jdbc.update("INSERT INTO admin_keys (id, name, hmac, prefix, created_at, pepper_version) VALUES (?, 'bootstrap', ?, ?, ?, ?)",
                UUID.randomUUID(), hasher.hash(key), ApiKeyFormat.displayPrefix(key), new Timestamp(System.currentTimeMillis()), hasher.version());
        var file = dataDirectory.writePrivate("admin-key", key + "\n");
        // Only where the key is, never the key: stdout ends up in DATA_DIR/logs (./lmaas run), and logs
        // are copied, shipped and kept far longer and wider than a 0600 file.
        log.info("Created the bootstrap admin key {} and saved it to {} (mode 0600): read it from there", ApiKeyFormat.displayPrefix(key), file);
    }
}
