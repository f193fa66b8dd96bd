package dev.lmaas.platform.ui.security;

import dev.lmaas.platform.ui.ConsoleProperties;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The login page (Spring Security handles the POST) and the forgotten-password note. */
@Controller
class LoginController {

    private final ConsoleProperties properties;

    LoginController(ConsoleProperties properties) {
        this.properties = properties;
    }

    @GetMapping("/login")
    String login(@RequestParam(required = false) String error, @RequestParam(required = false) String logout, Model model) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof ConsolePrincipal) {
            return "redirect:/";
        }
        if (error != null) {
            model.addAttribute("error", switch (error) {
                case "locked" -> "Too many failed sign-in attempts. For your security, sign-in is paused for "
                        + properties.loginLockout().toMinutes() + " minutes. Try again later.";
                case "suspended" -> "Your organization's account is suspended, so you cannot sign in. Contact "
                        + properties.supportContact() + " to restore access.";
                default -> "The email or password is not correct.";
            });
        }
        if (logout != null) {
            model.addAttribute("notice", "You have been signed out.");
        }
        return "login";
    }

    @GetMapping("/forgot-password")
    String forgotPassword() {
        return "forgot-password";
    }
}
