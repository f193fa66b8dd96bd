package dev.lmaas.platform.api.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lmaas.platform.api.auth.AdminKeyAuthentication;
import dev.lmaas.platform.api.json.AuditJson;
import dev.lmaas.platform.api.web.ApiException;
import dev.lmaas.platform.api.web.TimeRange;
import dev.lmaas.platform.tenant.AuditLog;
import dev.lmaas.platform.tenant.AuditPage;
import dev.lmaas.platform.tenant.AuditQuery;
import dev.lmaas.platform.tenant.AuditVerification;
import dev.lmaas.platform.tenant.TenantId;
import dev.lmaas.platform.ui.web.CsvWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

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
    private final JsonMapper json;

    AuditAdminController(AuditLog audit, AccessTransparency transparency, JsonMapper json) {
        this.audit = audit;
        this.transparency = transparency;
        this.json = json;
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

    /** Streams every matching record, page by page, as CSV or JSON lines. */
    @GetMapping(path = "/admin/v1/audit/export")
    void export(@RequestParam(defaultValue = "csv") String format, @RequestParam(required = false) UUID tenant,
                @RequestParam(required = false) UUID key, @RequestParam(required = false) String action,
                @RequestParam(required = false) Integer status, @RequestParam(required = false) String from,
                @RequestParam(required = false) String to, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!format.equals("csv") && !format.equals("jsonl")) {
            throw ApiException.invalidRequest("invalid_value", "'format' must be csv or jsonl.", "format");
        }
        AuditQuery q = query(tenant, key, action, status, from, to, null, null, 1000);
        if (tenant != null) {
            transparency.viewed(AdminKeyAuthentication.actor(request), new TenantId(tenant), "audit_export");
        }
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentType(format.equals("csv") ? "text/csv" : "application/x-ndjson");
        response.setHeader("Content-Disposition", "attachment; filename=\"audit." + format + "\"");
        Writer out = response.getWriter();
        CsvWriter csv = format.equals("csv") ? new CsvWriter(out).row(AuditJson.CSV_HEADER) : null;
        String cursor = null;
        java.util.Set<TenantId> seen = new java.util.LinkedHashSet<>();
        do {
            AuditPage page = audit.search(new AuditQuery(q.tenant(), q.keyId(), q.action(), q.status(), q.from(), q.to(), null, cursor, 1000));
            page.records().stream().map(r -> r.entry().tenantId()).filter(java.util.Objects::nonNull).forEach(seen::add);
            for (var r : page.records()) {
                AuditJson.Record rec = AuditJson.record(r);
                if (csv != null) {
                    csv.row(AuditJson.csv(rec));
                } else {
                    out.write(json.writeValueAsString(rec));
                    out.write('\n');
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        if (csv != null) {
            csv.flush();
        }
        out.flush();
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
