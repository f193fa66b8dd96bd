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

    /** A record built by name: {@code UsageRecord.builder(requestId, tenant).model("m").tokens(120, 0)...build()}. */
    public static Builder builder(String requestId, TenantId tenant) {
        return new Builder(requestId, tenant);
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

    /**
     * Builds a {@link UsageRecord} by name: eight of its fields are counts and ids that are easy to swap by position.
     * The model, endpoint and time are required (the record refuses nulls); unset, the counts are 0, the status 200,
     * and there is no key, node, language or plan.
     */
    public static final class Builder {

        private final String requestId;
        private final TenantId tenant;
        private Optional<ApiKeyId> key = Optional.empty();
        private String model;
        private String endpoint;
        private long promptTokens;
        private long completionTokens;
        private int inputs;
        private int httpStatus = 200;
        private String nodeId;
        private long latencyMicros;
        private Instant occurredAt;
        private String language;
        private String planId;

        private Builder(String requestId, TenantId tenant) {
            this.requestId = requestId;
            this.tenant = tenant;
        }

        public Builder key(ApiKeyId key) {
            this.key = Optional.ofNullable(key);
            return this;
        }

        /** The model that served the call and the endpoint it was called on. */
        public Builder call(String model, String endpoint) {
            this.model = model;
            this.endpoint = endpoint;
            return this;
        }

        public Builder tokens(long prompt, long completion) {
            this.promptTokens = prompt;
            this.completionTokens = completion;
            return this;
        }

        public Builder inputs(int inputs) {
            this.inputs = inputs;
            return this;
        }

        public Builder status(int httpStatus) {
            this.httpStatus = httpStatus;
            return this;
        }

        /** The node that answered and how long the whole call took. */
        public Builder servedBy(String nodeId, long latencyMicros) {
            this.nodeId = nodeId;
            this.latencyMicros = latencyMicros;
            return this;
        }

        public Builder at(Instant occurredAt) {
            this.occurredAt = occurredAt;
            return this;
        }

        public Builder language(String language) {
            this.language = language;
            return this;
        }

        public Builder pricedBy(String planId) {
            this.planId = planId;
            return this;
        }

        public UsageRecord build() {
            return new UsageRecord(requestId, tenant, key, model, endpoint, promptTokens, completionTokens, inputs, httpStatus, nodeId, latencyMicros,
                    occurredAt, language, planId);
        }
    }
}
