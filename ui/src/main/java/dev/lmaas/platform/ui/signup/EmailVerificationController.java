package dev.lmaas.platform.ui.signup;

import dev.lmaas.platform.tenant.EmailVerifications;
import dev.lmaas.platform.ui.security.ConsolePrincipal;
import dev.lmaas.platform.ui.web.Messages;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * E-mail verification pages (only reachable in use when SMTP is configured, see {@link EmailVerifications}): the page a
 * signed-up, unverified account sees instead of the console (with "send the link again"), the page after sign-up,
 * and the mailed link's page. The link's page asks for a click before spending the token, so a mail scanner that
 * opens links does not use it up.
 */
@Controller
class EmailVerificationController {

    private final EmailVerifications verifications;
    private final Messages messages;

    EmailVerificationController(EmailVerifications verifications, Messages messages) {
        this.verifications = verifications;
        this.messages = messages;
    }

    @GetMapping("/verify-email")
    String page(@RequestParam(required = false) String token, Model model, HttpServletResponse response) {
        if (token != null) {
            if (!verifications.usable(token)) {
                return unusable(model, response);
            }
            model.addAttribute("mode", "confirm");
            model.addAttribute("token", token);
            return "verify-email";
        }
        ConsolePrincipal me = signedIn();
        if (me == null) {
            return "redirect:/login";
        }
        if (!verifications.pending(me.userId())) {
            return "redirect:/";
        }
        model.addAttribute("mode", "pending");
        model.addAttribute("email", me.email());
        return "verify-email";
    }

    /** After a sign-up form was accepted: the same page whether the address was new or already had an account. */
    @GetMapping("/verify-email/sent")
    String sent(Model model) {
        model.addAttribute("mode", "sent");
        return "verify-email";
    }

    @PostMapping("/verify-email")
    String confirm(@RequestParam(required = false) String token, Model model, HttpServletRequest request, HttpServletResponse response) {
        if (verifications.verify(token, request.getRemoteAddr()).isEmpty()) {
            return unusable(model, response);
        }
        model.addAttribute("mode", "verified");
        model.addAttribute("signedIn", signedIn() != null);
        return "verify-email";
    }

    @PostMapping("/verify-email/resend")
    String resend(Model model, HttpServletRequest request, HttpServletResponse response, RedirectAttributes redirect) {
        ConsolePrincipal me = signedIn();
        if (me == null) {
            return "redirect:/login";
        }
        EmailVerifications.Resent resent = verifications.resend(me.userId(), ServletUriComponentsBuilder.fromContextPath(request).replaceQuery(null)
                .toUriString(), org.springframework.context.i18n.LocaleContextHolder.getLocale());
        if (resent.retryAfter().isPositive()) {
            response.setStatus(429);
            response.setHeader("Retry-After", Long.toString(Math.max(1, resent.retryAfter().toSeconds())));
            model.addAttribute("mode", "pending");
            model.addAttribute("email", me.email());
            model.addAttribute("error", messages.get("verify.error.wait", wait(resent.retryAfter())));
            return "verify-email";
        }
        redirect.addFlashAttribute("notice", messages.get("verify.notice.resent", me.email()));
        return "redirect:/verify-email";
    }

    private String unusable(Model model, HttpServletResponse response) {
        response.setStatus(410);
        model.addAttribute("mode", "unusable");
        model.addAttribute("signedIn", signedIn() != null);
        return "verify-email";
    }

    private String wait(Duration wait) {
        long s = Math.max(1, wait.toSeconds());
        return s < 120 ? messages.get("verify.time.seconds", s) : messages.get("time.minutes", (s + 59) / 60);
    }

    private static ConsolePrincipal signedIn() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof ConsolePrincipal me && me.hasTenant() ? me : null;
    }
}
