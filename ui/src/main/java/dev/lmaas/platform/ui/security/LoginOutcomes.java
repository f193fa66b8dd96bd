package dev.lmaas.platform.ui.security;

import dev.lmaas.platform.tenant.ActivityLog;
import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.ConsoleAccounts;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;

/**
 * What happens after a sign-in attempt: the audit log hears of it (success and failure), and a
 * failure goes back to the login page with a reason the page turns into a clear message. The
 * reason never tells whether an email exists.
 */
class LoginOutcomes extends SavedRequestAwareAuthenticationSuccessHandler implements AuthenticationFailureHandler {

    private final ObjectProvider<ActivityLog> activity;
    private final ConsoleAccounts accounts;

    LoginOutcomes(ObjectProvider<ActivityLog> activity, ConsoleAccounts accounts) {
        this.activity = activity;
        this.accounts = accounts;
        setDefaultTargetUrl("/");
        setAlwaysUseDefaultTargetUrl(false);
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException, jakarta.servlet.ServletException {
        if (authentication.getPrincipal() instanceof ConsolePrincipal me) {
            record(me.actor(request.getRemoteAddr()), me.hasTenant() ? me.tenant() : null, "console.login", me.userId().toString());
        }
        super.onAuthenticationSuccess(request, response, authentication);
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        String email = request.getParameter("email");
        String reason = exception instanceof ThrottledAuthentication.TooManyFailuresException ? "locked"
                : exception instanceof LockedException ? "locked"
                : exception instanceof DisabledException ? "suspended" : "bad";
        accounts.findByEmail(email).ifPresent(a -> record(Actor.user(a.userId().toString(), a.email(), request.getRemoteAddr()), a.tenantId(),
                "console.login_failed", a.userId().toString()));
        response.sendRedirect(request.getContextPath() + "/login?error=" + reason);
    }

    private void record(Actor actor, dev.lmaas.platform.tenant.TenantId tenant, String action, String userId) {
        ActivityLog log = activity.getIfAvailable();
        if (log != null) {
            log.record(actor, tenant, action, "console_user", userId);
        }
    }
}
