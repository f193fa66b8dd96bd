package dev.lmaas.platform.api.gateway;

import dev.lmaas.node.protocol.InferenceResponse;
import dev.lmaas.node.protocol.ModelDescriptor;

/** A node's answer as the gateway returns it to a controller, with the model that produced it. */
public record GatewayAnswer(InferenceResponse response, ModelDescriptor model) {
}
