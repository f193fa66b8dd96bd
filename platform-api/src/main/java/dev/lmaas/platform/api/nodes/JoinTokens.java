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
import org.springframework.transaction.annotation.Transactional;

/**
 * Join tokens, {@code lmj_<id>.<secret>} (kubeadm's {@code id.secret} shape): the id finds the row,
 * the SHA-256 of the secret is compared, and a use is counted in the statement that checks the limit
 * and the expiry, so a token admits at most {@code max_uses} enrollments (one by default), before it
 * expires, across all replicas. The same node retrying with the same key (its answer was lost) is
 * the same enrollment, not another use.
 */
@Repository
public class JoinTokens {

    /** A token as created; {@code token} is shown once and not stored. */
    public record Created(String id, String token, Instant expiresAt, int maxUses) {
        @Override
        public String toString() {
            return "JoinToken[" + id + ", expires " + expiresAt + ", " + maxUses + " use(s)]";
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final JdbcTemplate jdbc;

    JoinTokens(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Created create(Duration ttl) {
        return create(ttl, 1);
    }

    /** A token that admits up to {@code maxUses} enrollments before {@code ttl} has passed. */
    public Created create(Duration ttl, int maxUses) {
        String id = random(9);
        String secret = random(32);
        Instant expires = Instant.now().plus(ttl);
        jdbc.update("INSERT INTO node_join_tokens (id, secret_hash, expires_at, max_uses) VALUES (?, ?, ?, ?)", id, sha256(secret),
                Timestamp.from(expires), maxUses);
        return new Created(id, "lmj_" + id + "." + secret, expires, maxUses);
    }

    /**
     * Counts an enrollment of {@code nodeId} with the key whose SHA-256 is {@code keySha256}; false if
     * the token is unknown, wrong, expired or used up. The same node and key again is not counted.
     */
    @Transactional
    boolean use(String token, String nodeId, byte[] keySha256) {
        if (token == null || !token.matches("lmj_[A-Za-z0-9_-]{12}\\.[A-Za-z0-9_-]{43}")) {
            return false;
        }
        String id = token.substring(4, token.indexOf('.'));
        String secret = token.substring(token.indexOf('.') + 1);
        byte[] stored = jdbc.query("SELECT secret_hash FROM node_join_tokens WHERE id = ?", rs -> rs.next() ? rs.getBytes(1) : null, id);
        if (stored == null || !MessageDigest.isEqual(stored, sha256(secret))) {
            return false;
        }
        Boolean retry = jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM node_join_token_uses u JOIN node_join_tokens t ON t.id = u.token_id
                               WHERE u.token_id = ? AND u.node_id = ? AND u.key_sha256 = ? AND t.expires_at > now())""",
                Boolean.class, id, nodeId, keySha256);
        if (Boolean.TRUE.equals(retry)) {
            return true;
        }
        int counted = jdbc.update("""
                UPDATE node_join_tokens SET uses = uses + 1, used_at = coalesce(used_at, now()), used_by = ?
                WHERE id = ? AND uses < max_uses AND expires_at > now()""", nodeId, id);
        if (counted == 1) {
            jdbc.update("INSERT INTO node_join_token_uses (token_id, node_id, key_sha256) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    id, nodeId, keySha256);
        }
        return counted == 1;
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static byte[] sha256(String secret) {
        return sha256(secret.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
