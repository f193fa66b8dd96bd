package dev.lmaas.platform.api.ledger;

import dev.lmaas.platform.api.auth.TenantKeyAuthentication;
import dev.lmaas.platform.api.web.DatabaseUnavailable;
import dev.lmaas.platform.api.web.ErrorResponses;
import dev.lmaas.platform.api.web.RecordedCall;
import dev.lmaas.platform.api.web.RecordingResponse;
import dev.lmaas.platform.api.web.RequestIds;
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
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingRequestWrapper;
import org.springframework.web.util.WebUtils;

/**
 * Exactly one audit record for every {@code /v1} request made with a valid key. The gateway records billable answers
 * itself (with their usage, in one commit) and marks the request; every other answer — refusals,
 * model lists, usage queries — is recorded here. The answer is held back until its record is
 * committed; if that fails the client gets a 503 instead, so no answer ever goes unaudited.
 */
public class ApiAuditing extends OncePerRequestFilter {

    private final RequestRecorder recorder;
    private final int maxBody;

    public ApiAuditing(RequestRecorder recorder, long maxBody) {
        this.recorder = recorder;
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

    /** The origin of the call {@code request} makes, as its records name it. */
    public static CallOrigin origin(HttpServletRequest request) {
        return new CallOrigin(RequestIds.of(request), RequestIds.client(request), request.getMethod().toLowerCase() + " " + request.getRequestURI(),
                request.getRemoteAddr(), request.getHeader("User-Agent"), () -> body(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingRequestWrapper req = new ContentCachingRequestWrapper(request, maxBody);
        RecordingResponse res = new RecordingResponse(response);
        try {
            chain.doFilter(req, res);
            RecordedCall call = res.call();
            // Without a valid key there is no tenant whose trail this belongs to, and one row per such
            // request lets anyone fill the database: those are counted and sampled (RefusalThrottle) instead.
            VerifiedKey key = TenantKeyAuthentication.key(req);
            if (key != null && !call.isRecorded() && !call.isLedgerDown()) {
                try {
                    recorder.answered(origin(req), key, call.model(), call.node(), res.getStatus(), res.getStatus() >= 400 ? call.errorCode() : null,
                            (System.nanoTime() - call.startedNanos()) / 1000);
                } catch (RequestLedger.LedgerUnavailableException e) {
                    res.resetBuffer();
                    ErrorResponses.write(res, DatabaseUnavailable.exception());
                }
            }
        } finally {
            res.copyBodyToResponse();
        }
    }
}
