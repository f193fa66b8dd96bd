package dev.lmaas.platform.ui.admin;

import dev.lmaas.platform.tenant.ActivityLog;
import dev.lmaas.platform.tenant.ApiKeyIssuer;
import dev.lmaas.platform.tenant.ConsoleAccounts;
import dev.lmaas.platform.tenant.InvalidInputException;
import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.tenant.TenantId;
import dev.lmaas.platform.tenant.TenantView;
import dev.lmaas.platform.ui.port.AuditQuery;
import dev.lmaas.platform.ui.port.AuditTrail;
import dev.lmaas.platform.ui.port.PlanCatalog;
import dev.lmaas.platform.ui.port.PlanDetails;
import dev.lmaas.platform.ui.port.TenantDataControls;
import dev.lmaas.platform.ui.port.UsageReports;
import dev.lmaas.platform.ui.security.ConsolePrincipal;
import dev.lmaas.platform.ui.web.Clients;
import dev.lmaas.platform.ui.web.Ids;
import dev.lmaas.platform.ui.web.PortUnavailableException;
import dev.lmaas.platform.ui.web.ReasonRefusals;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Admin: tenants. Search, view (plan, status, keys, usage, audit), suspend and resume, change plan,
 * delete with a typed confirmation. Opening a tenant is itself recorded in that tenant's audit
 * trail, so customers see when an admin looked at their data.
 */
@Controller
@RequestMapping("/admin/tenants")
class AdminTenantsController {

    private final dev.lmaas.platform.ui.web.Messages messages;
    private final TenantDirectory tenants;
    private final ApiKeyIssuer keys;
    private final ConsoleAccounts accounts;
    private final ObjectProvider<UsageReports> usage;
    private final ObjectProvider<AuditTrail> audit;
    private final ObjectProvider<PlanCatalog> plans;
    private final ObjectProvider<TenantDataControls> data;
    private final ObjectProvider<ActivityLog> activity;

    AdminTenantsController(TenantDirectory tenants, ApiKeyIssuer keys, ConsoleAccounts accounts, ObjectProvider<UsageReports> usage,
                           ObjectProvider<AuditTrail> audit, ObjectProvider<PlanCatalog> plans, ObjectProvider<TenantDataControls> data,
                           ObjectProvider<ActivityLog> activity, dev.lmaas.platform.ui.web.Messages messages) {
        this.messages = messages;
        this.tenants = tenants;
        this.keys = keys;
        this.accounts = accounts;
        this.usage = usage;
        this.audit = audit;
        this.plans = plans;
        this.data = data;
        this.activity = activity;
    }

    @GetMapping
    String search(@RequestParam(required = false) String q, Model model) {
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("tenants", tenants.search(q, 200));
        return "admin/tenants";
    }

    @GetMapping("/{id}")
    String view(@AuthenticationPrincipal ConsolePrincipal me, @PathVariable String id, Model model, HttpServletRequest request) {
        TenantId tenantId = Ids.tenant(id);
        TenantView tenant = tenants.get(tenantId);
        ActivityLog log = activity.getIfAvailable();
        if (log != null) {
            log.record(Clients.actor(me, request), tenantId, "admin.tenant_viewed", "tenant", tenantId.toString());
        }
        model.addAttribute("tenant", tenant);
        model.addAttribute("keys", keys.list(tenantId));
        model.addAttribute("members", accounts.members(tenantId));
        UsageReports reports = usage.getIfAvailable();
        model.addAttribute("usage", reports == null ? null : reports.forTenant(tenantId, YearMonth.now(ZoneOffset.UTC)));
        AuditTrail trail = audit.getIfAvailable();
        model.addAttribute("auditAvailable", trail != null);
        model.addAttribute("audit", trail == null ? List.of() : trail.search(AuditQuery.ofTenant(tenantId, null, 10)).entries());
        PlanCatalog catalog = plans.getIfAvailable();
        model.addAttribute("plans", catalog == null ? List.of() : catalog.plans().stream().map(PlanDetails::id).toList());
        model.addAttribute("canDelete", data.getIfAvailable() != null);
        return "admin/tenant";
    }

    /** Suspending stops every key of the tenant at once: the admin confirms on a page of its own, with a reason. */
    @GetMapping("/{id}/suspend")
    String confirmSuspend(@PathVariable String id, Model model) {
        model.addAttribute("tenant", tenants.get(Ids.tenant(id)));
        model.addAttribute("reason", "");
        return "admin/tenant-suspend";
    }

    /** The reason goes into the tenant's audit record of the suspension, which its members read too. */
    @PostMapping("/{id}/suspend")
    String suspend(@AuthenticationPrincipal ConsolePrincipal me, @PathVariable String id, @RequestParam(defaultValue = "") String reason,
                   Model model, HttpServletRequest request, HttpServletResponse response, RedirectAttributes redirect) {
        TenantId tenantId = Ids.tenant(id);
        try {
            TenantView t = tenants.suspend(tenantId, Clients.actor(me, request), reason);
            redirect.addFlashAttribute("notice", messages.get("notice.tenant.suspended", t.name()));
            return "redirect:/admin/tenants/" + id;
        } catch (InvalidInputException e) {
            response.setStatus(400);
            model.addAttribute("tenant", tenants.get(tenantId));
            model.addAttribute("reason", reason);
            model.addAttribute("errorField", "reason");
            model.addAttribute("error", ReasonRefusals.message(messages, reason));
            return "admin/tenant-suspend";
        }
    }

    @PostMapping("/{id}/resume")
    String resume(@AuthenticationPrincipal ConsolePrincipal me, @PathVariable String id, HttpServletRequest request, RedirectAttributes redirect) {
        TenantView t = tenants.resume(Ids.tenant(id), Clients.actor(me, request));
        redirect.addFlashAttribute("notice", t.status() == dev.lmaas.platform.tenant.TenantStatus.ACTIVE
                ? messages.get("notice.tenant.active", t.name())
                : messages.get("notice.tenant.stillSuspended", t.name()));
        return "redirect:/admin/tenants/" + id;
    }

    @PostMapping("/{id}/plan")
    String changePlan(@AuthenticationPrincipal ConsolePrincipal me, @PathVariable String id, @RequestParam String plan,
                      HttpServletRequest request, RedirectAttributes redirect) {
        try {
            TenantView t = tenants.changePlan(Ids.tenant(id), plan.strip(), Clients.actor(me, request));
            redirect.addFlashAttribute("notice", messages.get("notice.tenant.plan", t.name(), t.planId()));
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("error", messages.orText(e.getMessage()));
        }
        return "redirect:/admin/tenants/" + id;
    }

    @GetMapping("/{id}/delete")
    String confirmDelete(@PathVariable String id, Model model) {
        model.addAttribute("tenant", tenants.get(Ids.tenant(id)));
        model.addAttribute("canDelete", data.getIfAvailable() != null);
        return "admin/tenant-delete";
    }

    @PostMapping("/{id}/delete")
    String delete(@AuthenticationPrincipal ConsolePrincipal me, @PathVariable String id, @RequestParam(defaultValue = "") String confirmation,
                  Model model, HttpServletRequest request, HttpServletResponse response, RedirectAttributes redirect) {
        TenantView tenant = tenants.get(Ids.tenant(id));
        TenantDataControls controls = data.getIfAvailable();
        if (controls == null) {
            throw new PortUnavailableException("unavailable.deleteTenants");
        }
        if (!confirmation.strip().equals(tenant.name())) {
            response.setStatus(400);
            model.addAttribute("tenant", tenant);
            model.addAttribute("canDelete", true);
            model.addAttribute("error", messages.get("error.tenant.nameMismatch"));
            return "admin/tenant-delete";
        }
        controls.deleteTenant(tenant.id(), Clients.actor(me, request));
        redirect.addFlashAttribute("notice", messages.get("notice.tenant.deleted", tenant.name()));
        return "redirect:/admin/tenants";
    }
}
