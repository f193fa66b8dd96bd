package dev.lmaas.platform.tenant;

import dev.lmaas.platform.db.ChangeFeed;
import dev.lmaas.platform.tenant.key.ApiKeyFormat;
import dev.lmaas.platform.tenant.key.KeyHasher;
import dev.lmaas.platform.tenant.key.KeyRows;
import dev.lmaas.platform.tenant.key.KeyRows.CachedKey;
import dev.lmaas.platform.tenant.key.KeyRows.CachedSecret;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Checks presented tenant keys on the request path without a database round trip: every key's
 * HMAC, the key's state and its tenant's state are held in memory, loaded at start, updated by
 * {@link ChangeFeed} notifications from every replica (revocation takes effect within milliseconds)
 * and fully reloaded now and then in case a notification was lost.
 */
@Service
public class ApiKeyVerifier implements ChangeFeed.Subscriber {

    static final String KEY_TOPIC = "key";
    static final String TENANT_TOPIC = "tenant";

    private final KeyRows rows;
    private final KeyHasher hasher;
    private final KeyUseRecorder uses;
    private final Clock clock;
    private final ChangeFeed feed;
    private final Map<ByteBuffer, CachedSecret> secrets = new ConcurrentHashMap<>();
    private final Map<ApiKeyId, CachedKey> keys = new ConcurrentHashMap<>();
    private final Map<TenantId, CachedTenant> tenants = new ConcurrentHashMap<>();

    public ApiKeyVerifier(KeyRows rows, KeyHasher hasher, KeyUseRecorder uses, ChangeFeed feed) {
        this.rows = rows;
        this.hasher = hasher;
        this.uses = uses;
        this.clock = Clock.systemUTC();
        this.feed = feed;
        resync();
        feed.subscribe(this);
    }

    /** Verifies an {@code Authorization} header value ({@code Bearer lmk_...}) or a bare key. */
    public KeyVerification verifyHeader(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return new KeyVerification.Refused(KeyRefusal.MISSING);
        }
        String value = authorization.strip();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            value = value.substring(7).strip();
        }
        return verify(value);
    }

    public KeyVerification verify(String presented) {
        if (presented == null || presented.isEmpty()) {
            return new KeyVerification.Refused(KeyRefusal.MISSING);
        }
        if (!ApiKeyFormat.isWellFormed(presented, ApiKeyFormat.TENANT_PREFIX)) {
            return new KeyVerification.Refused(KeyRefusal.MALFORMED); // a typo costs no lookup at all
        }
        byte[] current = hasher.hash(presented);
        CachedSecret secret = secrets.get(ByteBuffer.wrap(current));
        if (secret == null) {
            // Hashed under a previous pepper? Only tried when the current one misses, so a rotation costs nothing afterwards.
            for (byte[] old : hasher.previousHashes(presented)) {
                secret = secrets.get(ByteBuffer.wrap(old));
                if (secret != null) {
                    break;
                }
            }
        }
        Instant now = clock.instant();
        if (secret == null || (secret.validUntil() != null && !now.isBefore(secret.validUntil()))) {
            return new KeyVerification.Refused(KeyRefusal.UNKNOWN);
        }
        CachedKey key = keys.get(secret.keyId());
        if (key == null) {
            return new KeyVerification.Refused(KeyRefusal.UNKNOWN);
        }
        if (key.revoked()) {
            return new KeyVerification.Refused(KeyRefusal.REVOKED);
        }
        if (key.expiresAt() != null && !now.isBefore(key.expiresAt())) {
            return new KeyVerification.Refused(KeyRefusal.EXPIRED);
        }
        CachedTenant tenant = tenants.get(key.tenantId());
        if (tenant == null || tenant.status() == TenantStatus.DELETED) {
            return new KeyVerification.Refused(KeyRefusal.UNKNOWN);
        }
        if (tenant.status() == TenantStatus.SUSPENDED) {
            return new KeyVerification.Refused(KeyRefusal.TENANT_SUSPENDED);
        }
        uses.used(key.id(), now);
        if (!hasher.version().equals(secret.pepperVersion())) {
            moveToCurrentPepper(secret, current);
        }
        return new KeyVerification.Verified(new VerifiedKey(key.id(), key.tenantId(), key.name(), key.models(), tenant.planId(),
                tenant.defaultModel(), tenant.retentionDays(), key.permissions()));
    }

    /**
     * Re-hashes a verified key's secret under the current pepper (or marks it, if it already was), once:
     * the plain key is needed for that, so it happens when the key is next presented. Every replica
     * reloads the key from the change feed; the old HMAC stops existing anywhere.
     */
    private void moveToCurrentPepper(CachedSecret secret, byte[] current) {
        try {
            if (secret.hmac().equals(ByteBuffer.wrap(current))) {
                rows.markCurrent(secret.hmac());
            } else {
                rows.rehash(secret.hmac(), current);
            }
            feed.publish(KEY_TOPIC, secret.keyId().value());
            reloadKey(secret.keyId().value());
        } catch (RuntimeException e) {
            // The key was verified: a failed re-hash only leaves it on the old pepper until its next use.
            org.slf4j.LoggerFactory.getLogger(ApiKeyVerifier.class).warn("Could not move key {} to the current pepper: {}", secret.keyId(), e.toString());
        }
    }

    /** How many live key secrets are still on a previous pepper (or not yet known to be on the current one). */
    public long keysOnOldPepper() {
        return rows.countOnOldPepper();
    }

    @Override
    public void changed(String topic, String id) {
        switch (topic) {
            case KEY_TOPIC -> reloadKey(UUID.fromString(id));
            case TENANT_TOPIC -> reloadTenant(UUID.fromString(id));
            default -> { }
        }
    }

    /**
     * Applies a change made by this process at once, without waiting for its own notification.
     * Reloads are serialised: a slow reload that read the database before a newer change must not
     * overwrite the newer reload's result, so whichever reads later also writes later.
     */
    synchronized void reloadKey(UUID keyId) {
        ApiKeyId id = new ApiKeyId(keyId);
        rows.cachedKeys(keyId).forEach(k -> keys.put(k.id(), k));
        Set<ByteBuffer> current = new HashSet<>();
        for (CachedSecret s : rows.cachedSecrets(keyId)) {
            secrets.put(s.hmac(), s);
            current.add(s.hmac());
        }
        secrets.entrySet().removeIf(e -> e.getValue().keyId().equals(id) && !current.contains(e.getKey()));
    }

    synchronized void reloadTenant(UUID tenantId) {
        List<CachedTenant> found = rows.cachedTenants(tenantId);
        if (found.isEmpty()) {
            tenants.remove(new TenantId(tenantId));
        }
        found.forEach(t -> tenants.put(t.id(), t));
    }

    @Override
    @Scheduled(fixedDelayString = "${lmaas.tenant.cache-resync:60s}", initialDelayString = "${lmaas.tenant.cache-resync:60s}")
    public synchronized void resync() {
        Map<TenantId, CachedTenant> t = rows.cachedTenants(null).stream().collect(Collectors.toMap(CachedTenant::id, Function.identity()));
        Map<ApiKeyId, CachedKey> k = rows.cachedKeys(null).stream().collect(Collectors.toMap(CachedKey::id, Function.identity()));
        Map<ByteBuffer, CachedSecret> s = rows.cachedSecrets(null).stream().collect(Collectors.toMap(CachedSecret::hmac, Function.identity()));
        tenants.putAll(t);
        tenants.keySet().retainAll(t.keySet());
        keys.putAll(k);
        keys.keySet().retainAll(k.keySet());
        secrets.putAll(s);
        secrets.keySet().retainAll(s.keySet());
    }

    /** The tenant facts as cached, for callers that hold a tenant id (console, playground). */
    public java.util.Optional<CachedTenant> tenant(TenantId id) {
        return java.util.Optional.ofNullable(tenants.get(id));
    }
}
