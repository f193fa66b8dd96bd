package dev.lmaas.platform.api.console;

import dev.lmaas.platform.api.nodes.NodeRegistry;
import dev.lmaas.platform.api.nodes.RegisteredNode;
import dev.lmaas.platform.ui.port.ClusterOverview;
import dev.lmaas.platform.ui.port.NodeStatus;
import java.util.List;
import org.springframework.stereotype.Component;

/** Nodes and their models for the admin console, as the router sees them. */
@Component
class ConsoleCluster implements ClusterOverview {

    private final NodeRegistry registry;

    ConsoleCluster(NodeRegistry registry) {
        this.registry = registry;
    }

    @Override
    public List<NodeStatus> nodes() {
        return registry.nodes().stream().map(this::status).toList();
    }

    private NodeStatus status(RegisteredNode n) {
        List<NodeStatus.Model> models = n.models().stream().map(m -> {
            boolean routed = registry.nodesFor(m.id()).stream().anyMatch(r -> r.id().equals(n.id()));
            String status = m.ready() && !routed ? "digest_mismatch" : m.ready() ? "ready" : "unavailable".equals(m.status()) ? "failed" : m.status();
            return new NodeStatus.Model(m.id(), m.task(), m.version(), m.sha256(), status);
        }).toList();
        return new NodeStatus(n.id(), n.baseUrl(), n.coolingDown() ? NodeStatus.UNREACHABLE : NodeStatus.READY, models,
                n.load() == null ? n.outstanding() : n.load().inFlight(), n.load() == null ? 0 : n.load().queueDepth(), n.lastSeen());
    }
}
