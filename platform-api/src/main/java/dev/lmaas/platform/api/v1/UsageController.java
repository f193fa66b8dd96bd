package dev.lmaas.platform.api.v1;

import dev.lmaas.platform.api.auth.TenantKeyAuthentication;
import dev.lmaas.platform.api.web.ApiException;
import dev.lmaas.platform.api.web.TimeRange;
import dev.lmaas.platform.billing.UsageGroupBy;
import dev.lmaas.platform.billing.UsageReport;
import dev.lmaas.platform.billing.UsageReports;
import dev.lmaas.platform.tenant.KeyPermission;
import dev.lmaas.platform.tenant.VerifiedKey;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/usage}: the calling key's tenant's usage, never anyone else's, for keys with the
 * {@code usage:read} permission (keys on every model have it by default; keys scoped to models do not).
 */
@RestController
class UsageController {

    private final UsageReports reports;

    UsageController(UsageReports reports) {
        this.reports = reports;
    }

    @GetMapping(path = "/v1/usage", produces = "application/json")
    UsageJson usage(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                    @RequestParam(name = "group_by", defaultValue = "model") String groupBy, HttpServletRequest request) {
        VerifiedKey key = TenantKeyAuthentication.key(request);
        requirePermission(key, KeyPermission.READ_USAGE, "the tenant's usage");
        TimeRange range = TimeRange.parse(from, to, Duration.ofDays(30));
        UsageReport report = reports.query(Optional.of(key.tenantId()), range.from(), range.to(), groupBy(groupBy));
        return UsageJson.of(report, false);
    }

    /** 403 in the tenant error shape when the key lacks {@code permission}. */
    static void requirePermission(VerifiedKey key, KeyPermission permission, String what) {
        if (!key.may(permission)) {
            throw new ApiException(403, "permission_error", "insufficient_permissions", "This API key may not read " + what
                    + ": it needs the '" + permission.value() + "' permission (keys scoped to models do not have it unless granted).", null, null);
        }
    }

    static UsageGroupBy groupBy(String value) {
        try {
            return UsageGroupBy.parse(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("invalid_value", "'group_by' must be one of model, key, day.", "group_by");
        }
    }
}
