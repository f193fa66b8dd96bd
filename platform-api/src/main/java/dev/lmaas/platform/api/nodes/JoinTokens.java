package dev.lmaas.platform.api.nodes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * One-time join tokens, {@code lmj_<id>.<secret>} (kubeadm's {@code id.secret} shape): the id finds
 * the row, the SHA-256 of the secret is compared, and using a token marks it used in the same
 * statement, so a token admits one node once, before it expires, on any replica.
 */
@Repository
public class JoinTokens {

    /** A token as created; {@code token} is shown once and not stored. */
    public record Created(String id, String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "JoinToken[" + id + ", expires " + expiresAt + "]";
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final JdbcTemplate jdbc;

    JoinTokens(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Created create(Duration ttl) {
        String id = random(9);
        String secret = random(32);
        Instant expires = Instant.now().plus(ttl);
        jdbc.update("INSERT INTO node_join_tokens (id, secret_hash, expires_at) VALUES (?, ?, ?)", id, sha256(secret), Timestamp.from(expires));
        return new Created(id, "lmj_" + id + "." + secret, expires);
    }

    /** Marks the token used by {@code nodeId}; false if it is unknown, wrong, expired or used already. */
    boolean use(String token, String nodeId) {
        if (token == null || !token.matches("lmj_[A-Za-z0-9_-]{12}\\.[A-Za-z0-9_-]{43}")) {
            return false;
        }
        String id = token.substring(4, token.indexOf('.'));
        String secret = token.substring(token.indexOf('.') + 1);
        byte[] stored = jdbc.query("SELECT secret_hash FROM node_join_tokens WHERE id = ?", rs -> rs.next() ? rs.getBytes(1) : null, id);
        if (stored == null || !MessageDigest.isEqual(stored, sha256(secret))) {
            return false;
        }
        return jdbc.update("UPDATE node_join_tokens SET used_at = now(), used_by = ? WHERE id = ? AND used_at IS NULL AND expires_at > now()",
                nodeId, id) == 1;
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
