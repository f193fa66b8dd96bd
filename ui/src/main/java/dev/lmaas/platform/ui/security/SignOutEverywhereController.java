package dev.lmaas.platform.ui.security;

import dev.lmaas.platform.tenant.ActivityLog;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * "Sign out everywhere": ends every session of the signed-in account, on every device and every replica (sessions are
 * in PostgreSQL), this one included, and writes {@code account.signed_out_everywhere} to the audit trail.
 */
@Controller
class SignOutEverywhereController {

    private final ConsoleSessions sessions;
    private final ObjectProvider<ActivityLog> activity;

    SignOutEverywhereController(ConsoleSessions sessions, ObjectProvider<ActivityLog> activity) {
        this.sessions = sessions;
        this.activity = activity;
    }

    @PostMapping("/account/sign-out-everywhere")
    String signOutEverywhere(@AuthenticationPrincipal ConsolePrincipal me, HttpServletRequest request) {
        sessions.endAll(me.userId());
        ActivityLog log = activity.getIfAvailable();
        if (log != null) {
            log.record(me.actor(request.getRemoteAddr()), me.hasTenant() ? me.tenant() : null, "account.signed_out_everywhere", "user",
                    me.userId().toString());
        }
        SecurityContextHolder.clearContext();
        HttpSession session = request.getSession(false);
        if (session != null) { // this one too (already deleted from the store: invalidating it keeps it from being saved again)
            session.invalidate();
        }
        return "redirect:/login?everywhere";
    }
}
