package dev.lmaas.platform.ui.admin;

import org.springframework.security.core.annotation.AuthenticationPrincipal;

import jakarta.servlet.http.HttpServletRequest;

import dev.lmaas.platform.ui.web.Clients;

import dev.lmaas.platform.ui.security.ConsolePrincipal;

import dev.lmaas.platform.tenant.ActivityLog;

import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.tenant.TenantId;
import dev.lmaas.platform.ui.port.AuditEntry;
import dev.lmaas.platform.ui.port.AuditPage;
import dev.lmaas.platform.ui.port.AuditQuery;
import dev.lmaas.platform.ui.port.AuditTrail;
import dev.lmaas.platform.ui.port.ChainCheck;
import dev.lmaas.platform.ui.web.PortUnavailableException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/** Admin: search the audit log (filters, cursor pages), export it (CSV, JSON Lines) and verify its hash chain. */
@Controller
@RequestMapping("/admin/audit")
class AdminAuditController {

    /** The filter form, as strings so a bad value can be shown back with a message. */
    record Filters(String tenant, String key, String action, String status, String from, String to, String requestId) {

        static Filters of(String tenant, String key, String action, String status, String from, String to, String requestId) {
            return new Filters(blank(tenant), blank(key), blank(action), blank(status), blank(from), blank(to), blank(requestId));
        }

        /** The search, with the tenant the typed filter resolved to (null: every tenant). */
        AuditQuery query(TenantId tenantId, String cursor, int limit) {
            return new AuditQuery(tenantId, key, action, status, day(from, false), day(to, true), requestId, cursor, limit);
        }

        Filters withTenant(String value) {
            return new Filters(value, key, action, status, from, to, requestId);
        }

        String queryString() {
            return UriComponentsBuilder.newInstance().queryParamIfPresent("tenant", opt(tenant)).queryParamIfPresent("key", opt(key))
                    .queryParamIfPresent("action", opt(action)).queryParamIfPresent("status", opt(status))
                    .queryParamIfPresent("from", opt(from)).queryParamIfPresent("to", opt(to))
                    .queryParamIfPresent("requestId", opt(requestId)).encode().build().getQuery();
        }

        private static java.util.Optional<String> opt(String s) {
            return java.util.Optional.ofNullable(s);
        }

        private static Instant day(String value, boolean endOfDay) {
            if (value == null) {
                return null;
            }
            LocalDate d = LocalDate.parse(value);
            return (endOfDay ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant();
        }

        private static String blank(String s) {
            return s == null || s.isBlank() ? null : s.strip();
        }
    }

    /** A tenant offered when a typed name matches several: following its link filters by its id. */
    record TenantChoice(String name, String id, String query) {
    }

    static final int PAGE = 50;
    static final int EXPORT_MAX = 100_000;
    private final dev.lmaas.platform.ui.web.Messages messages;
    private final ObjectProvider<AuditTrail> audit;
    private final ObjectProvider<ActivityLog> activity;
    private final AuditTenantFilter tenantFilter;

    AdminAuditController(ObjectProvider<AuditTrail> audit, ObjectProvider<ActivityLog> activity, dev.lmaas.platform.ui.web.Messages messages,
                         TenantDirectory tenants) {
        this.messages = messages;
        this.audit = audit;
        this.activity = activity;
        this.tenantFilter = new AuditTenantFilter(tenants);
    }

    /**
     * Access transparency: every tenant whose records an operator saw (a search across tenants, or by
     * request id, included) gets an access record in its own trail, once per page or export.
     */
    private void recordAccess(ConsolePrincipal me, HttpServletRequest request, java.util.Collection<TenantId> tenants, String what) {
        ActivityLog log = activity.getIfAvailable();
        if (log != null) {
            new java.util.LinkedHashSet<>(tenants).forEach(t -> log.record(Clients.actor(me, request), t, "admin.viewed_" + what, "tenant", t.toString()));
        }
    }

    private static List<TenantId> tenantsOf(List<AuditEntry> entries) {
        return entries.stream().map(AuditEntry::tenant).filter(java.util.Objects::nonNull).toList();
    }

    @GetMapping
    String search(@RequestParam(required = false) String tenant, @RequestParam(required = false) String key,
                  @RequestParam(required = false) String action, @RequestParam(required = false) String status,
                  @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                  @RequestParam(required = false) String requestId, @RequestParam(required = false) String cursor,
                  @AuthenticationPrincipal ConsolePrincipal me, HttpServletRequest request, Model model, HttpServletResponse response) {
        Filters filters = Filters.of(tenant, key, action, status, from, to, requestId);
        model.addAttribute("filters", filters);
        model.addAttribute("query", filters.queryString());
        model.addAttribute("cursor", cursor);
        AuditTrail trail = audit.getIfAvailable();
        model.addAttribute("available", trail != null);
        if (trail != null) {
            AuditTenantFilter.Resolution who = resolveInto(model, filters);
            try {
                AuditPage page = who.unresolved() ? AuditPage.empty() : trail.search(filters.query(who.tenant(), cursor, PAGE));
                recordAccess(me, request, tenantsOf(page.entries()), "audit");
                model.addAttribute("page", page);
                model.addAttribute("tenantNames", tenantFilter.names(tenantsOf(page.entries())));
            } catch (IllegalArgumentException | DateTimeParseException | dev.lmaas.platform.tenant.InvalidInputException e) {
                response.setStatus(400); // a date that is no date, or a cursor that is no cursor of ours
                model.addAttribute("error", messages.get("error.audit.dates"));
                model.addAttribute("page", AuditPage.empty());
            }
        }
        return "admin/audit";
    }

    @GetMapping("/export")
    void export(@RequestParam(defaultValue = "csv") String format, @RequestParam(required = false) String tenant,
                @RequestParam(required = false) String key, @RequestParam(required = false) String action,
                @RequestParam(required = false) String status, @RequestParam(required = false) String from,
                @RequestParam(required = false) String to, @RequestParam(required = false) String requestId,
                @AuthenticationPrincipal ConsolePrincipal me, HttpServletRequest request, HttpServletResponse response) throws IOException {
        AuditTrail trail = audit.getIfAvailable();
        if (trail == null) {
            throw new PortUnavailableException("unavailable.auditLog");
        }
        Filters filters = Filters.of(tenant, key, action, status, from, to, requestId);
        AuditTenantFilter.Resolution who = tenantFilter.resolve(filters.tenant());
        AuditQuery query;
        try {
            if (who.unresolved()) {
                throw new IllegalArgumentException("the tenant filter names no single tenant");
            }
            query = filters.query(who.tenant(), null, 1000);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            response.sendError(400);
            return;
        }
        boolean jsonl = "jsonl".equalsIgnoreCase(format);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentType(jsonl ? "application/x-ndjson;charset=UTF-8" : "text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"lmaas-audit." + (jsonl ? "jsonl" : "csv") + "\"");
        // The platform's one export (the admin API's columns, hashes included), capped for a browser download.
        java.util.Set<TenantId> seen = trail.export(query, jsonl, response.getWriter(), EXPORT_MAX);
        recordAccess(me, request, seen, "audit_export");
    }

    @PostMapping("/verify")
    String verify(@RequestParam(required = false) String tenant, Model model) {
        AuditTrail trail = audit.getIfAvailable();
        if (trail == null) {
            throw new PortUnavailableException("unavailable.auditLog");
        }
        Filters filters = Filters.of(tenant, null, null, null, null, null, null);
        model.addAttribute("filters", filters);
        model.addAttribute("query", filters.queryString());
        model.addAttribute("available", true);
        AuditTenantFilter.Resolution who = resolveInto(model, filters);
        if (who.unresolved()) {
            model.addAttribute("page", AuditPage.empty());
            return "admin/audit";
        }
        TenantId t = who.tenant();
        ChainCheck check = trail.verify(t);
        model.addAttribute("check", check);
        model.addAttribute("scopeTenant", t == null ? null : tenantFilter.names(List.of(t)).getOrDefault(t, t.toString()));
        AuditPage page = trail.search(filters.query(t, null, PAGE));
        model.addAttribute("page", page);
        model.addAttribute("tenantNames", tenantFilter.names(tenantsOf(page.entries())));
        return "admin/audit";
    }

    /** Resolves the typed tenant filter and tells the page what it became: an id, choices, or nothing matching. */
    private AuditTenantFilter.Resolution resolveInto(Model model, Filters filters) {
        AuditTenantFilter.Resolution who = tenantFilter.resolve(filters.tenant());
        model.addAttribute("tenantId", who.tenant() == null ? null : who.tenant().toString());
        model.addAttribute("tenantChoices", who.choices().stream()
                .map(t -> new TenantChoice(t.name(), t.id().toString(), filters.withTenant(t.id().toString()).queryString())).toList());
        model.addAttribute("tenantUnmatched", who.unresolved() && who.choices().isEmpty());
        return who;
    }

}
