package dev.lmaas.platform.tenant.audit;

import dev.lmaas.platform.tenant.AuditEntry;
import dev.lmaas.platform.tenant.TenantId;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An audit archive file: gzip'd JSON lines. The first line describes the slice of one tenant's
 * chain it holds (records {@code from_seq..to_seq}, the hash the first one links to, the last hash)
 * and carries the platform's signed checkpoint at {@code to_seq}; each further line is one record
 * with every hashed field, its {@code prev_hash} and {@code hash}. Verifying needs only the file and
 * the platform's public audit key: the chain is recomputed from {@code prev_hash} and its end must
 * be the signed hash, so no record can be changed, dropped or added without the private key.
 */
public final class AuditArchiveFile {

    public static final String FORMAT = "lmaas-audit-archive/1";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HexFormat HEX = HexFormat.of();

    /** The signed checkpoint a file ends at. */
    public record Signature(long seq, byte[] hash, Instant signedAt, String keyId, byte[] signature) {
    }

    /** What verification found: ok, or the first problem. */
    public record Verification(boolean ok, TenantId tenant, long fromSeq, long toSeq, long records, String problem) {
    }

    private final Writer out;
    private final TenantId tenant;
    private byte[] prev;
    private long nextSeq;
    private long written;

    private AuditArchiveFile(Writer out, TenantId tenant, long fromSeq, byte[] prevHash) {
        this.out = out;
        this.tenant = tenant;
        this.prev = prevHash;
        this.nextSeq = fromSeq;
    }

    /**
     * Records for a file whose {@link #header} is already written: they must follow in sequence from
     * {@code fromSeq} and chain from {@code prevHash}, or {@link #add} refuses them.
     */
    public static AuditArchiveFile start(Writer out, TenantId tenant, long fromSeq, byte[] prevHash) {
        return new AuditArchiveFile(out, tenant, fromSeq, prevHash);
    }

    public static Writer open(Path file) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file), 65_536), StandardCharsets.UTF_8));
    }

    /** The header line: written first, before any record. */
    public static void header(Writer out, TenantId tenant, long fromSeq, long toSeq, byte[] prevHash, byte[] lastHash, Signature signature,
                              String publicKeyBase64) throws IOException {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("format", FORMAT);
        h.put("tenant", tenant.value().toString());
        h.put("from_seq", fromSeq);
        h.put("to_seq", toSeq);
        h.put("prev_hash", HEX.formatHex(prevHash));
        h.put("last_hash", HEX.formatHex(lastHash));
        Map<String, Object> cp = new LinkedHashMap<>();
        cp.put("seq", signature.seq());
        cp.put("hash", HEX.formatHex(signature.hash()));
        cp.put("signed_at", signature.signedAt().toString());
        cp.put("key_id", signature.keyId());
        cp.put("signature", Base64.getEncoder().encodeToString(signature.signature()));
        h.put("checkpoint", cp);
        h.put("public_key", publicKeyBase64);
        out.write(JSON.writeValueAsString(h));
        out.write('\n');
    }

    /** Appends the next record; refuses one out of sequence or not linking to the previous hash (a broken chain is never archived). */
    public void add(long seq, AuditEntry e, byte[] prevHash, byte[] hash) throws IOException {
        if (seq != nextSeq || !Arrays.equals(prevHash, prev) || !Arrays.equals(AuditChain.hash(prev, seq, e), hash)) {
            throw new IOException("record " + seq + " of tenant " + tenant.value() + " does not verify: the chain is broken, nothing archived");
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("seq", seq);
        Instant at = AuditChain.normalise(e.occurredAt());
        r.put("occurred_at", at.toString());
        r.put("kind", e.kind());
        r.put("action", e.action());
        r.put("actor_type", e.actorType());
        r.put("actor_id", e.actorId());
        r.put("actor_label", e.actorLabel());
        r.put("key_id", e.keyId() == null ? null : e.keyId().toString());
        r.put("model", e.model());
        r.put("node_id", e.nodeId());
        r.put("status", e.status());
        r.put("error_code", e.errorCode());
        r.put("prompt_tokens", e.promptTokens());
        r.put("completion_tokens", e.completionTokens());
        r.put("latency_micros", e.latencyMicros());
        r.put("request_id", e.requestId());
        r.put("client_address", e.clientAddress());
        r.put("user_agent", e.userAgent());
        r.put("body_sha256", e.bodySha256());
        r.put("target_type", e.targetType());
        r.put("target_id", e.targetId());
        if (e.reason() != null) {
            r.put("reason", e.reason());
        }
        r.put("prev_hash", HEX.formatHex(prevHash));
        r.put("hash", HEX.formatHex(hash));
        out.write(JSON.writeValueAsString(r));
        out.write('\n');
        prev = hash;
        nextSeq++;
        written++;
    }

    public long written() {
        return written;
    }

    /**
     * Verifies a file with the platform's public audit key (never the key the file itself names:
     * whoever forged a file would put their own there). Reads line by line: memory stays flat.
     */
    public static Verification verify(Path file, PublicKey trusted) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            String first = in.readLine();
            if (first == null) {
                return new Verification(false, null, 0, 0, 0, "the file is empty");
            }
            JsonNode h = JSON.readTree(first);
            if (!FORMAT.equals(h.path("format").asString(""))) {
                return new Verification(false, null, 0, 0, 0, "not an audit archive (" + FORMAT + ")");
            }
            TenantId tenant = new TenantId(UUID.fromString(h.get("tenant").asString()));
            long from = h.get("from_seq").asLong(), to = h.get("to_seq").asLong();
            byte[] prev = HEX.parseHex(h.get("prev_hash").asString());
            JsonNode cp = h.get("checkpoint");
            byte[] signedHash = HEX.parseHex(cp.get("hash").asString());
            boolean signed = cp.get("seq").asLong() == to && Arrays.equals(signedHash, HEX.parseHex(h.get("last_hash").asString()))
                    && CheckpointKey.verify(trusted, tenant.value(), to, signedHash, Instant.parse(cp.get("signed_at").asString()),
                    Base64.getDecoder().decode(cp.get("signature").asString()));
            if (!signed) {
                return new Verification(false, tenant, from, to, 0, "the checkpoint at record " + to + " is not signed by the trusted audit key");
            }
            long expected = from, count = 0;
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode r = JSON.readTree(line);
                long seq = r.get("seq").asLong();
                if (seq != expected) {
                    return new Verification(false, tenant, from, to, count, "record " + expected + " is missing (next is " + seq + ")");
                }
                if (!Arrays.equals(HEX.parseHex(r.get("prev_hash").asString()), prev)) {
                    return new Verification(false, tenant, from, to, count, "record " + seq + " does not link to record " + (seq - 1));
                }
                byte[] computed = AuditChain.hash(prev, seq, entry(tenant, r));
                if (!Arrays.equals(computed, HEX.parseHex(r.get("hash").asString()))) {
                    return new Verification(false, tenant, from, to, count, "record " + seq + " was changed after it was written");
                }
                prev = computed;
                expected++;
                count++;
            }
            if (expected != to + 1 || !Arrays.equals(prev, signedHash)) {
                return new Verification(false, tenant, from, to, count, "the file ends at record " + (expected - 1) + ", not at the signed record " + to);
            }
            return new Verification(true, tenant, from, to, count, null);
        } catch (RuntimeException e) {
            return new Verification(false, null, 0, 0, 0, "the file is not readable as an audit archive: " + e.getClass().getSimpleName());
        }
    }

    private static AuditEntry entry(TenantId tenant, JsonNode r) {
        return new AuditEntry(tenant, Instant.parse(r.get("occurred_at").asString()), text(r, "kind"), text(r, "action"), text(r, "actor_type"),
                text(r, "actor_id"), text(r, "actor_label"), r.path("key_id").isNull() || r.path("key_id").isMissingNode() ? null
                : UUID.fromString(r.get("key_id").asString()), text(r, "model"), text(r, "node_id"),
                r.path("status").isNumber() ? r.get("status").asInt() : null, text(r, "error_code"),
                r.path("prompt_tokens").isNumber() ? r.get("prompt_tokens").asLong() : null,
                r.path("completion_tokens").isNumber() ? r.get("completion_tokens").asLong() : null,
                r.path("latency_micros").isNumber() ? r.get("latency_micros").asLong() : null, text(r, "request_id"), text(r, "client_address"),
                text(r, "user_agent"), text(r, "body_sha256"), text(r, "target_type"), text(r, "target_id"),
                text(r, "reason"));
    }

    private static String text(JsonNode r, String field) {
        JsonNode v = r.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }
}
