package dev.lmaas.platform.ui.security;

import dev.lmaas.platform.tenant.ConsoleAccounts;
import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.tenant.TenantStatus;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends the session of a customer whose tenant was suspended (or deleted) while signed in: the next
 * page they open sends them to the login page with the "suspended" message. Ends every session of an
 * account whose password changed since it signed in (a reset, or a change made in another session).
 */
class ActiveTenantFilter extends OncePerRequestFilter {

    private final TenantDirectory tenants;
    private final ConsoleAccounts accounts;

    ActiveTenantFilter(TenantDirectory tenants, ConsoleAccounts accounts) {
        this.tenants = tenants;
        this.accounts = accounts;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/css/") || path.startsWith("/js/") || path.startsWith("/img/") || path.equals("/login") || path.equals("/error");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof ConsolePrincipal me
                && !accounts.find(me.userId()).map(me::sameCredentials).orElse(false)) {
            end(request);
            response.sendRedirect(request.getContextPath() + "/login?error=signed_out");
            return;
        }
        if (auth != null && auth.getPrincipal() instanceof ConsolePrincipal me && me.hasTenant()) {
            boolean active = tenants.find(me.tenant()).map(t -> t.status() == TenantStatus.ACTIVE).orElse(false);
            if (!active) {
                end(request);
                response.sendRedirect(request.getContextPath() + "/login?error=suspended");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static void end(HttpServletRequest request) {
        SecurityContextHolder.clearContext();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }
}
