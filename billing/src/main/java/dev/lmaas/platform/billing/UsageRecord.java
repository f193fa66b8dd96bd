package dev.lmaas.platform.billing;

import dev.lmaas.platform.tenant.ApiKeyId;
import dev.lmaas.platform.tenant.TenantId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One answered API call, as the gateway records it before the answer leaves. {@code requestId} is
 * unique: writing the same record twice records (and bills) it once. Calls answered with a non-2xx
 * status are recorded but cost nothing. {@code language} is the input's detected language (ISO 639-1),
 * null when the call was not language-routed (embeddings). {@code planId} is the plan that admitted the call:
 * its per-token price prices the record (null: not priced, e.g. a record written by a tool).
 */
public record UsageRecord(String requestId, TenantId tenant, Optional<ApiKeyId> key, String model, String endpoint,
                          long promptTokens, long completionTokens, int inputs, int httpStatus, String nodeId,
                          long latencyMicros, Instant occurredAt, String language, String planId) {

    /** A record without a detected language or plan. */
    public UsageRecord(String requestId, TenantId tenant, Optional<ApiKeyId> key, String model, String endpoint,
                       long promptTokens, long completionTokens, int inputs, int httpStatus, String nodeId,
                       long latencyMicros, Instant occurredAt) {
        this(requestId, tenant, key, model, endpoint, promptTokens, completionTokens, inputs, httpStatus, nodeId, latencyMicros, occurredAt, null,
                null);
    }

    /** This record priced by {@code planId}'s per-token price. */
    public UsageRecord pricedBy(String planId) {
        return new UsageRecord(requestId, tenant, key, model, endpoint, promptTokens, completionTokens, inputs, httpStatus, nodeId, latencyMicros,
                occurredAt, language, planId);
    }

    public UsageRecord {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(tenant, "tenant");
        key = key == null ? Optional.empty() : key;
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (requestId.isBlank() || requestId.length() > 100) {
            throw new IllegalArgumentException("requestId must be 1..100 characters (Stripe's identifier limit)");
        }
        if (promptTokens < 0 || completionTokens < 0 || inputs < 0 || latencyMicros < 0) {
            throw new IllegalArgumentException("usage counts cannot be negative");
        }
    }

    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    public boolean billable() {
        return httpStatus >= 200 && httpStatus < 300;
    }
}
