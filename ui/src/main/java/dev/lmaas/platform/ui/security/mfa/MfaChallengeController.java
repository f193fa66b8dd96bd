package dev.lmaas.platform.ui.security.mfa;

import dev.lmaas.platform.tenant.ActivityLog;
import dev.lmaas.platform.tenant.ConsoleAccount;
import dev.lmaas.platform.tenant.ConsoleAccounts;
import dev.lmaas.platform.tenant.SecondFactors;
import dev.lmaas.platform.ui.security.ConsolePrincipal;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The second step of signing in: a code from the authenticator app, or a recovery code. Wrong and reused codes are
 * refused with a reason, counted as failed sign-ins (throttled, and in the audit chain); a right one finishes the
 * sign-in. Only a half-signed-in session gets here; the page checks the account again (removed, password changed,
 * organization suspended) before it lets anyone in.
 */
@Controller
class MfaChallengeController {

    private final SecondFactors factors;
    private final ConsoleAccounts accounts;
    private final MfaThrottle throttle;
    private final MfaSignIn signIn;
    private final ObjectProvider<ActivityLog> activity;
    private final MessageSource messages;
    private final Clock clock = Clock.systemUTC();

    MfaChallengeController(SecondFactors factors, ConsoleAccounts accounts, MfaThrottle throttle, MfaSignIn signIn,
                           ObjectProvider<ActivityLog> activity, MessageSource messages) {
        this.factors = factors;
        this.accounts = accounts;
        this.throttle = throttle;
        this.signIn = signIn;
        this.activity = activity;
        this.messages = messages;
    }

    @GetMapping(MfaGate.CODE_PAGE)
    String form(HttpServletRequest request, RedirectAttributes redirect) {
        return pending(request, redirect).isPresent() ? "mfa/challenge" : "redirect:/login";
    }

    @PostMapping(MfaGate.CODE_PAGE)
    String check(@RequestParam(required = false) String code, HttpServletRequest request, HttpServletResponse response, Model model,
                 RedirectAttributes redirect) throws IOException, ServletException {
        Optional<MfaPendingAuthentication> pending = pending(request, redirect);
        if (pending.isEmpty()) {
            return "redirect:/login";
        }
        ConsolePrincipal who = pending.get().account();
        String address = request.getRemoteAddr();
        Duration wait = throttle.waitLeft(who.userId(), who.email(), address);
        if (!wait.isZero()) {
            return refuse(response, model, 429, messages.getMessage("mfa.error.wait", new Object[] {MfaThrottle.seconds(wait)}, LocaleContextHolder.getLocale()));
        }
        Optional<ConsoleAccount> current = accounts.find(who.userId());
        String ended = current.isEmpty() ? "removed" : !who.sameCredentials(current.get()) ? "signed_out"
                : !ConsolePrincipal.signedIn(current.get()).isEnabled() ? "suspended" : null;
        if (ended != null) {
            end(request);
            return "redirect:/login?error=" + ended;
        }
        SecondFactors.Check check = factors.verify(current.get(), code, who.actor(address));
        switch (check) {
            case ACCEPTED, RECOVERY_CODE_ACCEPTED -> {
                throttle.succeeded(who.userId(), who.email(), address);
                signIn.complete(current.get(), check == SecondFactors.Check.RECOVERY_CODE_ACCEPTED, request, response);
                return null;
            }
            default -> {
                throttle.failed(who.userId(), who.email(), address);
                ActivityLog log = activity.getIfAvailable();
                if (log != null) {
                    log.record(who.actor(address), who.hasTenant() ? who.tenant() : null, "console.login_failed", "console_user",
                            who.userId().toString());
                }
                boolean sixDigits = code != null && code.replaceAll("\\s", "").matches("\\d{6}");
                String reason = check == SecondFactors.Check.WRONG ? "mfa.error.wrongCode"
                        : sixDigits ? "mfa.error.reusedCode" : "mfa.error.reusedRecoveryCode";
                return refuse(response, model, 400, reason);
            }
        }
    }

    /** The half-finished sign-in of this session, if there is one still young enough; an old one is ended here. */
    private Optional<MfaPendingAuthentication> pending(HttpServletRequest request, RedirectAttributes redirect) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (!(auth instanceof MfaPendingAuthentication p)) {
            return Optional.empty();
        }
        if (p.expired(clock.instant())) {
            end(request);
            redirect.addFlashAttribute("error", "mfa.error.expired");
            return Optional.empty();
        }
        return Optional.of(p);
    }

    private static String refuse(HttpServletResponse response, Model model, int status, String error) {
        response.setStatus(status);
        model.addAttribute("error", error);
        return "mfa/challenge";
    }

    private static void end(HttpServletRequest request) {
        SecurityContextHolder.clearContext();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }
}
