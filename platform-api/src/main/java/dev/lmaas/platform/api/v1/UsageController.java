package dev.lmaas.platform.api.v1;

import dev.lmaas.platform.api.auth.TenantKeyAuthentication;
import dev.lmaas.platform.api.json.UsageJson;
import dev.lmaas.platform.api.web.ApiException;
import dev.lmaas.platform.api.web.TimeRange;
import dev.lmaas.platform.billing.UsageGroupBy;
import dev.lmaas.platform.billing.UsageReports;
import dev.lmaas.platform.tenant.KeyPermission;
import dev.lmaas.platform.tenant.VerifiedKey;
import dev.lmaas.platform.ui.web.CsvWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/usage} (JSON, or {@code format=csv} for spreadsheets): the calling key's tenant's usage, never anyone else's, for keys with the
 * {@code usage:read} permission (keys on every model have it by default; keys scoped to models do not).
 */
@RestController
class UsageController {

    private final UsageReports reports;
    private final JsonMapper json;

    UsageController(UsageReports reports, JsonMapper json) {
        this.reports = reports;
        this.json = json;
    }

    /** Column names of the CSV form: the JSON rows' fields, in their order; the last line is the totals. */
    static final List<String> CSV_COLUMNS = List.of("group", "requests", "errors", "prompt_tokens", "completion_tokens", "total_tokens",
            "inputs", "cost_micros");

    @GetMapping(path = "/v1/usage")
    void usage(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
               @RequestParam(name = "group_by", defaultValue = "model") String groupBy, @RequestParam(defaultValue = "json") String format,
               HttpServletRequest request, HttpServletResponse response) throws IOException {
        VerifiedKey key = TenantKeyAuthentication.key(request);
        requirePermission(key, KeyPermission.READ_USAGE, "the tenant's usage");
        if (!format.equals("json") && !format.equals("csv")) {
            throw ApiException.invalidRequest("invalid_value", "'format' must be json or csv.", "format");
        }
        TimeRange range = TimeRange.parse(from, to, Duration.ofDays(30));
        UsageJson usage = UsageJson.of(reports.query(Optional.of(key.tenantId()), range.from(), range.to(), groupBy(groupBy)), false);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        if (format.equals("json")) {
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            json.writeValue(response.getOutputStream(), usage);
            return;
        }
        // A statement a spreadsheet opens as it is: one row per group, then the totals; money in micro-units like the JSON.
        response.setContentType("text/csv");
        response.setHeader("Content-Disposition", "attachment; filename=\"usage-" + usage.groupBy() + "-"
                + range.from().toString().substring(0, 10) + "-" + range.to().toString().substring(0, 10) + ".csv\"");
        CsvWriter csv = new CsvWriter(response.getWriter()).row(CSV_COLUMNS);
        for (UsageJson.Row r : usage.data()) {
            csv.row(csvRow(r));
        }
        csv.row(csvRow(usage.totals())).flush();
    }

    private static List<Object> csvRow(UsageJson.Row r) {
        return List.of(r.group(), r.requests(), r.errors(), r.promptTokens(), r.completionTokens(), r.totalTokens(), r.inputs(), r.costMicros());
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
