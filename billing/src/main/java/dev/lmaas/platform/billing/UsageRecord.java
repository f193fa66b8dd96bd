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
 * null when the call was not language-routed (embeddings).
 */
public record UsageRecord(String requestId, TenantId tenant, Optional<ApiKeyId> key, String model, String endpoint,
                          long promptTokens, long completionTokens, int inputs, int httpStatus, String nodeId,
                          long latencyMicros, Instant occurredAt, String language) {

    /** A record without a detected language. */
    public UsageRecord(String requestId, TenantId tenant, Optional<ApiKeyId> key, String model, String endpoint,
                       long promptTokens, long completionTokens, int inputs, int httpStatus, String nodeId,
                       long latencyMicros, Instant occurredAt) {
        this(requestId, tenant, key, model, endpoint, promptTokens, completionTokens, inputs, httpStatus, nodeId, latencyMicros, occurredAt, null);
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
