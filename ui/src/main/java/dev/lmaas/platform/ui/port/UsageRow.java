package dev.lmaas.platform.ui.port;

import dev.lmaas.platform.tenant.TenantId;
import java.time.LocalDate;

/** One tenant's usage of one model on one day (UTC): the unit of the admin usage table and its CSV export. */
public record UsageRow(LocalDate day, TenantId tenantId, String tenantName, String model, long requests, long tokens, Money cost) {
}
