package dev.lmaas.platform.tenant.key;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA-256 of a key under the server pepper: what is stored and looked up instead of the key.
 * A leaked database alone therefore yields no usable key, and the pepper never touches the database.
 * Earlier peppers ({@code LMAAS_PREVIOUS_KEY_PEPPERS}) still verify keys hashed under them until each
 * key is re-hashed under the current one on its next use; a pepper's version is its fingerprint, so
 * replicas agree on it without any numbering to keep in step.
 */
public final class KeyHasher {

    private final Mac prototype;
    private final List<Mac> previous;
    private final String version;

    public KeyHasher(byte[] pepper) {
        this(pepper, List.of());
    }

    public KeyHasher(byte[] pepper, List<byte[]> previousPeppers) {
        this.prototype = mac(pepper);
        this.previous = previousPeppers.stream().map(KeyHasher::mac).toList();
        // A fingerprint, not the pepper: one-way and under a label no key can equal (keys are lmk_/lma_ + base62).
        this.version = HexFormat.of().formatHex(hash(prototype, "lmaas key pepper version"), 0, 8);
    }

    public byte[] hash(String key) {
        return hash(prototype, key);
    }

    /** The current pepper's version, as stored beside each HMAC. */
    public String version() {
        return version;
    }

    /** The key's HMACs under each previous pepper (empty when none is configured). */
    public List<byte[]> previousHashes(String key) {
        return previous.stream().map(m -> hash(m, key)).toList();
    }

    private static Mac mac(byte[] pepper) {
        if (pepper.length < 16) {
            throw new IllegalArgumentException("the key pepper must be at least 16 bytes");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(pepper, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hash(Mac prototype, String key) {
        try {
            // A clone of an initialised Mac is cheaper than a new one and safe to use on any (virtual) thread.
            Mac mac = (Mac) prototype.clone();
            return mac.doFinal(key.getBytes(StandardCharsets.UTF_8));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }
}
