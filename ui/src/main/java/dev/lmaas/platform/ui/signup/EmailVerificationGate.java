package dev.lmaas.platform.ui.signup;

import dev.lmaas.platform.tenant.EmailVerifications;
import dev.lmaas.platform.ui.security.ConsolePrincipal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Keeps an account whose e-mail address is not verified yet on the "verify your e-mail" page: it is signed in, but
 * every other console page (so every key form) sends it there. Only when SMTP is configured; without it, no account
 * is ever pending and this costs nothing.
 */
final class EmailVerificationGate implements HandlerInterceptor {

    /** What an unverified account may still reach (besides the static files, which the registration leaves out). */
    static final String[] OPEN = {"/verify-email", "/verify-email/**", "/login", "/logout", "/signup", "/error", "/sso/refused"};

    private final EmailVerifications verifications;

    EmailVerificationGate(EmailVerifications verifications) {
        this.verifications = verifications;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws IOException {
        if (!verifications.required()) {
            return true;
        }
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof ConsolePrincipal me && me.hasTenant() && verifications.pending(me.userId())) {
            response.setStatus(303);
            response.setHeader("Location", request.getContextPath() + "/verify-email");
            return false;
        }
        return true;
    }
}
