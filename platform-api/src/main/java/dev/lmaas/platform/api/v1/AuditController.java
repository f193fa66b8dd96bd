package dev.lmaas.platform.api.v1;

import dev.lmaas.platform.api.json.AuditJson;
import dev.lmaas.platform.api.auth.TenantKeyAuthentication;
import dev.lmaas.platform.api.web.TimeRange;
import dev.lmaas.platform.tenant.AuditLog;
import dev.lmaas.platform.tenant.AuditQuery;
import dev.lmaas.platform.tenant.KeyPermission;
import dev.lmaas.platform.tenant.VerifiedKey;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/audit}: the tenant's own audit trail, including every time an operator looked at
 * the tenant's data (access transparency); for keys with the {@code audit:read} permission.
 */
@RestController
class AuditController {

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping(path = "/v1/audit", produces = "application/json")
    AuditJson.Page trail(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                         @RequestParam(required = false) String action, @RequestParam(required = false) String cursor,
                         @RequestParam(defaultValue = "100") int limit, HttpServletRequest request) {
        VerifiedKey key = TenantKeyAuthentication.key(request);
        UsageController.requirePermission(key, KeyPermission.READ_AUDIT, "the tenant's audit trail");
        TimeRange range = TimeRange.parse(from, to, Duration.ofDays(90));
        return AuditJson.page(audit.search(new AuditQuery(key.tenantId(), null, action, null, range.from(),
                range.to(), null, cursor, limit)));
    }
}
