package dev.lmaas.platform.ui.security;

import dev.lmaas.platform.tenant.ActivityLog;
import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.ConsoleAccounts;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;

/**
 * What happens after a sign-in attempt: the audit log hears of it (success, and a checked wrong
 * password), and a failure goes back to the login page with a reason the page turns into a clear
 * message. The reason never tells whether an email exists. A failed attempt on a known account is
 * written to that tenant's audit trail off the request's thread, so the answer to a wrong password
 * does not wait for a database write an unknown email would not make (a timing oracle).
 */
class LoginOutcomes extends SavedRequestAwareAuthenticationSuccessHandler implements AuthenticationFailureHandler {

    private static final Logger log = LoggerFactory.getLogger(LoginOutcomes.class);

    private final ObjectProvider<ActivityLog> activity;
    private final ConsoleAccounts accounts;
    /** One writer, a bounded queue: a burst of failures cannot pile up threads; overflow is dropped and logged. */
    private final ThreadPoolExecutor failureRecorder = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000),
            Thread.ofVirtual().name("login-failure-audit").factory(), (task, pool) -> log.warn("Failed-login audit queue full; one record dropped"));

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
        String target = switch (exception) {
            case ThrottledAuthentication.TooManyFailuresException wait -> "/login?error=wait&seconds=" + wait.seconds();
            case DisabledException disabled -> "/login?error=suspended";
            default -> "/login?error=bad";
        };
        if (exception instanceof BadCredentialsException) {
            String email = request.getParameter("email");
            String address = request.getRemoteAddr();
            failureRecorder.execute(() -> recordFailure(email, address));
        }
        response.sendRedirect(request.getContextPath() + target);
    }

    private void recordFailure(String email, String address) {
        try {
            accounts.findByEmail(email).ifPresent(a -> record(Actor.user(a.userId().toString(), a.email(), address), a.tenantId(),
                    "console.login_failed", a.userId().toString()));
        } catch (RuntimeException e) {
            log.warn("Could not record a failed sign-in: {}", e.toString());
        }
    }

    private void record(Actor actor, dev.lmaas.platform.tenant.TenantId tenant, String action, String userId) {
        ActivityLog log = activity.getIfAvailable();
        if (log != null) {
            log.record(actor, tenant, action, "console_user", userId);
        }
    }
}
