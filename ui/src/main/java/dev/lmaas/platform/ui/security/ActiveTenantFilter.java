package dev.lmaas.platform.ui.security;

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
 * page they open sends them to the login page with the "suspended" message.
 */
class ActiveTenantFilter extends OncePerRequestFilter {

    private final TenantDirectory tenants;

    ActiveTenantFilter(TenantDirectory tenants) {
        this.tenants = tenants;
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
        if (auth != null && auth.getPrincipal() instanceof ConsolePrincipal me && me.hasTenant()) {
            boolean active = tenants.find(me.tenant()).map(t -> t.status() == TenantStatus.ACTIVE).orElse(false);
            if (!active) {
                SecurityContextHolder.clearContext();
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                response.sendRedirect(request.getContextPath() + "/login?error=suspended");
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
