package dev.lmaas.platform.billing.quota;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The quota rows in memory with the same grant rule as the SQL, for unit tests. */
public final class MemoryQuotaStore implements QuotaStore {

    private final Map<List<Object>, Long> reserved = new HashMap<>();
    public int leases;

    @Override
    public synchronized long lease(UUID tenant, LocalDate period, long want, long cap) {
        leases++;
        long r = reserved.getOrDefault(List.of(tenant, period), 0L);
        long grant = Math.max(0, Math.min(want, cap - r));
        reserved.put(List.of(tenant, period), r + grant);
        return grant;
    }

    @Override
    public synchronized void giveBack(UUID tenant, LocalDate period, long tokens) {
        reserved.merge(List.of(tenant, period), -tokens, Long::sum);
    }

    @Override
    public synchronized void overdraw(UUID tenant, LocalDate period, long tokens) {
        reserved.merge(List.of(tenant, period), tokens, Long::sum);
    }

    public synchronized long reserved(UUID tenant, LocalDate period) {
        return reserved.getOrDefault(List.of(tenant, period), 0L);
    }
}
