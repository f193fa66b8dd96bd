package dev.lmaas.platform.tenant;

import dev.lmaas.platform.db.ChangeFeed;
import dev.lmaas.platform.tenant.crypto.Aead;
import dev.lmaas.platform.tenant.crypto.MasterKeys;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Per-tenant AES-256-GCM data keys, created on first use and stored only wrapped by the master key.
 * Unwrapped keys are cached in memory; destroying a key (tenant deletion) removes the wrapped copy
 * and tells every replica to forget its cached copy, after which nothing stored for that tenant can
 * be decrypted by anyone.
 */
@Service
public class TenantDataKeys implements ChangeFeed.Subscriber {

    static final String TOPIC = "datakey";
    private static final Logger log = LoggerFactory.getLogger(TenantDataKeys.class);

    private final JdbcTemplate jdbc;
    private final MasterKeys master;
    private final ChangeFeed feed;
    private final TransactionTemplate tx;
    private final Map<UUID, byte[]> cache = new ConcurrentHashMap<>();

    TenantDataKeys(JdbcTemplate jdbc, MasterKeys master, ChangeFeed feed, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.master = master;
        this.feed = feed;
        this.tx = tx;
        rewrapOldKeys();
        feed.subscribe(this);
    }

    /** Encrypts for {@code tenant}; {@code context} (e.g. {@code payload:req_123}) must be given again to decrypt. */
    public byte[] encrypt(TenantId tenant, byte[] plaintext, String context) {
        return Aead.encrypt(key(tenant), plaintext, tenant + "|" + context);
    }

    public byte[] decrypt(TenantId tenant, byte[] sealed, String context) {
        try {
            return Aead.decrypt(key(tenant), sealed, tenant + "|" + context);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored data of tenant " + tenant + " failed authentication", e);
        }
    }

    /**
     * HMAC-SHA-256 of {@code data} under a key derived from the tenant's data key for {@code purpose}:
     * such a digest of short, guessable content (a request body) cannot be brute-forced without the
     * key, so destroying the key shreds the digests too. Throws {@link DataKeyDestroyedException} after that.
     */
    public byte[] mac(TenantId tenant, String purpose, byte[] data) {
        try {
            javax.crypto.Mac derive = javax.crypto.Mac.getInstance("HmacSHA256");
            derive.init(new javax.crypto.spec.SecretKeySpec(key(tenant), "HmacSHA256"));
            byte[] purposeKey = derive.doFinal(("lmaas-mac|" + purpose + "|" + tenant).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(purposeKey, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Destroys the tenant's data key in the current transaction (crypto-shredding). */
    public void destroy(TenantId tenant) {
        jdbc.update("INSERT INTO tenant_data_keys (tenant_id, wrapped_key, master_key_id, destroyed_at) VALUES (?, NULL, NULL, now()) "
                + "ON CONFLICT (tenant_id) DO UPDATE SET wrapped_key = NULL, master_key_id = NULL, destroyed_at = now()", tenant.value());
        cache.remove(tenant.value());
        feed.publish(TOPIC, tenant.value());
    }

    private byte[] key(TenantId tenant) {
        byte[] cached = cache.get(tenant.value());
        if (cached != null) {
            return cached;
        }
        byte[] k = tx.execute(s -> load(tenant));
        cache.put(tenant.value(), k);
        return k;
    }

    private byte[] load(TenantId tenant) {
        // Concurrent first uses on several replicas: one INSERT wins, everyone reads the winner's key.
        byte[] fresh = Aead.randomKey();
        jdbc.update("INSERT INTO tenant_data_keys (tenant_id, wrapped_key, master_key_id) VALUES (?, ?, ?) ON CONFLICT (tenant_id) DO NOTHING",
                tenant.value(), Aead.encrypt(master.current(), fresh, "datakey|" + tenant), master.currentId());
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT wrapped_key, master_key_id FROM tenant_data_keys WHERE tenant_id = ?", tenant.value());
        Map<String, Object> row = rows.get(0);
        if (row.get("wrapped_key") == null) {
            throw new DataKeyDestroyedException(tenant);
        }
        return unwrap(tenant, (byte[]) row.get("wrapped_key"), (String) row.get("master_key_id"));
    }

    private byte[] unwrap(TenantId tenant, byte[] wrapped, String masterId) {
        byte[] mk = master.byId(masterId).orElseThrow(() -> new IllegalStateException("the data key of tenant " + tenant
                + " is wrapped by master key " + masterId + ", which is not configured (set LMAAS_PREVIOUS_MASTER_KEYS)"));
        try {
            return Aead.decrypt(mk, wrapped, "datakey|" + tenant);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the data key of tenant " + tenant + " failed to unwrap", e);
        }
    }

    /** After a master-key rotation: rewraps every data key still wrapped by a previous master key. Payloads are untouched. */
    void rewrapOldKeys() {
        List<Map<String, Object>> old = jdbc.queryForList(
                "SELECT tenant_id, wrapped_key, master_key_id FROM tenant_data_keys WHERE wrapped_key IS NOT NULL AND master_key_id <> ?", master.currentId());
        for (Map<String, Object> row : old) {
            TenantId t = new TenantId((UUID) row.get("tenant_id"));
            byte[] k = unwrap(t, (byte[]) row.get("wrapped_key"), (String) row.get("master_key_id"));
            jdbc.update("UPDATE tenant_data_keys SET wrapped_key = ?, master_key_id = ?, rewrapped_at = ? WHERE tenant_id = ? AND master_key_id = ?",
                    Aead.encrypt(master.current(), k, "datakey|" + t), master.currentId(), Timestamp.from(Instant.now()), t.value(),
                    row.get("master_key_id"));
        }
        if (!old.isEmpty()) {
            log.info("Rewrapped {} tenant data key(s) with master key {}", old.size(), master.currentId());
        }
    }

    @Override
    public void changed(String topic, String id) {
        if (TOPIC.equals(topic)) {
            cache.remove(UUID.fromString(id));
        }
    }

    @Override
    public void resync() {
        cache.clear();
    }
}
