package dev.lmaas.platform.api.nodes;

import dev.lmaas.node.protocol.NodeRegistration;
import dev.lmaas.node.protocol.RegistrationAccepted;
import dev.lmaas.platform.api.web.ApiException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Where nodes register and heartbeat; the cluster signature is checked by {@link ClusterAuthentication}. */
@RestController
class NodeRegistrationController {

    private final NodeRegistry registry;
    private final NodesProperties properties;

    NodeRegistrationController(NodeRegistry registry, NodesProperties properties) {
        this.registry = registry;
        this.properties = properties;
    }

    @PostMapping(path = "/internal/v1/nodes/register", consumes = "application/json", produces = "application/json")
    RegistrationAccepted register(@RequestBody NodeRegistration registration) {
        validate(registration);
        registry.heard(registration, true);
        return accepted(registration.nodeId());
    }

    @PostMapping(path = "/internal/v1/nodes/{nodeId}/heartbeat", consumes = "application/json", produces = "application/json")
    RegistrationAccepted heartbeat(@PathVariable String nodeId, @RequestBody NodeRegistration registration) {
        validate(registration);
        if (!nodeId.equals(registration.nodeId())) {
            throw ApiException.invalidRequest("node_id_mismatch", "The path's node id and the body's differ.", "nodeId");
        }
        if (!registry.heard(registration, false)) {
            throw ApiException.notFound("unknown_node", "This node is not registered (or was evicted); register again.");
        }
        return accepted(nodeId);
    }

    private RegistrationAccepted accepted(String nodeId) {
        return new RegistrationAccepted(nodeId, (int) properties.heartbeatInterval().toMillis());
    }

    private static void validate(NodeRegistration r) {
        if (r.nodeId() == null || !r.nodeId().matches("[A-Za-z0-9._:-]{1,100}")) {
            throw ApiException.invalidRequest("invalid_node_id", "nodeId must be 1-100 characters of A-Z a-z 0-9 . _ : -", "nodeId");
        }
        if (r.baseUrl() == null || !(r.baseUrl().startsWith("http://") || r.baseUrl().startsWith("https://"))) {
            throw ApiException.invalidRequest("invalid_base_url", "baseUrl must be an http(s) URL", "baseUrl");
        }
    }
}
