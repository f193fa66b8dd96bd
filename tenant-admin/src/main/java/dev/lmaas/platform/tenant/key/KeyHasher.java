package dev.lmaas.platform.tenant.key;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA-256 of a key under the server pepper: what is stored and looked up instead of the key.
 * A leaked database alone therefore yields no usable key, and the pepper never touches the database.
 */
public final class KeyHasher {

    private final Mac prototype;

    public KeyHasher(byte[] pepper) {
        if (pepper.length < 16) {
            throw new IllegalArgumentException("the key pepper must be at least 16 bytes");
        }
        try {
            this.prototype = Mac.getInstance("HmacSHA256");
            this.prototype.init(new SecretKeySpec(pepper, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] hash(String key) {
        try {
            // A clone of an initialised Mac is cheaper than a new one and safe to use on any (virtual) thread.
            Mac mac = (Mac) prototype.clone();
            return mac.doFinal(key.getBytes(StandardCharsets.UTF_8));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }
}
