package dev.lmaas.platform.tenant.audit;

import dev.lmaas.platform.tenant.AuditEntry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The hash of an audit record: SHA-256 over the previous hash, the sequence number and every field
 * in a fixed order, each length-prefixed so no two different records share an encoding.
 * Timestamps are truncated to microseconds, PostgreSQL's precision, so a stored row hashes the same.
 */
public final class AuditChain {

    public static final byte[] GENESIS = new byte[32];

    private AuditChain() {
    }

    public static Instant normalise(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS);
    }

    public static byte[] hash(byte[] previous, long seq, AuditEntry e) {
        MessageDigest sha = sha256();
        sha.update(previous);
        field(sha, Long.toString(seq));
        field(sha, e.tenantId().toString());
        Instant at = normalise(e.occurredAt());
        field(sha, at.getEpochSecond() + "." + at.getNano() / 1000);
        field(sha, e.kind());
        field(sha, e.action());
        field(sha, e.actorType());
        field(sha, e.actorId());
        field(sha, e.actorLabel());
        field(sha, e.keyId() == null ? null : e.keyId().toString());
        field(sha, e.model());
        field(sha, e.nodeId());
        field(sha, e.status() == null ? null : e.status().toString());
        field(sha, e.errorCode());
        field(sha, e.promptTokens() == null ? null : e.promptTokens().toString());
        field(sha, e.completionTokens() == null ? null : e.completionTokens().toString());
        field(sha, e.latencyMicros() == null ? null : e.latencyMicros().toString());
        field(sha, e.requestId());
        field(sha, e.clientAddress());
        field(sha, e.userAgent());
        field(sha, e.bodySha256());
        field(sha, e.targetType());
        field(sha, e.targetId());
        // Hashed only when present, so records from before reasons existed keep their hashes; a reason added to
        // or removed from a record later changes its hash all the same.
        if (e.reason() != null) {
            field(sha, e.reason());
        }
        return sha.digest();
    }

    private static void field(MessageDigest sha, String value) {
        if (value == null) {
            sha.update((byte) 0);
            return;
        }
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        sha.update((byte) 1);
        sha.update(new byte[] {(byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8), (byte) b.length});
        sha.update(b);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
