package dev.lmaas.platform.ui.security.mfa;

import dev.lmaas.platform.tenant.ActivityLog;
import dev.lmaas.platform.tenant.ConsoleAccount;
import dev.lmaas.platform.tenant.SecondFactors;
import dev.lmaas.platform.ui.security.ConsolePrincipal;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;

/**
 * How the second factor joins the console's sign-in; the security configuration asks it for three parts: the password
 * check that stops at the second step ({@link #secondStep}), the success handler that sends a half-signed-in session to
 * the code page ({@link #divert}), and the gate in front of every page ({@link #gate}). {@link #complete} finishes a
 * sign-in once the code was right, exactly as a password-only sign-in ends (same audit record, same redirect).
 */
public final class MfaSignIn {

    private final SecondFactors factors;
    private final MfaPolicy policy;
    private final SecurityContextRepository contexts;
    private final Clock clock;
    private final ObjectProvider<ActivityLog> activity;
    private final RequestCache requests = new HttpSessionRequestCache();
    private volatile AuthenticationSuccessHandler signedIn;

    MfaSignIn(SecondFactors factors, MfaPolicy policy, SecurityContextRepository contexts, ObjectProvider<ActivityLog> activity, Clock clock) {
        this.activity = activity;
        this.factors = factors;
        this.policy = policy;
        this.contexts = contexts;
        this.clock = clock;
    }

    public AuthenticationProvider secondStep(AuthenticationProvider passwords) {
        return new SecondStepAuthentication(passwords, factors, clock);
    }

    /** {@code signedIn} ends a complete sign-in (audit, saved request); a half one goes to the code page instead. */
    public AuthenticationSuccessHandler divert(AuthenticationSuccessHandler signedIn) {
        this.signedIn = signedIn;
        return (request, response, authentication) -> {
            if (authentication instanceof MfaPendingAuthentication) {
                response.sendRedirect(request.getContextPath() + MfaGate.CODE_PAGE);
            } else {
                signedIn.onAuthenticationSuccess(request, response, authentication);
            }
        };
    }

    public Filter gate() {
        return new MfaGate(policy);
    }

    /**
     * The code was right: a new session id, the signed-in context, then what follows any sign-in (the audit record, the
     * page first asked for). After a recovery code the page is the second factor's instead, which says how many are left.
     */
    void complete(ConsoleAccount account, boolean recoveryCode, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        request.changeSessionId();
        ConsolePrincipal me = ConsolePrincipal.signedIn(account);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        Authentication auth = UsernamePasswordAuthenticationToken.authenticated(me, null, me.getAuthorities());
        context.setAuthentication(auth);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        if (recoveryCode) {
            ActivityLog log = activity.getIfAvailable();
            if (log != null) {
                log.record(me.actor(request.getRemoteAddr()), me.hasTenant() ? me.tenant() : null, "console.login", "console_user",
                        me.userId().toString());
            }
            requests.removeRequest(request, response);
            response.sendRedirect(request.getContextPath() + MfaGate.SETUP_PAGE + "?recovered");
            return;
        }
        signedIn.onAuthenticationSuccess(request, response, auth);
    }
}
