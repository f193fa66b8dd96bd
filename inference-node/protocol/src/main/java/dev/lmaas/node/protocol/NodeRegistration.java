package dev.lmaas.node.protocol;

import java.util.List;

/**
 * Sent by a node at start ({@code POST /internal/v1/nodes/register}) and as every heartbeat
 * ({@code POST /internal/v1/nodes/{nodeId}/heartbeat}): who it is, where to reach it, what it serves.
 *
 * @param nodeId stable for the node process's life (a new process may reuse an operator-chosen id)
 * @param baseUrl where the control plane reaches the node, e.g. {@code http://127.0.0.1:8081}
 */
public record NodeRegistration(String nodeId, String baseUrl, String version, List<ModelDescriptor> models, NodeLoad load) {

    public NodeRegistration {
        models = models == null ? List.of() : List.copyOf(models);
    }
}
