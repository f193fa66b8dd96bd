package dev.lmaas.platform.api.gateway;

import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.protocol.Task;
import java.util.List;

/**
 * One tenant API call to run on a model.
 *
 * @param endpoint the API route, for usage and metrics (e.g. {@code embeddings})
 * @param model the model id as asked (validated by the gateway)
 * @param task the task the endpoint needs, or null when any task is fine (the brief's plain shape)
 */
public record InferenceCall(String endpoint, String model, Task task, List<String> inputs, InferenceParameters parameters, boolean truncate) {
}
