package dev.lmaas.platform.ui.security;

import dev.lmaas.platform.tenant.ActivityLog;
import dev.lmaas.platform.tenant.ConsoleAccount;
import dev.lmaas.platform.tenant.ConsoleAccounts;
import dev.lmaas.platform.tenant.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A signed-in person changes their password (customers and admins alike): the current one first, then the new one
 * twice. On success every session of the account ends, this one included, and the change is in the audit trail.
 * Wrong current passwords slow down like failed sign-ins (per account).
 */
@Controller
class PasswordChangeController {

    private final ConsoleAccounts accounts;
    private final ObjectProvider<ActivityLog> activity;
    private final Backoff wrongCurrent;

    PasswordChangeController(ConsoleAccounts accounts, ObjectProvider<ActivityLog> activity, FailureCounts counts) {
        this.accounts = accounts;
        this.activity = activity;
        this.wrongCurrent = new Backoff(counts, "password.current", 5, Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofHours(4),
                Clock.systemUTC());
    }

    @GetMapping("/account/password")
    String form(Model model) {
        model.addAttribute("minPassword", ConsoleAccounts.MIN_PASSWORD);
        return "account-password";
    }

    @PostMapping("/account/password")
    String change(@AuthenticationPrincipal ConsolePrincipal me, @RequestParam(required = false) String current,
                  @RequestParam(required = false) String password, @RequestParam(required = false) String passwordAgain,
                  HttpServletRequest request, HttpServletResponse response, Model model) {
        model.addAttribute("minPassword", ConsoleAccounts.MIN_PASSWORD);
        String who = me.userId().toString();
        Duration wait = wrongCurrent.waitLeft(who);
        if (!wait.isZero()) {
            return refuse(model, response, 429, "current", "Too many wrong passwords. Try again in " + Math.max(1, (wait.toSeconds() + 59) / 60)
                    + " minutes.");
        }
        ConsoleAccount account = accounts.find(me.userId()).orElseThrow();
        if (current == null || !accounts.passwordMatches(account, current)) {
            wrongCurrent.failed(who);
            return refuse(model, response, 400, "current", "Your current password is not correct.");
        }
        if (password == null || !password.equals(passwordAgain)) {
            return refuse(model, response, 400, "passwordAgain", "The two new passwords do not match.");
        }
        try {
            accounts.changePassword(me.userId(), password);
        } catch (InvalidInputException e) {
            return refuse(model, response, 400, "password", e.getMessage().endsWith(".") ? e.getMessage() : e.getMessage() + ".");
        }
        ActivityLog log = activity.getIfAvailable();
        if (log != null) {
            log.record(me.actor(request.getRemoteAddr()), me.hasTenant() ? me.tenant() : null, "account.password_changed", "user", who);
        }
        SecurityContextHolder.clearContext();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        return "redirect:/login?changed";
    }

    private static String refuse(Model model, HttpServletResponse response, int status, String field, String message) {
        response.setStatus(status);
        model.addAttribute("errorField", field);
        model.addAttribute("error", message);
        return "account-password";
    }
}
