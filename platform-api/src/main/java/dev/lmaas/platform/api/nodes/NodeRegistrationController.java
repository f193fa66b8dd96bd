package dev.lmaas.platform.api.nodes;

import dev.lmaas.node.protocol.NodeIdentity;
import dev.lmaas.node.protocol.NodeRegistration;
import dev.lmaas.node.protocol.RegistrationAccepted;
import dev.lmaas.platform.api.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.security.cert.X509Certificate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where nodes register and heartbeat, over the node link: {@link NodeLinkAuthentication} has checked the
 * node's certificate; here the node is held to it (the node id and the advertised URL it names).
 */
@RestController
class NodeRegistrationController {

    private final NodeRegistry registry;
    private final NodesProperties properties;

    NodeRegistrationController(NodeRegistry registry, NodesProperties properties) {
        this.registry = registry;
        this.properties = properties;
    }

    @PostMapping(path = "/internal/v1/nodes/register", consumes = "application/json", produces = "application/json")
    RegistrationAccepted register(@RequestBody NodeRegistration registration, HttpServletRequest http) {
        validate(registration, http);
        registry.heard(registration, true);
        return accepted(registration.nodeId());
    }

    @PostMapping(path = "/internal/v1/nodes/{nodeId}/heartbeat", consumes = "application/json", produces = "application/json")
    RegistrationAccepted heartbeat(@PathVariable String nodeId, @RequestBody NodeRegistration registration, HttpServletRequest http) {
        validate(registration, http);
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

    private static void validate(NodeRegistration r, HttpServletRequest http) {
        if (r.nodeId() == null || !r.nodeId().equals(http.getAttribute(NodeLinkAuthentication.NODE_ID))) {
            throw identityMismatch();
        }
        String url = NodeIdentity.canonicalUrl(r.baseUrl()).filter(r.baseUrl()::equals).orElseThrow(() -> ApiException.invalidRequest(
                "invalid_base_url", "baseUrl must be https://host:port, with no path, query or user info.", "baseUrl"));
        X509Certificate cert = (X509Certificate) http.getAttribute(NodeLinkAuthentication.NODE_CERTIFICATE);
        if (!NodeIdentity.urls(cert).contains(url)) {
            throw new ApiException(403, "permission_error", "advertised_url_mismatch",
                    "baseUrl is not the URL this node's certificate is bound to; enroll again for a new address.", "baseUrl", null);
        }
    }

    static ApiException identityMismatch() {
        return new ApiException(403, "permission_error", "node_identity_mismatch",
                "The node id is not the one this node's certificate is bound to.", "nodeId", null);
    }
}
