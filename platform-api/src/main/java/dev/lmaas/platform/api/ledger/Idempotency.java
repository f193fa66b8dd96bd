package dev.lmaas.platform.api.ledger;

import dev.lmaas.platform.api.auth.TenantKeyAuthentication;
import dev.lmaas.platform.api.web.ApiException;
import dev.lmaas.platform.api.web.ErrorResponses;
import dev.lmaas.platform.api.web.ReplayedBody;
import dev.lmaas.platform.tenant.TenantDataKeys;
import dev.lmaas.platform.tenant.VerifiedKey;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on tenant POSTs: the first request with a key runs and its answer is kept
 * (encrypted with the tenant's data key) for the window; a retry with the same key and body gets
 * that answer again, marked {@code Idempotent-Replayed: true}, and is not billed again; the same key
 * with another body is a 409, as is a retry while the first is still running. Server errors and
 * rate-limit refusals are not kept, so the client can retry them for real. Keys are scoped per API
 * key: another key of the same tenant (perhaps scoped to other models) never gets this key's answer,
 * it runs its own request with its own checks.
 */
public class Idempotency extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    private final JdbcTemplate jdbc;
    private final TenantDataKeys keys;
    private final java.time.Duration window;
    /**
     * Longer than any request can hold its key: the node call times out after 30 s (lmaas.nodes.request-timeout)
     * and the ledger's commit after 5 s; an "in progress" key older than this belongs to a crashed process.
     */
    static final java.time.Duration ABANDONED_AFTER = java.time.Duration.ofMinutes(5);

    public Idempotency(JdbcTemplate jdbc, TenantDataKeys keys, java.time.Duration window) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.window = window;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        VerifiedKey key = TenantKeyAuthentication.key(request);
        String idemKey = request.getHeader(HEADER).strip();
        if (key == null) {
            chain.doFilter(request, response);
            return;
        }
        if (idemKey.isEmpty() || idemKey.length() > 255) {
            ErrorResponses.write(response, ApiException.invalidRequest("invalid_idempotency_key",
                    "Idempotency-Key must be 1 to 255 characters.", HEADER));
            return;
        }
        byte[] body = request.getInputStream().readAllBytes(); // bounded by the body limit before us
        String hash = sha256(request.getRequestURI() + "\n" + new String(body, StandardCharsets.UTF_8));
        // A key is taken over when its window has passed, or when it is still "in progress" long after
        // any request could have finished: the process that held it crashed (no finally ran), and the
        // client's retry must not be refused as "in progress" for the rest of the window.
        int inserted = jdbc.update("INSERT INTO idempotency_keys (tenant_id, key_id, key, request_hash, state) VALUES (?, ?, ?, ?, 'in_progress') "
                + "ON CONFLICT (tenant_id, key_id, key) DO UPDATE SET request_hash = excluded.request_hash, state = 'in_progress', created_at = now(), "
                + "response_status = NULL, response_ct = NULL WHERE idempotency_keys.created_at < now() - make_interval(secs => ?) "
                + "OR (idempotency_keys.state = 'in_progress' AND idempotency_keys.created_at < now() - make_interval(secs => ?))",
                key.tenantId().value(), key.keyId().value(), idemKey, hash, (double) window.toSeconds(), (double) ABANDONED_AFTER.toSeconds());
        if (inserted == 0) {
            replayOrRefuse(key, idemKey, hash, response);
            return;
        }
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        boolean kept = false;
        try {
            chain.doFilter(new ReplayedBody(request, body), captured);
            int status = captured.getStatus();
            if (status < 500 && status != 429 && status != 409) {
                jdbc.update("UPDATE idempotency_keys SET state = 'done', response_status = ?, content_type = ?, response_ct = ? "
                                + "WHERE tenant_id = ? AND key_id = ? AND key = ?",
                        status, captured.getContentType(), keys.encrypt(key.tenantId(), captured.getContentAsByteArray(), aad(key, idemKey)),
                        key.tenantId().value(), key.keyId().value(), idemKey);
                kept = true;
            }
        } finally {
            if (!kept) {
                jdbc.update("DELETE FROM idempotency_keys WHERE tenant_id = ? AND key_id = ? AND key = ? AND state = 'in_progress'",
                        key.tenantId().value(), key.keyId().value(), idemKey);
            }
            captured.copyBodyToResponse();
        }
    }

    private void replayOrRefuse(VerifiedKey key, String idemKey, String hash, HttpServletResponse response) throws IOException {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT request_hash, state, response_status, content_type, response_ct FROM idempotency_keys "
                + "WHERE tenant_id = ? AND key_id = ? AND key = ?", key.tenantId().value(), key.keyId().value(), idemKey);
        if (rows.isEmpty()) {
            ErrorResponses.write(response, new ApiException(409, "invalid_request_error", "idempotency_in_progress",
                    "A request with this Idempotency-Key is being processed; retry shortly.", HEADER, Map.of("Retry-After", "1")));
            return;
        }
        Map<String, Object> row = rows.get(0);
        if (!hash.equals(row.get("request_hash"))) {
            ErrorResponses.write(response, new ApiException(409, "invalid_request_error", "idempotency_key_reused",
                    "This Idempotency-Key was used with a different request body; use a new key for a new request.", HEADER, null));
            return;
        }
        if (!"done".equals(row.get("state"))) {
            ErrorResponses.write(response, new ApiException(409, "invalid_request_error", "idempotency_in_progress",
                    "A request with this Idempotency-Key is being processed; retry shortly.", HEADER, Map.of("Retry-After", "1")));
            return;
        }
        byte[] body = keys.decrypt(key.tenantId(), (byte[]) row.get("response_ct"), aad(key, idemKey));
        response.setStatus((Integer) row.get("response_status"));
        response.setHeader("Idempotent-Replayed", "true");
        if (row.get("content_type") != null) {
            response.setContentType((String) row.get("content_type"));
        }
        response.getOutputStream().write(body);
    }

    /** Binds the stored answer to the key that made the request, not only to the tenant. */
    private static String aad(VerifiedKey key, String idemKey) {
        return "idempotency|" + key.keyId() + "|" + idemKey;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
