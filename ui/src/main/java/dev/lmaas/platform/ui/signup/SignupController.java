package dev.lmaas.platform.ui.signup;

import dev.lmaas.platform.tenant.ConsoleAccounts;
import dev.lmaas.platform.tenant.EmailVerifications;
import dev.lmaas.platform.tenant.InvalidInputException;
import dev.lmaas.platform.ui.security.SignupThrottle;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Self-service sign-up. A complete, valid form always gets the same answer, whether its email was
 * new (the tenant and its owner are created) or already had an account (nothing changes): a page
 * that asks the person to sign in. There is no mail system to send "you already have an account"
 * to the address's owner, and signing the new owner in straight away would make the two answers
 * differ, so the one honest answer both can share is "now sign in". Someone who typed an email that
 * was taken learns it only by trying to sign in with the password they chose, which the login
 * throttle slows like any other guess. Sign-ups are throttled per client address.
 */
@Controller
class SignupController {

    /** The sign-up form; the password is never sent back to the page. */
    record SignupForm(String organization, String email, String password, String passwordAgain) {
    }

    private final dev.lmaas.platform.ui.web.Messages messages;
    private final ConsoleAccounts accounts;
    private final SignupThrottle throttle;
    private final EmailVerifications verifications;

    SignupController(ConsoleAccounts accounts, SignupThrottle throttle, dev.lmaas.platform.ui.web.Messages messages,
                     EmailVerifications verifications) {
        this.verifications = verifications;
        this.messages = messages;
        this.accounts = accounts;
        this.throttle = throttle;
    }

    @GetMapping("/signup")
    String form(Model model) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken)) {
            return "redirect:/";
        }
        model.addAttribute("form", new SignupForm("", "", null, null));
        addRules(model);
        return "signup";
    }

    @PostMapping("/signup")
    String signUp(SignupForm form, Model model, HttpServletRequest request, HttpServletResponse response) {
        model.addAttribute("form", new SignupForm(form.organization(), form.email(), null, null));
        addRules(model);
        Duration wait = throttle.waitLeft(request.getRemoteAddr());
        if (!wait.isZero()) {
            response.setStatus(429);
            response.setHeader("Retry-After", Long.toString(Math.max(1, wait.toSeconds())));
            model.addAttribute("error", messages.get("error.signup.throttled", minutes(wait)));
            return "signup";
        }
        if (form.password() == null || !form.password().equals(form.passwordAgain())) {
            return refuse(model, response, "passwordAgain", messages.get("error.passwordsDiffer"));
        }
        boolean created;
        try {
            created = accounts.signUp(form.organization(), form.email(), form.password(), request.getRemoteAddr()).isPresent();
            throttle.attempted(request.getRemoteAddr()); // a complete form, new email or taken: typos cost nothing
        } catch (InvalidInputException e) {
            return refuse(model, response, field(e.param()), inUsersWords(e));
        }
        // With SMTP, both cases get a mail (a verification link, or "you already have an account") and the same page.
        verifications.afterSignUp(form.email(), created, ServletUriComponentsBuilder.fromContextPath(request).replaceQuery(null).toUriString(),
                org.springframework.context.i18n.LocaleContextHolder.getLocale()); // the page's language: the mail's

        return verifications.required() ? "redirect:/verify-email/sent" : "redirect:/login?registered";
    }

    private static void addRules(Model model) {
        model.addAttribute("minPassword", ConsoleAccounts.MIN_PASSWORD);
        model.addAttribute("maxPasswordBytes", ConsoleAccounts.MAX_PASSWORD_BYTES);
    }

    private String minutes(Duration wait) {
        long m = Math.max(1, (wait.toSeconds() + 59) / 60);
        return m == 1 ? messages.get("time.aMinute") : messages.get("time.minutes", m);
    }

    private String refuse(Model model, HttpServletResponse response, String field, String message) {
        response.setStatus(400);
        model.addAttribute("errorField", field);
        String text = messages.orText(message);
        model.addAttribute("error", text.endsWith(".") || text.endsWith("。") ? text : text + ".");
        return "signup";
    }

    /**
     * The directory's messages name API fields ({@code owner_email}, {@code name}); the form's reader sees its own
     * words next to the field instead.
     */
    static String inUsersWords(InvalidInputException e) {
        String message = e.getMessage();
        return switch (e.param() == null ? "" : e.param()) {
            case "owner_email", "email" -> message.contains("required") ? "signup.error.emailRequired"
                    : message.contains("valid") ? "signup.error.emailInvalid" : message.replace("owner_email", "The email address");
            case "name" -> message.contains("required") ? "signup.error.nameRequired"
                    : message.replaceFirst("^name ", "Your organization's name ");
            default -> message;
        };
    }

    private static String field(String param) {
        if (param == null) {
            return "";
        }
        return switch (param) {
            case "name" -> "organization";
            case "owner_email", "email" -> "email";
            default -> param;
        };
    }
}
