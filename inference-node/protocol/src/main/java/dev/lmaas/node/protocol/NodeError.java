package dev.lmaas.node.protocol;

/**
 * The body of every non-2xx node answer. Codes: {@code invalid_input} (400), {@code input_too_long}
 * (400), {@code wrong_task} (400), {@code invalid_path} (400: a path with more than one reading), {@code unauthorized} (401), {@code model_not_found} (404),
 * {@code payload_too_large} (413), {@code overloaded} (503, with Retry-After), {@code model_unavailable}
 * (503), {@code deadline_exceeded} (504), {@code internal_error} (500).
 */
public record NodeError(String code, String message) {
}
