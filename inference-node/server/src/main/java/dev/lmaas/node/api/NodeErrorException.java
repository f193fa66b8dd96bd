package dev.lmaas.node.api;

import dev.lmaas.node.protocol.NodeError;

/** A refusal with its HTTP status and {@link NodeError} code; messages never quote the payload. */
class NodeErrorException extends RuntimeException {

    private final int status;
    private final String code;
    private final Integer retryAfterSeconds;

    NodeErrorException(int status, String code, String message) {
        this(status, code, message, null);
    }

    NodeErrorException(int status, String code, String message, Integer retryAfterSeconds) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static NodeErrorException invalid(String message) {
        return new NodeErrorException(400, "invalid_input", message);
    }

    int status() {
        return status;
    }

    Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    NodeError body() {
        return new NodeError(code, getMessage());
    }
}
