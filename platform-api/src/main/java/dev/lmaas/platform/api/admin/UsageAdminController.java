package dev.lmaas.platform.api.admin;

import dev.lmaas.platform.api.auth.AdminKeyAuthentication;
import dev.lmaas.platform.api.json.UsageJson;
import dev.lmaas.platform.api.web.ApiException;
import dev.lmaas.platform.api.web.TimeRange;
import dev.lmaas.platform.billing.UsageGroupBy;
import dev.lmaas.platform.billing.UsageReports;
import dev.lmaas.platform.tenant.TenantId;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /admin/v1/usage}: usage across tenants or for one, grouped by model, key or day. */
@RestController
class UsageAdminController {

    private final UsageReports reports;
    private final AccessTransparency transparency;

    UsageAdminController(UsageReports reports, AccessTransparency transparency) {
        this.reports = reports;
        this.transparency = transparency;
    }

    @GetMapping(path = "/admin/v1/usage", produces = "application/json")
    UsageJson usage(@RequestParam(required = false) UUID tenant, @RequestParam(required = false) String from,
                    @RequestParam(required = false) String to, @RequestParam(name = "group_by", defaultValue = "model") String groupBy,
                    HttpServletRequest request) {
        UsageGroupBy g;
        try {
            g = UsageGroupBy.parse(groupBy);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("invalid_value", "'group_by' must be one of model, key, day.", "group_by");
        }
        TimeRange range = TimeRange.parse(from, to, Duration.ofDays(30));
        Optional<TenantId> t = Optional.ofNullable(tenant).map(TenantId::new);
        t.ifPresent(id -> transparency.viewed(AdminKeyAuthentication.actor(request), id, "usage"));
        return UsageJson.of(reports.query(t, range.from(), range.to(), g), true);
    }
}
