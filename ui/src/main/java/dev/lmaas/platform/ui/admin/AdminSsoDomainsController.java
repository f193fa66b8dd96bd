package dev.lmaas.platform.ui.admin;

import dev.lmaas.platform.tenant.ConflictException;
import dev.lmaas.platform.tenant.InvalidInputException;
import dev.lmaas.platform.tenant.MemberRole;
import dev.lmaas.platform.tenant.NotFoundException;
import dev.lmaas.platform.tenant.SsoDomain;
import dev.lmaas.platform.tenant.SsoDomains;
import dev.lmaas.platform.ui.security.ConsolePrincipal;
import dev.lmaas.platform.ui.web.Clients;
import dev.lmaas.platform.ui.web.Ids;
import dev.lmaas.platform.ui.web.Messages;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The tenant page's single sign-on domains (shown only when a provider is configured): the platform admin maps an
 * e-mail domain the organization proved it owns, with the role its people get, or unmaps it. Same rules as the admin
 * API ({@link SsoDomains}); a refusal comes back to the page with its reason.
 */
@Controller
@RequestMapping("/admin/tenants/{id}/sso-domains")
class AdminSsoDomainsController {

    private final SsoDomains domains;
    private final Messages messages;

    AdminSsoDomainsController(SsoDomains domains, Messages messages) {
        this.domains = domains;
        this.messages = messages;
    }

    @PostMapping
    String map(@AuthenticationPrincipal ConsolePrincipal me, @PathVariable String id, @RequestParam(required = false) String domain,
               @RequestParam(required = false) String role, HttpServletRequest request, RedirectAttributes redirect) {
        try {
            SsoDomain mapped = domains.map(Ids.tenant(id), domain, role == null || role.isBlank() ? null : MemberRole.parse(role),
                    Clients.actor(me, request));
            redirect.addFlashAttribute("notice", messages.get("sso.admin.mapped", mapped.domain(), messages.get("role." + mapped.role().name())));
        } catch (InvalidInputException | ConflictException e) {
            redirect.addFlashAttribute("error", messages.orText(e.getMessage()));
        }
        return "redirect:/admin/tenants/" + id + "#sso-domains";
    }

    @PostMapping("/unmap")
    String unmap(@AuthenticationPrincipal ConsolePrincipal me, @PathVariable String id, @RequestParam(required = false) String domain,
                 HttpServletRequest request, RedirectAttributes redirect) {
        try {
            SsoDomain unmapped = domains.unmap(Ids.tenant(id), domain, Clients.actor(me, request));
            redirect.addFlashAttribute("notice", messages.get("sso.admin.unmapped", unmapped.domain()));
        } catch (NotFoundException e) {
            redirect.addFlashAttribute("error", messages.get("sso.admin.notMapped"));
        }
        return "redirect:/admin/tenants/" + id + "#sso-domains";
    }
}
