package dev.lmaas.platform.api.ledger;

import dev.lmaas.platform.api.auth.TenantKeyAuthentication;
import dev.lmaas.platform.api.web.DatabaseUnavailable;
import dev.lmaas.platform.api.web.ErrorResponses;
import dev.lmaas.platform.api.web.RequestIds;
import dev.lmaas.platform.tenant.AuditEntry;
import dev.lmaas.platform.tenant.VerifiedKey;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingRequestWrapper;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.WebUtils;

/**
 * Exactly one audit record for every {@code /v1} request made with a valid key. The gateway records billable answers
 * itself (with their usage, in one commit) and marks the request; every other answer — refusals,
 * model lists, usage queries — is recorded here. The answer is held back until its record is
 * committed; if that fails the client gets a 503 instead, so no answer ever goes unaudited.
 */
public class ApiAuditing extends OncePerRequestFilter {

    public static final String RECORDED = ApiAuditing.class.getName() + ".recorded";
    /** The model and node that served the request, for its audit record (set by the gateway). */
    public static final String MODEL_ATTRIBUTE = ApiAuditing.class.getName() + ".model";
    public static final String NODE_ATTRIBUTE = ApiAuditing.class.getName() + ".node";
    /** Set when the ledger already failed for this request: the answer is a 503 already, don't wait a second time. */
    public static final String LEDGER_DOWN = ApiAuditing.class.getName() + ".ledgerDown";
    private static final Pattern ERROR_CODE = Pattern.compile("\"code\":\"([a-z_]{1,64})\"");
    private final RequestLedger ledger;
    private final int maxBody;

    public ApiAuditing(RequestLedger ledger, long maxBody) {
        this.ledger = ledger;
        this.maxBody = (int) Math.min(Integer.MAX_VALUE, maxBody);
    }

    /** The request body as read so far: the whole body once a controller has parsed it. */
    public static byte[] body(HttpServletRequest request) {
        ContentCachingRequestWrapper cached = WebUtils.getNativeRequest(request, ContentCachingRequestWrapper.class);
        return cached == null ? new byte[0] : cached.getContentAsByteArray();
    }

    /** SHA-256 (hex) of {@link #body}. */
    public static String bodySha256(HttpServletRequest request) {
        return sha256Hex(body(request));
    }

    public static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long started = System.nanoTime();
        ContentCachingRequestWrapper req = new ContentCachingRequestWrapper(request, maxBody);
        ContentCachingResponseWrapper res = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(req, res);
            // Without a valid key there is no tenant whose trail this belongs to, and one row per such
            // request lets anyone fill the database: those are counted and sampled (RefusalThrottle) instead.
            if (TenantKeyAuthentication.key(req) != null && req.getAttribute(RECORDED) == null && req.getAttribute(LEDGER_DOWN) == null) {
                try {
                    ledger.record(CompletedRequest.auditOnly(entry(req, res, started)));
                } catch (RequestLedger.LedgerUnavailableException e) {
                    res.resetBuffer();
                    ErrorResponses.write(res, DatabaseUnavailable.exception());
                }
            }
        } finally {
            res.copyBodyToResponse();
        }
    }

    private static AuditEntry entry(ContentCachingRequestWrapper req, ContentCachingResponseWrapper res, long started) {
        VerifiedKey key = TenantKeyAuthentication.key(req);
        String errorCode = null;
        if (res.getStatus() >= 400) {
            Matcher m = ERROR_CODE.matcher(new String(res.getContentAsByteArray(), StandardCharsets.UTF_8));
            errorCode = m.find() ? m.group(1) : null;
        }
        String endpoint = req.getMethod().toLowerCase() + " " + req.getRequestURI();
        return AuditEntry.apiCall(key == null ? AuditEntry.PLATFORM : key.tenantId(), key == null ? null : key.keyId().value(),
                endpoint.length() > 120 ? endpoint.substring(0, 120) : endpoint, (String) req.getAttribute(MODEL_ATTRIBUTE),
                (String) req.getAttribute(NODE_ATTRIBUTE), res.getStatus(), errorCode, 0, 0,
                (System.nanoTime() - started) / 1000, RequestIds.of(req), req.getRemoteAddr(), req.getHeader("User-Agent"), bodySha256(req),
                Instant.now(), RequestIds.client(req));
    }
}
