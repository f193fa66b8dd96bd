package dev.lmaas.platform.ui.security;

import dev.lmaas.platform.ui.ConsoleProperties;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The login page (Spring Security handles the POST); forgotten passwords are {@link PasswordResetController}'s. */
@Controller
class LoginController {

    private final ConsoleProperties properties;
    private final org.springframework.context.MessageSource messages;

    LoginController(ConsoleProperties properties, org.springframework.context.MessageSource messages) {
        this.properties = properties;
        this.messages = messages;
    }

    /** A sentence, in the reader's language, that names the operator's support contact when one is configured and leaves it out otherwise. */
    private String withContact(String key) {
        java.util.Locale locale = org.springframework.context.i18n.LocaleContextHolder.getLocale();
        return properties.supportConfigured() ? messages.getMessage(key + ".contact", new Object[] {properties.supportContact()}, locale)
                : messages.getMessage(key, null, locale);
    }

    @GetMapping("/login")
    String login(@RequestParam(required = false) String error, @RequestParam(required = false) String logout,
                 @RequestParam(required = false) String registered, @RequestParam(required = false) String seconds,
                 @RequestParam(required = false) String reset, @RequestParam(required = false) String changed,
                 @RequestParam(required = false) String left, @RequestParam(required = false) String everywhere, Model model) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof ConsolePrincipal) {
            return "redirect:/";
        }
        if (error != null) {
            model.addAttribute("error", switch (error) {
                case "wait" -> "Too many failed sign-in attempts. For your security, wait " + wait(seconds) + " before trying again.";
                case "signed_out" -> "Your password was changed, so this session was signed out. Sign in with the new password.";
                case "removed" -> "You are no longer a member of this organization, so this session was signed out.";
                case "suspended" -> withContact("signin.error.suspended");
                default -> "The email or password is not correct.";
            });
        }
        if (registered != null) {
            // The same words whether the sign-up created an account or found the email taken (see SignupController).
            model.addAttribute("notice", withContact("signin.notice.registered"));
        }
        if (reset != null) {
            model.addAttribute("notice", "Your password was changed and every session of your account was signed out. Sign in with the new password.");
        }
        if (changed != null) {
            model.addAttribute("notice", "Your password was changed. Sign in again with the new password.");
        }
        if (left != null) {
            model.addAttribute("notice", "You left the organization, and your account with it. An owner or admin can invite you again.");
        }
        if (everywhere != null) {
            model.addAttribute("notice", "Every session of your account was signed out, on every device.");
        }
        if (logout != null) {
            model.addAttribute("notice", "You have been signed out.");
        }
        return "login";
    }

    /** The wait as the page says it; the number comes from the query string, so only a sane one is shown. */
    private static String wait(String seconds) {
        long s;
        try {
            s = Long.parseLong(seconds == null ? "" : seconds);
        } catch (NumberFormatException e) {
            return "a moment";
        }
        if (s < 1 || s > 86_400) {
            return "a moment";
        }
        return s < 120 ? s + (s == 1 ? " second" : " seconds") : ((s + 59) / 60) + " minutes";
    }
}
