package dev.lmaas.platform.ui.security.mfa;

import dev.lmaas.platform.tenant.ConflictException;
import dev.lmaas.platform.tenant.ConsoleAccount;
import dev.lmaas.platform.tenant.ConsoleAccounts;
import dev.lmaas.platform.tenant.SecondFactors;
import dev.lmaas.platform.ui.security.ConsolePrincipal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A person's own second factor, from the account page: set up an authenticator app (a fresh secret as a QR code and as
 * text, confirmed by a first code), then ten recovery codes shown once; new recovery codes and turning it off ask for
 * the password or a current code. Wrong codes and passwords here slow down like failed sign-ins.
 */
@Controller
@RequestMapping(MfaGate.SETUP_PAGE)
class MfaSettingsController {

    private final SecondFactors factors;
    private final ConsoleAccounts accounts;
    private final MfaPolicy policy;
    private final MfaThrottle throttle;
    private final MessageSource messages;

    MfaSettingsController(SecondFactors factors, ConsoleAccounts accounts, MfaPolicy policy, MfaThrottle throttle, MessageSource messages) {
        this.factors = factors;
        this.accounts = accounts;
        this.policy = policy;
        this.throttle = throttle;
        this.messages = messages;
    }

    @GetMapping
    String page(@AuthenticationPrincipal ConsolePrincipal me, @RequestParam(required = false) String recovered, Model model) {
        if (recovered != null) {
            model.addAttribute("notice", "mfa.notice.recoveryUsed");
        }
        return show(me, model);
    }

    @PostMapping("/setup")
    String setup(@AuthenticationPrincipal ConsolePrincipal me, RedirectAttributes redirect) {
        try {
            factors.begin(account(me));
        } catch (ConflictException alreadyOn) {
            redirect.addFlashAttribute("error", "mfa.error.alreadyOn");
        }
        return "redirect:" + MfaGate.SETUP_PAGE;
    }

    @PostMapping("/confirm")
    String confirm(@AuthenticationPrincipal ConsolePrincipal me, @RequestParam(required = false) String code, HttpServletRequest request,
                   HttpServletResponse response, Model model) {
        String refused = throttled(me, request);
        if (refused != null) {
            return refuse(me, response, model, 429, refused);
        }
        return factors.confirm(account(me), code, me.actor(request.getRemoteAddr()))
                .map(codes -> {
                    throttle.succeeded(me.userId(), me.email(), request.getRemoteAddr());
                    return codes(model, codes, false);
                })
                .orElseGet(() -> {
                    throttle.failed(me.userId(), me.email(), request.getRemoteAddr());
                    return refuse(me, response, model, 400, "mfa.error.wrongCode");
                });
    }

    @PostMapping("/recovery-codes")
    String regenerate(@AuthenticationPrincipal ConsolePrincipal me, @RequestParam(required = false) String proof, HttpServletRequest request,
                      HttpServletResponse response, Model model) {
        String refused = prove(me, proof, request);
        if (refused != null) {
            return refuse(me, response, model, refused.equals("mfa.error.proof") ? 400 : 429, refused);
        }
        try {
            return codes(model, factors.regenerateRecoveryCodes(account(me), me.actor(request.getRemoteAddr())), true);
        } catch (ConflictException off) {
            return refuse(me, response, model, 409, "mfa.error.off");
        }
    }

    @PostMapping("/disable")
    String disable(@AuthenticationPrincipal ConsolePrincipal me, @RequestParam(required = false) String proof, HttpServletRequest request,
                   HttpServletResponse response, Model model, RedirectAttributes redirect) {
        String refused = prove(me, proof, request);
        if (refused != null) {
            return refuse(me, response, model, refused.equals("mfa.error.proof") ? 400 : 429, refused);
        }
        factors.disable(account(me), me.actor(request.getRemoteAddr()));
        redirect.addFlashAttribute("notice", "mfa.notice.disabled");
        return "redirect:" + MfaGate.SETUP_PAGE;
    }

    /** Null when the password or current code is right; else the reason (a wrong proof counts as a failed sign-in). */
    private String prove(ConsolePrincipal me, String proof, HttpServletRequest request) {
        String refused = throttled(me, request);
        if (refused != null) {
            return refused;
        }
        ConsoleAccount account = account(me);
        String typed = proof == null ? "" : proof.strip();
        boolean right = typed.replaceAll("\\s", "").matches("\\d{6}")
                ? factors.verifyCode(account, typed) == SecondFactors.Check.ACCEPTED
                : accounts.passwordMatches(account, typed);
        if (!right) {
            throttle.failed(me.userId(), me.email(), request.getRemoteAddr());
            return "mfa.error.proof";
        }
        throttle.succeeded(me.userId(), me.email(), request.getRemoteAddr());
        return null;
    }

    private String throttled(ConsolePrincipal me, HttpServletRequest request) {
        Duration wait = throttle.waitLeft(me.userId(), me.email(), request.getRemoteAddr());
        return wait.isZero() ? null : messages.getMessage("mfa.error.wait", new Object[] {MfaThrottle.seconds(wait)}, LocaleContextHolder.getLocale());
    }

    private String show(ConsolePrincipal me, Model model) {
        SecondFactors.Standing standing = policy.standing(me);
        model.addAttribute("standing", standing);
        model.addAttribute("required", policy.required(me, standing));
        model.addAttribute("requiredBy", me.isAdmin() ? "admins" : "organization");
        if (standing.pending()) {
            factors.pending(account(me)).ifPresent(e -> {
                model.addAttribute("secret", grouped(e.secret()));
                model.addAttribute("otpauthUri", e.otpauthUri());
                model.addAttribute("qrCode", QrCodes.svgDataUri(e.otpauthUri()));
            });
        }
        return "account-mfa";
    }

    private String refuse(ConsolePrincipal me, HttpServletResponse response, Model model, int status, String error) {
        response.setStatus(status);
        model.addAttribute("error", error);
        return show(me, model);
    }

    private static String codes(Model model, List<String> codes, boolean regenerated) {
        model.addAttribute("codes", codes);
        model.addAttribute("regenerated", regenerated);
        return "account-mfa-codes";
    }

    private ConsoleAccount account(ConsolePrincipal me) {
        return accounts.find(me.userId()).orElseThrow();
    }

    /** The secret as people copy it by hand: groups of four. */
    static String grouped(String secret) {
        return String.join(" ", secret.split("(?<=\\G.{4})"));
    }
}
