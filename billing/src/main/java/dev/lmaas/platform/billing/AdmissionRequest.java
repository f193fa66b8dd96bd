package dev.lmaas.platform.billing;

import dev.lmaas.platform.tenant.ApiKeyId;
import dev.lmaas.platform.tenant.TenantId;
import java.util.Objects;

/**
 * One API call asking to be let in.
 *
 * @param planId          the tenant's plan as the gateway's tenant cache knows it
 * @param estimatedTokens an upper bound of the tokens the call will use (input tokens from the tokenizer,
 *                        plus the maximum output for generation); settled to the real count afterwards
 * @param inputs          how many texts the call carries
 */
public record AdmissionRequest(TenantId tenant, ApiKeyId key, String planId, String model, long estimatedTokens, int inputs) {

    public AdmissionRequest {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(model, "model");
        if (estimatedTokens < 0 || inputs < 0) {
            throw new IllegalArgumentException("estimatedTokens and inputs cannot be negative");
        }
    }
}
