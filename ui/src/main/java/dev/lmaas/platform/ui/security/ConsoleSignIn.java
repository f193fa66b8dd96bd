package dev.lmaas.platform.ui.security;

import dev.lmaas.platform.tenant.ActivityLog;
import dev.lmaas.platform.tenant.ConsoleAccount;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Signs an account in without the login form, after it proved itself another way (it accepted an invitation with a
 * new password). Like a form login: a new session (whatever session the browser had ends, so a session id known
 * before cannot be carried over), the security context kept in it, and a {@code console.login} audit record.
 */
public final class ConsoleSignIn {

    private final SecurityContextRepository contexts;
    private final ObjectProvider<ActivityLog> activity;

    ConsoleSignIn(SecurityContextRepository contexts, ObjectProvider<ActivityLog> activity) {
        this.contexts = contexts;
        this.activity = activity;
    }

    public void signIn(ConsoleAccount account, HttpServletRequest request, HttpServletResponse response) {
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate();
        }
        request.getSession(true);
        ConsolePrincipal me = ConsolePrincipal.signedIn(account);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(me, null, me.getAuthorities()));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        ActivityLog log = activity.getIfAvailable();
        if (log != null) {
            log.record(me.actor(request.getRemoteAddr()), me.hasTenant() ? me.tenant() : null, "console.login", "console_user", me.userId().toString());
        }
    }
}
