package dev.lmaas.platform.api.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lmaas.platform.billing.UsageReport;
import java.util.List;

/** A usage report as JSON; costs in integer micro-units of the plan's currency. */
public record UsageJson(String object, long from, long to, @JsonProperty("group_by") String groupBy, List<Row> data, Row totals) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Row(@JsonProperty("tenant_id") String tenantId, String group, long requests, long errors,
                      @JsonProperty("prompt_tokens") long promptTokens, @JsonProperty("completion_tokens") long completionTokens,
                      @JsonProperty("total_tokens") long totalTokens, long inputs, @JsonProperty("cost_micros") long costMicros) {
    }

    public static UsageJson of(UsageReport r, boolean withTenant) {
        List<Row> rows = r.rows().stream().map(x -> new Row(withTenant ? x.tenantId().orElse(null) : null, x.group(), x.requests(), x.errors(),
                x.promptTokens(), x.completionTokens(), x.promptTokens() + x.completionTokens(), x.inputs(), x.costMicros())).toList();
        UsageReport.Totals t = r.totals();
        return new UsageJson("usage_report", r.from().getEpochSecond(), r.to().getEpochSecond(), r.groupBy().name().toLowerCase(), rows,
                new Row(null, "total", t.requests(), t.errors(), t.promptTokens(), t.completionTokens(), t.promptTokens() + t.completionTokens(),
                        t.inputs(), t.costMicros()));
    }
}
