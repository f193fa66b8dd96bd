package dev.lmaas.platform.tenant.crypto;

import dev.lmaas.platform.db.DataDirectory;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The master key that wraps every tenant data key: {@code LMAAS_MASTER_KEY} (base64 of 32 bytes) or,
 * for the embedded single-machine default, {@code DATA_DIR/secrets/master-key} generated with 0600.
 * Keys listed in {@code LMAAS_PREVIOUS_MASTER_KEYS} can still unwrap, so a rotation rewraps data
 * keys at start without touching any payload. Each key is known by a short id (a digest prefix).
 */
public final class MasterKeys {

    private final String currentId;
    private final Map<String, byte[]> keys = new LinkedHashMap<>();

    public MasterKeys(String current, String previous, DataDirectory dataDirectory) {
        byte[] cur = current == null || current.isBlank() ? decode(dataDirectory.secret("secrets/master-key", 32)) : decode(current);
        this.currentId = id(cur);
        keys.put(currentId, cur);
        if (previous != null && !previous.isBlank()) {
            for (String p : previous.split(",")) {
                byte[] k = decode(p.strip());
                keys.putIfAbsent(id(k), k);
            }
        }
    }

    public String currentId() {
        return currentId;
    }

    public byte[] current() {
        return keys.get(currentId);
    }

    public Optional<byte[]> byId(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    static byte[] decode(String base64) {
        byte[] k = Base64.getDecoder().decode(base64.strip());
        if (k.length != 32) {
            throw new IllegalStateException("a master key must be 32 bytes (base64); got " + k.length);
        }
        return k;
    }

    static String id(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key)).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
