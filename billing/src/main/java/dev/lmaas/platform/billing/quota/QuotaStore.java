package dev.lmaas.platform.billing.quota;

import java.time.LocalDate;
import java.util.UUID;

/**
 * Where a tenant's monthly quota is counted across processes. {@code reserved} per tenant and month is
 * the tokens consumed plus the tokens leased out; a lease never raises it above the cap.
 */
public interface QuotaStore {

    /** Takes up to {@code want} tokens, fewer (or 0) if the cap is near; atomic across processes. */
    long lease(UUID tenant, LocalDate period, long want, long cap);

    /** Returns unspent leased tokens. */
    void giveBack(UUID tenant, LocalDate period, long tokens);

    /** Records tokens used beyond what was leased (an estimate that fell short); may pass the cap. */
    void overdraw(UUID tenant, LocalDate period, long tokens);
}
