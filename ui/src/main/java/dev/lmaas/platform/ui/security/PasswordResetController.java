package dev.lmaas.platform.ui.security;

import dev.lmaas.platform.tenant.ConsoleAccounts;
import dev.lmaas.platform.tenant.InvalidInputException;
import dev.lmaas.platform.tenant.Mail;
import dev.lmaas.platform.tenant.MailTexts;
import dev.lmaas.platform.tenant.MemberLanguages;
import dev.lmaas.platform.tenant.PasswordResets;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Forgotten passwords: the address gets a link valid one hour (by mail, or as a file under {@code DATA_DIR/mail} when
 * no SMTP server is configured); the page says the same whether the address has an account or not, and requests
 * from one network slow down like sign-ups. The link's page sets the new password; every session of the account ends.
 */
@Controller
class PasswordResetController {

    static final String SENT = "If an account exists for that address, we sent it a link to choose a new password. The link works for one hour.";

    private final PasswordResets resets;
    private final Mail mail;
    private final SignupThrottle throttle;

    private final MemberLanguages languages;

    PasswordResetController(PasswordResets resets, Mail mail, FailureCounts counts, MemberLanguages languages) {
        this.languages = languages;
        this.resets = resets;
        this.mail = mail;
        this.throttle = new SignupThrottle(counts, "reset.address", 5, Clock.systemUTC());
    }

    @GetMapping("/forgot-password")
    String form() {
        return "forgot-password";
    }

    @PostMapping("/forgot-password")
    String request(@RequestParam(required = false) String email, HttpServletRequest request, HttpServletResponse response, Model model) {
        Duration wait = throttle.waitLeft(request.getRemoteAddr());
        if (!wait.isZero()) {
            response.setStatus(429);
            response.setHeader("Retry-After", Long.toString(Math.max(1, wait.toSeconds())));
            model.addAttribute("error", "Too many requests from your network. Try again in " + Math.max(1, (wait.toSeconds() + 59) / 60) + " minutes.");
            return "forgot-password";
        }
        if (email == null || email.isBlank() || email.length() > 320) {
            response.setStatus(400);
            model.addAttribute("error", "Enter the email address of your account.");
            return "forgot-password";
        }
        throttle.attempted(request.getRemoteAddr());
        resets.request(email).ifPresent(token -> {
            // In the account's chosen language, else in the language of the page that asked.
            java.util.Locale language = languages.ofEmail(email).orElseGet(org.springframework.context.i18n.LocaleContextHolder::getLocale);
            String[] mailed = MailTexts.passwordReset(language,
                    ServletUriComponentsBuilder.fromContextPath(request).path("/reset-password").queryParam("token", token).toUriString());
            mail.send(email.strip(), mailed[0], mailed[1]);
        });
        model.addAttribute("notice", SENT);
        model.addAttribute("sent", true);
        return "forgot-password";
    }

    @GetMapping("/reset-password")
    String resetForm(@RequestParam(required = false) String token, Model model, HttpServletResponse response) {
        if (!resets.usable(token)) {
            response.setStatus(400);
            model.addAttribute("invalid", true);
            model.addAttribute("error", "This reset link is invalid, was already used or has expired. Ask for a new one.");
        }
        model.addAttribute("token", token);
        model.addAttribute("minPassword", ConsoleAccounts.MIN_PASSWORD);
        return "reset-password";
    }

    @PostMapping("/reset-password")
    String reset(@RequestParam(required = false) String token, @RequestParam(required = false) String password,
                 @RequestParam(required = false) String passwordAgain, Model model, HttpServletResponse response) {
        model.addAttribute("token", token);
        model.addAttribute("minPassword", ConsoleAccounts.MIN_PASSWORD);
        if (password == null || !password.equals(passwordAgain)) {
            response.setStatus(400);
            model.addAttribute("errorField", "passwordAgain");
            model.addAttribute("error", "The two passwords do not match.");
            return "reset-password";
        }
        try {
            resets.reset(token, password);
        } catch (InvalidInputException e) {
            response.setStatus(400);
            model.addAttribute("invalid", "token".equals(e.param()));
            model.addAttribute("errorField", "token".equals(e.param()) ? null : "password");
            model.addAttribute("error", e.getMessage().endsWith(".") ? e.getMessage() : e.getMessage() + ".");
            return "reset-password";
        }
        return "redirect:/login?reset";
    }
}
