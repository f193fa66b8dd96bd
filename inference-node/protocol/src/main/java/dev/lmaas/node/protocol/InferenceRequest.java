package dev.lmaas.node.protocol;

import java.util.List;

/**
 * {@code POST /internal/v1/infer}: run {@code model} on {@code inputs}. The tenant id is carried for
 * fair queueing and metrics only; the node stores nothing about it.
 *
 * @param truncate true: inputs longer than the model's maximum are cut; false: refused with 400 {@code input_too_long}
 * @param deadlineMillis how long the caller will wait; the node drops the request after it (504 {@code deadline_exceeded})
 */
public record InferenceRequest(String requestId, String tenantId, String model, String task, List<String> inputs,
                               boolean truncate, long deadlineMillis, InferenceParameters parameters) {

    public InferenceRequest {
        inputs = inputs == null ? List.of() : inputs;
        parameters = parameters == null ? InferenceParameters.NONE : parameters;
    }
}
