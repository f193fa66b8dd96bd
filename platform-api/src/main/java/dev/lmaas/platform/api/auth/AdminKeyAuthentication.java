package dev.lmaas.platform.api.auth;

import dev.lmaas.platform.api.web.ApiException;
import dev.lmaas.platform.api.web.ErrorResponses;
import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.AdminKeys;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.web.filter.OncePerRequestFilter;

/** Authenticates {@code /admin/v1/**} with an admin key ({@code Bearer lma_...}). */
public class AdminKeyAuthentication extends OncePerRequestFilter {

    public static final String ATTRIBUTE = Actor.class.getName();
    private final AdminKeys adminKeys;

    public AdminKeyAuthentication(AdminKeys adminKeys) {
        this.adminKeys = adminKeys;
    }

    public static Actor actor(HttpServletRequest request) {
        return (Actor) request.getAttribute(ATTRIBUTE);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var key = adminKeys.verifyHeader(request.getHeader("Authorization"));
        if (key.isEmpty()) {
            ErrorResponses.write(response, new ApiException(401, "authentication_error", "invalid_admin_key",
                    "A valid admin key is required: 'Authorization: Bearer lma_...'.", null, Map.of("WWW-Authenticate", "Bearer realm=\"lmaas-admin\"")));
            return;
        }
        request.setAttribute(ATTRIBUTE, Actor.adminKey(key.get().id().toString(), key.get().prefix(), request.getRemoteAddr()));
        chain.doFilter(request, response);
    }
}
