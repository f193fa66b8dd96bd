package dev.lmaas.node.protocol;

import java.util.List;

/** The node's answer to an {@link InferenceRequest}: outputs in input order, usage and timing. */
public record InferenceResponse(String requestId, String model, String modelVersion, String nodeId,
                                List<InferenceOutput> outputs, InferenceUsage usage, InferenceTiming timing) {
}
