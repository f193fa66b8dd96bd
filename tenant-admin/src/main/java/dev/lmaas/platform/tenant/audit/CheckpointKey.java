package dev.lmaas.platform.tenant.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The Ed25519 key that signs audit checkpoints (JDK's own Ed25519, no extra library). It lives
 * outside the database on purpose: a database operator can rewrite a chain and its head, but not
 * sign a checkpoint for the rewritten hashes.
 */
public final class CheckpointKey {

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String id;

    private CheckpointKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.id = "ed25519:" + HexFormat.of().formatHex(sha256(publicKey.getEncoded()), 0, 8);
    }

    /**
     * A new random key pair in its stored form, {@code PRIVATE.PUBLIC}: base64 of the PKCS#8 private
     * key and of the X.509 public key (the JDK cannot derive an Ed25519 public key from the private one).
     */
    public static String generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "."
                    + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Loads a key pair from its stored form ({@link #generate}); refuses a pair whose halves do not match. */
    public static CheckpointKey fromStored(String stored) {
        String[] parts = stored.strip().split("\\.");
        if (parts.length != 2) {
            throw new IllegalStateException("the audit signing key is not in the form PRIVATE.PUBLIC (base64 PKCS#8 and X.509 Ed25519)");
        }
        PrivateKey priv;
        try {
            priv = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(parts[0])));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the audit signing key's private half is not a base64 PKCS#8 Ed25519 key", e);
        }
        CheckpointKey key = new CheckpointKey(priv, publicKey(parts[1]));
        UUID probe = new UUID(0, 0);
        Instant now = Instant.now();
        if (!key.verify(probe, 0, new byte[32], now, key.sign(probe, 0, new byte[32], now))) {
            throw new IllegalStateException("the audit signing key's halves do not belong together");
        }
        return key;
    }

    /** A public key alone, for checking signatures (what tenants get). */
    public static PublicKey publicKey(String base64) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64.strip())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a base64 X.509 Ed25519 public key", e);
        }
    }

    public String id() {
        return id;
    }

    /** The public key, base64 of its X.509 encoding. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    public byte[] sign(UUID tenant, long seq, byte[] hash, Instant signedAt) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(message(tenant, seq, hash, signedAt));
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean verify(UUID tenant, long seq, byte[] hash, Instant signedAt, byte[] signature) {
        return verify(publicKey, tenant, seq, hash, signedAt, signature);
    }

    public static boolean verify(PublicKey key, UUID tenant, long seq, byte[] hash, Instant signedAt, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(message(tenant, seq, hash, signedAt));
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** What is signed: a fixed, versioned text, so a signature means one thing only. */
    public static byte[] message(UUID tenant, long seq, byte[] hash, Instant signedAt) {
        Instant at = AuditChain.normalise(signedAt);
        return ("lmaas-audit-checkpoint/v1\n" + tenant + "\n" + seq + "\n" + HexFormat.of().formatHex(hash) + "\n"
                + at.getEpochSecond() + "." + at.getNano() / 1000 + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
