package dev.lmaas.platform.billing;

/**
 * Why a call was refused, with the HTTP status and OpenAI-style error type/code the gateway answers.
 * Only {@link #RATE_LIMIT_EXCEEDED} is worth retrying (and carries {@code Retry-After}).
 */
public enum RefusalReason {
    MODEL_NOT_ALLOWED(403, "permission_error", "model_not_allowed"),
    TOO_MANY_INPUTS(400, "invalid_request_error", "too_many_inputs"),
    RATE_LIMIT_EXCEEDED(429, "rate_limit_error", "rate_limit_exceeded"),
    INSUFFICIENT_QUOTA(429, "insufficient_quota", "insufficient_quota"),
    /** A hard monthly budget (the tenant's or the key's) cannot cover the call's worst-case cost. */
    BUDGET_EXCEEDED(429, "insufficient_quota", "budget_exceeded");

    private final int httpStatus;
    private final String type;
    private final String code;

    RefusalReason(int httpStatus, String type, String code) {
        this.httpStatus = httpStatus;
        this.type = type;
        this.code = code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }

    public boolean retryable() {
        return this == RATE_LIMIT_EXCEEDED;
    }
}
