package dev.lmaas.platform.api.gateway;

import dev.lmaas.node.protocol.InferenceResponse;
import dev.lmaas.node.protocol.ModelDescriptor;

/**
 * A node's answer as the gateway returns it to a controller, with the model that produced it and the
 * input's detected language (ISO 639-1; {@code mul} for inputs in several languages; null for embeddings).
 */
public record GatewayAnswer(InferenceResponse response, ModelDescriptor model, String language) {
}
