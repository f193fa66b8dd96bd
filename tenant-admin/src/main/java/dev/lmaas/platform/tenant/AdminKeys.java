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

    static final String TOPIC = "admin-key";
    private static final Logger log = LoggerFactory.getLogger(AdminKeys.class);

    private final JdbcTemplate jdbc;
    private final KeyHasher hasher;
    private final Map<ByteBuffer, AdminKey> active = new ConcurrentHashMap<>();

    AdminKeys(JdbcTemplate jdbc, KeyHasher hasher, ChangeFeed feed, DataDirectory dataDirectory, TenantAdminProperties properties,
              TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.hasher = hasher;
        tx.executeWithoutResult(s -> bootstrap(dataDirectory, properties.adminKey()));
        resync();
        feed.subscribe(this);
    }

    public Optional<AdminKey> verify(String presented) {
        if (!ApiKeyFormat.isWellFormed(presented, ApiKeyFormat.ADMIN_PREFIX)) {
            return Optional.empty();
        }
        return Optional.ofNullable(active.get(ByteBuffer.wrap(hasher.hash(presented))));
    }

    /** Verifies an {@code Authorization: Bearer lma_...} header value. */
    public Optional<AdminKey> verifyHeader(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return verify(authorization.substring(7).strip());
    }

    @Override
    public void changed(String topic, String id) {
        if (TOPIC.equals(topic)) {
            resync();
        }
    }

    @Override
    public void resync() {
        Map<ByteBuffer, AdminKey> loaded = new java.util.HashMap<>();
        jdbc.query("SELECT id, name, prefix, hmac FROM admin_keys WHERE revoked_at IS NULL", rs -> {
            loaded.put(ByteBuffer.wrap(rs.getBytes("hmac")), new AdminKey(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("prefix")));
        });
        active.putAll(loaded);
        active.keySet().retainAll(loaded.keySet());
    }

    private void bootstrap(DataDirectory dataDirectory, String fromEnvironment) {
        jdbc.execute("SELECT pg_advisory_xact_lock(7262001)"); // two replicas starting together create one key
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            String key = fromEnvironment.strip();
            if (!ApiKeyFormat.isWellFormed(key, ApiKeyFormat.ADMIN_PREFIX)) {
                throw new IllegalStateException("LMAAS_ADMIN_KEY is not a well-formed admin key (lma_ + 32 base62 + checksum); "
                        + "remove it to have one generated");
            }
            byte[] hmac = hasher.hash(key);
            jdbc.update("INSERT INTO admin_keys (id, name, hmac, prefix) VALUES (?, 'environment', ?, ?) ON CONFLICT (hmac) DO NOTHING",
                    UUID.randomUUID(), hmac, ApiKeyFormat.displayPrefix(key));
            return;
        }
        Integer existing = jdbc.queryForObject("SELECT count(*) FROM admin_keys WHERE revoked_at IS NULL", Integer.class);
        if (existing != null && existing > 0) {
            return;
        }
        String key = ApiKeyFormat.generate(ApiKeyFormat.ADMIN_PREFIX);
        jdbc.update("INSERT INTO admin_keys (id, name, hmac, prefix, created_at) VALUES (?, 'bootstrap', ?, ?, ?)",
                UUID.randomUUID(), hasher.hash(key), ApiKeyFormat.displayPrefix(key), new Timestamp(System.currentTimeMillis()));
        var file = dataDirectory.writePrivate("admin-key", key + "\n");
        // Only where the key is, never the key: stdout ends up in DATA_DIR/logs (./lmaas run), and logs
        // are copied, shipped and kept far longer and wider than a 0600 file.
        log.info("Created the bootstrap admin key {} and saved it to {} (mode 0600): read it from there", ApiKeyFormat.displayPrefix(key), file);
    }
}
