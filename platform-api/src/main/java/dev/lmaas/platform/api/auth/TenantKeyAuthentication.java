package dev.lmaas.platform.api.auth;

import dev.lmaas.platform.api.web.ApiException;
import dev.lmaas.platform.api.web.ErrorResponses;
import dev.lmaas.platform.tenant.ApiKeyVerifier;
import dev.lmaas.platform.tenant.KeyVerification;
import dev.lmaas.platform.tenant.VerifiedKey;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code /v1/**} with {@code Authorization: Bearer lmk_...}: no session, no cookie.
 * The verified key is put on the request for the controllers; refusals are answered here, counted
 * and throttled per client address by {@link RefusalThrottle}, and not audited (they have no tenant).
 */
public class TenantKeyAuthentication extends OncePerRequestFilter {

    public static final String ATTRIBUTE = VerifiedKey.class.getName();
    private final ApiKeyVerifier verifier;
    private final RefusalThrottle throttle;

    public TenantKeyAuthentication(ApiKeyVerifier verifier, RefusalThrottle throttle) {
        this.verifier = verifier;
        this.throttle = throttle;
    }

    public static VerifiedKey key(HttpServletRequest request) {
        return (VerifiedKey) request.getAttribute(ATTRIBUTE);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("OPTIONS".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        switch (verifier.verifyHeader(request.getHeader("Authorization"))) {
            case KeyVerification.Verified v -> {
                request.setAttribute(ATTRIBUTE, v.key());
                chain.doFilter(request, response);
            }
            case KeyVerification.Refused r -> {
                long retryAfter = throttle.refused(request.getRemoteAddr(), r.reason().code());
                if (retryAfter > 0) {
                    ErrorResponses.write(response, new ApiException(429, "rate_limit_error", "rate_limit_exceeded",
                            "Too many requests without a valid API key from this address; retry after " + retryAfter + " s.", null,
                            java.util.Map.of("Retry-After", Long.toString(retryAfter))));
                    return;
                }
                ErrorResponses.write(response, new ApiException(r.reason().status(),
                        r.reason().status() == 403 ? "permission_error" : "authentication_error", r.reason().code(), r.reason().message(), null,
                        r.reason().status() == 401 ? java.util.Map.of("WWW-Authenticate", "Bearer realm=\"lmaas\"") : null));
            }
        }
    }
}
