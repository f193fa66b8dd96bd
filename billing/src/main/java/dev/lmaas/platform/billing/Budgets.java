package dev.lmaas.platform.billing;

import dev.lmaas.platform.tenant.ApiKeyId;
import dev.lmaas.platform.tenant.TenantId;
import java.time.LocalDate;
import java.util.Optional;

/** Spending budgets of tenants and their keys: set, read with the period's spend so far, removed. */
public interface Budgets {

    Optional<Budget> find(TenantId tenant, Optional<ApiKeyId> key);

    /** Creates or replaces the budget; every replica applies it after commit. */
    Budget save(Budget budget);

    /** False when there was none. */
    boolean remove(TenantId tenant, Optional<ApiKeyId> key);

    /** The budget with its current period's settled spend and in-flight reservations. */
    Optional<Status> status(TenantId tenant, Optional<ApiKeyId> key);

    record Status(Budget budget, LocalDate period, long spentMicros, long reservedMicros) {
    }
}
