package dev.lmaas.platform.api.web;

import java.util.Map;

/**
 * A refusal of the machine APIs, rendered as OpenAI's error shape
 * {@code {"error":{"message","type","param","code"}}} with the given status and extra headers.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String type;
    private final String code;
    private final String param;
    private final Map<String, String> headers;

    public ApiException(int status, String type, String code, String message, String param, Map<String, String> headers) {
        super(message, null, false, false); // refusals are expected: no stack trace to fill or leak
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.headers = headers == null ? Map.of() : headers;
    }

    public static ApiException invalidRequest(String message, String param) {
        return new ApiException(400, "invalid_request_error", "invalid_request", message, param, null);
    }

    public static ApiException invalidRequest(String code, String message, String param) {
        return new ApiException(400, "invalid_request_error", code, message, param, null);
    }

    public static ApiException notFound(String code, String message) {
        return new ApiException(404, "invalid_request_error", code, message, null, null);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public ErrorBody body() {
        return ErrorBody.of(getMessage(), type, param, code);
    }
}
