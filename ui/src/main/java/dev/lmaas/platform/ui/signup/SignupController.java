package dev.lmaas.platform.ui.signup;

import dev.lmaas.platform.tenant.ConflictException;
import dev.lmaas.platform.tenant.ConsoleAccounts;
import dev.lmaas.platform.tenant.InvalidInputException;
import dev.lmaas.platform.ui.security.ConsoleSignIn;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

/** Self-service sign-up: a new tenant and its owner, signed in straight away. */
@Controller
class SignupController {

    /** The sign-up form; the password is never sent back to the page. */
    record SignupForm(String organization, String email, String password, String passwordAgain) {
    }

    private final ConsoleAccounts accounts;
    private final ConsoleSignIn signIn;

    SignupController(ConsoleAccounts accounts, ConsoleSignIn signIn) {
        this.accounts = accounts;
        this.signIn = signIn;
    }

    @GetMapping("/signup")
    String form(Model model) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken)) {
            return "redirect:/";
        }
        model.addAttribute("form", new SignupForm("", "", null, null));
        model.addAttribute("minPassword", ConsoleAccounts.MIN_PASSWORD);
        return "signup";
    }

    @PostMapping("/signup")
    String signUp(SignupForm form, Model model, HttpServletRequest request, HttpServletResponse response) {
        model.addAttribute("form", new SignupForm(form.organization(), form.email(), null, null));
        model.addAttribute("minPassword", ConsoleAccounts.MIN_PASSWORD);
        if (form.password() == null || !form.password().equals(form.passwordAgain())) {
            return refuse(model, response, "passwordAgain", "The two passwords do not match.");
        }
        try {
            accounts.signUp(form.organization(), form.email(), form.password(), request.getRemoteAddr());
        } catch (InvalidInputException e) {
            return refuse(model, response, field(e.param()), e.getMessage());
        } catch (ConflictException e) {
            return refuse(model, response, "email", "An account with this email already exists. Sign in instead, or use another email.");
        }
        signIn.signIn(form.email().strip(), form.password(), request, response);
        return "redirect:/dashboard?welcome";
    }

    private static String refuse(Model model, HttpServletResponse response, String field, String message) {
        response.setStatus(400);
        model.addAttribute("errorField", field);
        model.addAttribute("error", message.endsWith(".") ? message : message + ".");
        return "signup";
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
