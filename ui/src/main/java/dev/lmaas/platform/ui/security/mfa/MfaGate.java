package dev.lmaas.platform.ui.security.mfa;

import dev.lmaas.platform.ui.security.ConsolePrincipal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps a session to the second factor until it is done. A half-signed-in session ({@link MfaPendingAuthentication})
 * reaches the code page, the login page and sign-out, nothing else. A signed-in account that must have a second factor
 * and has none (a platform admin by default, a member of an organization that requires one) reaches the set-up page and
 * sign-out, nothing else: every other page sends it to the set-up.
 */
final class MfaGate extends OncePerRequestFilter {

    static final String CODE_PAGE = "/login/mfa";
    static final String SETUP_PAGE = "/account/mfa";

    private final MfaPolicy policy;

    MfaGate(MfaPolicy policy) {
        this.policy = policy;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = path(request);
        return path.startsWith("/css/") || path.startsWith("/js/") || path.startsWith("/img/") || path.equals("/favicon.ico")
                || path.equals("/favicon.svg") || path.equals("/error") || path.equals("/logout");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        String path = path(request);
        if (auth instanceof MfaPendingAuthentication) {
            if (!path.equals(CODE_PAGE) && !path.equals("/login")) {
                response.sendRedirect(request.getContextPath() + CODE_PAGE);
                return;
            }
        } else if (auth != null && auth.getPrincipal() instanceof ConsolePrincipal me && !path.equals(SETUP_PAGE)
                && !path.startsWith(SETUP_PAGE + "/") && policy.mustEnrol(me)) {
            response.sendRedirect(request.getContextPath() + SETUP_PAGE);
            return;
        }
        chain.doFilter(request, response);
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
