package dev.lmaas.platform.ui.security;

import dev.lmaas.platform.tenant.ConsoleAccount;
import dev.lmaas.platform.tenant.ConsoleAccounts;
import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.tenant.TenantStatus;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks every signed-in request against the account as it is now. Ends the session of a member who was removed
 * from their organization (their account is gone), of an account whose password changed since it signed in (a
 * reset, or a change made in another session), and of a customer whose tenant was suspended (or deleted): the next
 * page they open sends them to the login page with the reason. When a member's role changed, the session goes on
 * with the new role's rights, from this very request on.
 */
class ActiveTenantFilter extends OncePerRequestFilter {

    private final TenantDirectory tenants;
    private final ConsoleAccounts accounts;
    private final SecurityContextRepository contexts;

    ActiveTenantFilter(TenantDirectory tenants, ConsoleAccounts accounts, SecurityContextRepository contexts) {
        this.tenants = tenants;
        this.accounts = accounts;
        this.contexts = contexts;
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
        if (auth != null && auth.getPrincipal() instanceof ConsolePrincipal me) {
            Optional<ConsoleAccount> current = accounts.find(me.userId());
            String ended = current.isEmpty() ? "removed" : !me.sameCredentials(current.get()) ? "signed_out" : null;
            if (ended == null && me.hasTenant()) {
                boolean active = tenants.find(me.tenant()).map(t -> t.status() == TenantStatus.ACTIVE).orElse(false);
                ended = active ? null : "suspended";
            }
            if (ended != null) {
                end(request);
                response.sendRedirect(request.getContextPath() + "/login?error=" + ended);
                return;
            }
            if (!Objects.equals(current.get().memberRole(), me.memberRole())) {
                ConsolePrincipal now = ConsolePrincipal.signedIn(current.get());
                SecurityContext context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(now, null, now.getAuthorities()));
                SecurityContextHolder.setContext(context);
                contexts.saveContext(context, request, response);
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
