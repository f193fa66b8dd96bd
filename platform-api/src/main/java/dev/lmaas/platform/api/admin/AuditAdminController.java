package dev.lmaas.platform.api.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lmaas.platform.api.auth.AdminKeyAuthentication;
import dev.lmaas.platform.api.json.AuditExport;
import dev.lmaas.platform.api.json.AuditJson;
import dev.lmaas.platform.api.web.ApiException;
import dev.lmaas.platform.api.web.TimeRange;
import dev.lmaas.platform.tenant.AuditLog;
import dev.lmaas.platform.tenant.AuditPage;
import dev.lmaas.platform.tenant.AuditQuery;
import dev.lmaas.platform.tenant.AuditVerification;
import dev.lmaas.platform.tenant.TenantId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Admin audit: search with cursor pagination, CSV / JSON-lines export, and chain verification. */
@RestController
class AuditAdminController {

    record Verification(@JsonProperty("tenant_id") String tenantId, boolean ok, long checked, @JsonProperty("broken_at_seq") Long brokenAtSeq,
                        String reason) {
        static Verification of(AuditVerification v) {
            return new Verification(v.tenantId().toString(), v.ok(), v.checked(), v.brokenAtSeq(), v.reason());
        }
    }

    record VerificationList(String object, boolean ok, List<Verification> data) {
    }

    private final AuditLog audit;
    private final AccessTransparency transparency;
    private final AuditExport export;

    AuditAdminController(AuditLog audit, AccessTransparency transparency, AuditExport export) {
        this.audit = audit;
        this.transparency = transparency;
        this.export = export;
    }

    @GetMapping(path = "/admin/v1/audit", produces = "application/json")
    AuditJson.Page search(@RequestParam(required = false) UUID tenant, @RequestParam(required = false) UUID key,
                          @RequestParam(required = false) String action, @RequestParam(required = false) Integer status,
                          @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                          @RequestParam(name = "request_id", required = false) String requestId, @RequestParam(required = false) String cursor,
                          @RequestParam(defaultValue = "100") int limit, HttpServletRequest request) {
        AuditQuery q = query(tenant, key, action, status, from, to, requestId, cursor, limit);
        AuditPage page = audit.search(q);
        if (tenant != null && cursor == null) {
            transparency.viewed(AdminKeyAuthentication.actor(request), new TenantId(tenant), "audit");
        } else if (tenant == null) {
            // A search across tenants (by request id, say) shows each tenant's records: each gets its access record.
            page.records().stream().map(r -> r.entry().tenantId()).filter(java.util.Objects::nonNull).distinct()
                    .forEach(t -> transparency.viewed(AdminKeyAuthentication.actor(request), t, "audit"));
        }
        return AuditJson.page(page);
    }

    /** Streams every matching record, page by page, as CSV or JSON lines ({@link AuditExport}, the console's too). */
    @GetMapping(path = "/admin/v1/audit/export")
    void export(@RequestParam(defaultValue = "csv") String format, @RequestParam(required = false) UUID tenant,
                @RequestParam(required = false) UUID key, @RequestParam(required = false) String action,
                @RequestParam(required = false) Integer status, @RequestParam(required = false) String from,
                @RequestParam(required = false) String to, HttpServletRequest request, HttpServletResponse response) throws IOException {
        AuditExport.Format f = AuditExport.Format.of(format)
                .orElseThrow(() -> ApiException.invalidRequest("invalid_value", "'format' must be csv or jsonl.", "format"));
        AuditQuery q = query(tenant, key, action, status, from, to, null, null, 1000);
        if (tenant != null) {
            transparency.viewed(AdminKeyAuthentication.actor(request), new TenantId(tenant), "audit_export");
        }
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentType(f.contentType);
        response.setHeader("Content-Disposition", "attachment; filename=\"audit." + f.extension + "\"");
        java.util.Set<TenantId> seen = export.write(q, f, response.getWriter(), Long.MAX_VALUE);
        if (tenant == null) {
            seen.forEach(t -> transparency.viewed(AdminKeyAuthentication.actor(request), t, "audit_export"));
        }
    }

    @GetMapping(path = "/admin/v1/audit/verify", produces = "application/json")
    VerificationList verify(@RequestParam(required = false) UUID tenant) {
        List<TenantId> tenants = tenant == null ? audit.chains() : List.of(new TenantId(tenant));
        List<Verification> results = tenants.stream().map(t -> Verification.of(audit.verify(t))).toList();
        return new VerificationList("list", results.stream().allMatch(Verification::ok), results);
    }

    private static AuditQuery query(UUID tenant, UUID key, String action, Integer status, String from, String to, String requestId,
                                    String cursor, int limit) {
        TimeRange range = TimeRange.parse(from, to, Duration.ofDays(3650 / 10));
        return new AuditQuery(tenant == null ? null : new TenantId(tenant), key, action, status, range.from(), range.to(), requestId, cursor, limit);
    }
}
