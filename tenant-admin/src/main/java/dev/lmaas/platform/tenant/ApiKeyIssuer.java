package dev.lmaas.platform.tenant;

import dev.lmaas.platform.db.ChangeFeed;
import dev.lmaas.platform.tenant.key.ApiKeyFormat;
import dev.lmaas.platform.tenant.key.KeyHasher;
import dev.lmaas.platform.tenant.key.KeyRows;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.OptionalInt;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues, rotates and revokes tenant API keys. Every change is announced on the {@link ChangeFeed}
 * in the same transaction, so all replicas' key caches follow within a second.
 */
@Service
public class ApiKeyIssuer {

    private static final int MAX_NAME = 100;
    private final KeyRows rows;
    private final KeyHasher hasher;
    private final ChangeFeed feed;
    private final ApiKeyVerifier verifier;
    private final TenantDirectory tenants;
    private final ObjectProvider<ApiKeyLimit> limit;
    private final ObjectProvider<ActivityLog> activity;
    private final TenantAdminProperties properties;

    ApiKeyIssuer(KeyRows rows, KeyHasher hasher, ChangeFeed feed, ApiKeyVerifier verifier, TenantDirectory tenants,
                 ObjectProvider<ApiKeyLimit> limit, ObjectProvider<ActivityLog> activity, TenantAdminProperties properties) {
        this.rows = rows;
        this.hasher = hasher;
        this.feed = feed;
        this.verifier = verifier;
        this.tenants = tenants;
        this.limit = limit;
        this.activity = activity;
        this.properties = properties;
    }

    /** A key with the default permissions for its scope (see {@link KeyPermission#defaults}). */
    @Transactional
    public IssuedKey issue(TenantId tenant, String name, List<String> models, Instant expiresAt, Actor actor) {
        return issue(tenant, name, models, expiresAt, null, actor);
    }

    /** A key; {@code permissions} null gives the defaults for its scope. */
    @Transactional
    public IssuedKey issue(TenantId tenant, String name, List<String> models, Instant expiresAt, Set<KeyPermission> permissions, Actor actor) {
        tenants.requireActive(tenant);
        String cleanName = name == null || name.isBlank() ? "default" : name.strip();
        if (cleanName.length() > MAX_NAME) {
            throw new InvalidInputException("name must be at most " + MAX_NAME + " characters", "name");
        }
        if (expiresAt != null && !expiresAt.isAfter(Instant.now())) {
            throw new InvalidInputException("expires_at must be in the future", "expires_at");
        }
        List<String> scopes = models == null ? List.of() : models.stream().map(String::strip).filter(m -> !m.isEmpty()).distinct().toList();
        OptionalInt max = limit.getIfAvailable(() -> t -> OptionalInt.empty()).maxActiveKeys(tenant);
        if (max.isPresent() && rows.countActive(tenant) >= max.getAsInt()) {
            throw new ConflictException("The plan allows at most " + max.getAsInt() + " active API keys; revoke one first", "name");
        }
        ApiKeyId id = ApiKeyId.random();
        String secret = ApiKeyFormat.generate(ApiKeyFormat.TENANT_PREFIX);
        rows.insertKey(id, tenant, cleanName, ApiKeyFormat.displayPrefix(secret), scopes, expiresAt,
                permissions == null ? KeyPermission.defaults(scopes) : permissions, creatorId(actor), creatorLabel(actor));
        rows.insertSecret(hasher.hash(secret), id, tenant);
        announce(id);
        record(actor, tenant, "api_key.created", id);
        return new IssuedKey(view(id), secret);
    }

    /** A new secret under the same key id; the old one keeps working for {@code grace} (default from config). */
    @Transactional
    public IssuedKey rotate(ApiKeyId key, Duration grace, Actor actor) {
        return rotate(key, grace, actor, null);
    }

    /**
     * A rotation its actor confirmed with a reason (the console asks for one when the old secret stops at once); the
     * audit record keeps it. {@code reason} null: none given.
     */
    @Transactional
    public IssuedKey rotate(ApiKeyId key, Duration grace, Actor actor, String reason) {
        String why = reason == null ? null : AuditEntry.requireReason(reason);
        ApiKeyView current = view(key);
        if (!"active".equals(current.status())) {
            throw new ConflictException("A revoked key cannot be rotated", "id");
        }
        Duration g = grace == null ? properties.rotationGrace() : grace;
        if (g.isNegative() || g.compareTo(Duration.ofDays(30)) > 0) {
            throw new InvalidInputException("grace_period must be between 0 and 30 days", "grace_period_seconds");
        }
        rows.expireCurrentSecrets(key, Instant.now().plus(g));
        String secret = ApiKeyFormat.generate(ApiKeyFormat.TENANT_PREFIX);
        rows.insertSecret(hasher.hash(secret), key, current.tenantId());
        rows.updatePrefix(key, ApiKeyFormat.displayPrefix(secret));
        announce(key);
        ActivityLog log = activity.getIfAvailable();
        if (log != null) {
            log.record(actor, current.tenantId(), "api_key.rotated", "api_key", key.toString(), why);
        }
        return new IssuedKey(view(key), secret);
    }

    @Transactional
    public ApiKeyView revoke(ApiKeyId key, Actor actor) {
        ApiKeyView current = view(key);
        if (rows.revoke(key, current.tenantId())) {
            announce(key);
            record(actor, current.tenantId(), "api_key.revoked", key);
        }
        return view(key);
    }

    public List<ApiKeyView> list(TenantId tenant) {
        tenants.require(tenant);
        return rows.findByTenant(tenant);
    }

    public ApiKeyView view(ApiKeyId key) {
        return rows.find(key).stream().findFirst().orElseThrow(() -> new NotFoundException("API key"));
    }

    /** The key, only if it belongs to {@code tenant}: another tenant's key is "not found", never "forbidden". */
    public ApiKeyView viewOwned(TenantId tenant, ApiKeyId key) {
        ApiKeyView v = view(key);
        if (!v.tenantId().equals(tenant)) {
            throw new NotFoundException("API key");
        }
        return v;
    }

    /** The member who makes a key (a console user); null for the operator, the system or a key. */
    private static java.util.UUID creatorId(Actor actor) {
        if (actor == null || !"user".equals(actor.kind()) || actor.id() == null) {
            return null;
        }
        try {
            return java.util.UUID.fromString(actor.id());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** What the keys list shows as the key's creator. */
    private static String creatorLabel(Actor actor) {
        if (actor == null) {
            return null;
        }
        return switch (actor.kind()) {
            case "user" -> actor.label();
            case "admin_key" -> "operator (" + actor.label() + ")";
            default -> null;
        };
    }

    private void announce(ApiKeyId key) {
        feed.publish(ApiKeyVerifier.KEY_TOPIC, key.value());
        // This process need not wait for its own notification: update its cache once committed.
        org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                new org.springframework.transaction.support.TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        verifier.reloadKey(key.value());
                    }
                });
    }

    private void record(Actor actor, TenantId tenant, String action, ApiKeyId key) {
        ActivityLog log = activity.getIfAvailable();
        if (log != null) {
            log.record(actor, tenant, action, "api_key", key.toString());
        }
    }
}
