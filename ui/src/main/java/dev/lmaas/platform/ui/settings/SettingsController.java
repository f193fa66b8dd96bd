package dev.lmaas.platform.ui.settings;

import dev.lmaas.platform.tenant.InvalidInputException;
import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.ui.port.AuditQuery;
import dev.lmaas.platform.ui.port.AuditTrail;
import dev.lmaas.platform.ui.port.Playground;
import dev.lmaas.platform.ui.port.PlaygroundModel;
import dev.lmaas.platform.ui.port.Retention;
import dev.lmaas.platform.ui.port.TenantDataControls;
import dev.lmaas.platform.ui.security.ConsolePrincipal;
import dev.lmaas.platform.ui.web.Clients;
import dev.lmaas.platform.ui.web.PortUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Tenant settings: payload retention, the default model, and the tenant's own audit trail (admin access included).
 * Every member reads the settings; owners and admins change them; the audit trail is for roles that read it
 * (see the console's security configuration).
 */
@Controller
@RequestMapping("/settings")
class SettingsController {

    /** The schema's bound; the tenant's plan usually allows less, and tenant-admin refuses more than it allows. */
    static final int MAX_RETENTION_DAYS = 3650;
    private final dev.lmaas.platform.ui.web.Messages messages;
    private final TenantDirectory tenants;
    private final ObjectProvider<TenantDataControls> data;
    private final ObjectProvider<AuditTrail> audit;
    private final ObjectProvider<Playground> models;

    SettingsController(TenantDirectory tenants, ObjectProvider<TenantDataControls> data, ObjectProvider<AuditTrail> audit,
                       ObjectProvider<Playground> models, dev.lmaas.platform.ui.web.Messages messages) {
        this.messages = messages;
        this.models = models;
        this.tenants = tenants;
        this.data = data;
        this.audit = audit;
    }

    @GetMapping
    String settings(@AuthenticationPrincipal ConsolePrincipal me, Model model) {
        TenantDataControls controls = data.getIfAvailable();
        model.addAttribute("retentionAvailable", controls != null);
        model.addAttribute("retention", controls == null ? Retention.NONE : controls.retention(me.tenant()));
        int planMax = tenants.maxRetentionDays(me.tenant());
        model.addAttribute("maxDays", Math.max(1, planMax));
        model.addAttribute("planKeepsPayloads", planMax > 0);
        model.addAttribute("defaultModel", tenants.get(me.tenant()).defaultModel());
        model.addAttribute("defaultModelChoices", defaultModelChoices(me));
        return "settings/index";
    }

    /**
     * The model the brief's plain shape ({@code POST /v1/models} with only a text) runs: a task alias
     * (the model of the text's language) or a model the plan allows; empty restores the platform's.
     */
    @PostMapping("/default-model")
    String defaultModel(@AuthenticationPrincipal ConsolePrincipal me, @RequestParam(defaultValue = "") String model,
                        HttpServletRequest request, RedirectAttributes redirect) {
        String chosen = model.isBlank() ? null : model.strip();
        if (chosen != null && !defaultModelChoices(me).contains(chosen)) {
            redirect.addFlashAttribute("error", messages.get("error.chooseModel"));
            return "redirect:/settings";
        }
        tenants.setDefaultModel(me.tenant(), chosen, Clients.actor(me, request));
        redirect.addFlashAttribute("notice", chosen == null ? messages.get("notice.defaultModel.platform")
                : messages.get("notice.defaultModel", chosen));
        return "redirect:/settings";
    }

    /** Aliases first (they follow the text's language), then every model but embeddings, whose vectors are no answer text. */
    private java.util.List<String> defaultModelChoices(ConsolePrincipal me) {
        Playground p = models.getIfAvailable();
        return p == null ? java.util.List.of() : p.models(me.tenant()).stream().filter(m -> !"embedding".equals(m.task()))
                .map(PlaygroundModel::id).distinct().toList();
    }

    @PostMapping("/retention")
    String retention(@AuthenticationPrincipal ConsolePrincipal me, @RequestParam(defaultValue = "NONE") String mode,
                     @RequestParam(required = false) String days, HttpServletRequest request, RedirectAttributes redirect) {
        TenantDataControls controls = data.getIfAvailable();
        if (controls == null) {
            throw new PortUnavailableException("unavailable.retentionSettings");
        }
        try {
            Retention r = parse(mode, days);
            controls.setRetention(me.tenant(), r, Clients.actor(me, request));
            redirect.addFlashAttribute("notice", r.mode() == Retention.Mode.NONE
                    ? messages.get("notice.retention.none")
                    : messages.get("notice.retention.encrypted", r.days()));
        } catch (InvalidInputException e) {
            String message = messages.orText(e.getMessage());
            message = message.endsWith(".") || message.endsWith("。") ? message : message + ".";
            redirect.addFlashAttribute("error", message.contains("plan") ? message + " " + messages.get("error.comparePlans") : message);
        }
        return "redirect:/settings";
    }

    @GetMapping("/audit")
    String auditTrail(@AuthenticationPrincipal ConsolePrincipal me, @RequestParam(required = false) String cursor, Model model) {
        AuditTrail trail = audit.getIfAvailable();
        model.addAttribute("available", trail != null);
        if (trail != null) {
            model.addAttribute("page", trail.search(AuditQuery.ofTenant(me.tenant(), cursor, 50)));
        }
        model.addAttribute("firstPage", cursor == null);
        return "settings/audit";
    }

    static Retention parse(String mode, String days) {
        if ("ENCRYPTED".equalsIgnoreCase(mode)) {
            int n;
            try {
                n = Integer.parseInt(days == null ? "" : days.strip());
            } catch (NumberFormatException e) {
                throw new InvalidInputException("error.retention.days", "days");
            }
            if (n < 1 || n > MAX_RETENTION_DAYS) {
                throw new InvalidInputException("error.retention.range", "days");
            }
            return new Retention(Retention.Mode.ENCRYPTED, n);
        }
        return Retention.NONE;
    }
}
