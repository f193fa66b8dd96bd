package dev.lmaas.platform.api.web;

import java.io.IOException;

/** Thrown while reading a body that exceeds the configured limit. */
public class PayloadTooLargeException extends IOException {

    private final long limit;

    public PayloadTooLargeException(long limit) {
        super("request body larger than " + limit + " bytes");
        this.limit = limit;
    }

    public ApiException toApiException() {
        return new ApiException(413, "invalid_request_error", "payload_too_large",
                "The request body is larger than the limit of " + limit + " bytes.", null, null);
    }
}
