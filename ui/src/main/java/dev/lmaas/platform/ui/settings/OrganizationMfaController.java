package dev.lmaas.platform.ui.settings;

import dev.lmaas.platform.tenant.MemberRole;
import dev.lmaas.platform.tenant.SecondFactors;
import dev.lmaas.platform.ui.security.ConsolePrincipal;
import dev.lmaas.platform.ui.web.Clients;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The organization's rule on second factors, on the settings page: only an owner changes it, and only once their own
 * account has one (requiring what you do not use yourself would send you to set it up on the spot). Members without a
 * second factor are sent to set one up at their next page; the change is in the organization's audit chain.
 */
@Controller
class OrganizationMfaController {

    private final SecondFactors factors;

    OrganizationMfaController(SecondFactors factors) {
        this.factors = factors;
    }

    @PostMapping("/settings/mfa")
    String require(@AuthenticationPrincipal ConsolePrincipal me, @RequestParam(defaultValue = "false") boolean required,
                   HttpServletRequest request, RedirectAttributes redirect) {
        if (me.memberRole() != MemberRole.OWNER) {
            redirect.addFlashAttribute("error", "mfa.org.error.ownersOnly");
        } else if (required && !factors.enabled(me.userId())) {
            redirect.addFlashAttribute("error", "mfa.org.error.ownerFirst");
        } else {
            factors.require(me.tenant(), required, Clients.actor(me, request));
            redirect.addFlashAttribute("notice", required ? "mfa.org.notice.required" : "mfa.org.notice.optional");
        }
        return "redirect:/settings";
    }

    /** What the settings page shows of the rule (its card is the fragment {@code settings/mfa}). */
    @ControllerAdvice(assignableTypes = SettingsController.class)
    static class SettingsPageModel {

        private final SecondFactors factors;

        SettingsPageModel(SecondFactors factors) {
            this.factors = factors;
        }

        @ModelAttribute("mfaRequired")
        Boolean mfaRequired(@AuthenticationPrincipal ConsolePrincipal me) {
            return me != null && me.hasTenant() && factors.requiredBy(me.tenant());
        }
    }
}
