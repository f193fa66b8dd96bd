package dev.lmaas.platform.api.web;

import java.util.Map;

/** The answer while PostgreSQL cannot be reached: retryable, never a 500 with a stack trace. */
public final class DatabaseUnavailable {

    private DatabaseUnavailable() {
    }

    public static ApiException exception() {
        return new ApiException(503, "server_error", "service_unavailable",
                "The service is temporarily unavailable. Retry after a few seconds.", null, Map.of("Retry-After", "2"));
    }
}
