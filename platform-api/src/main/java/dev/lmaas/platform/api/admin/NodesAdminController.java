package dev.lmaas.platform.api.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lmaas.node.protocol.ModelDescriptor;
import dev.lmaas.node.protocol.NodeLoad;
import dev.lmaas.platform.api.auth.AdminKeyAuthentication;
import dev.lmaas.platform.api.nodes.NodeRegistry;
import dev.lmaas.platform.api.nodes.RegisteredNode;
import dev.lmaas.platform.api.web.ApiException;
import dev.lmaas.platform.tenant.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /admin/v1/nodes} and {@code /admin/v1/models}: the routing table as operators see it. */
@RestController
class NodesAdminController {

    record NodeJson(String id, String object, @JsonProperty("base_url") String baseUrl, String version, boolean routable,
                    @JsonProperty("cooling_down") boolean coolingDown, @JsonProperty("last_seen_at") String lastSeenAt, NodeLoad load,
                    @JsonProperty("outstanding_here") int outstandingHere, List<ModelDescriptor> models) {
    }

    record ModelJson(String id, String object, String task, @JsonProperty("expected_sha256") String expectedSha256, boolean pinned,
                     List<Serving> nodes) {
    }

    record Serving(@JsonProperty("node_id") String nodeId, String version, String sha256, String status, boolean routed, String error) {
    }

    record Pin(String sha256) {
    }

    record ListJson<T>(String object, List<T> data) {
    }

    private final NodeRegistry registry;
    private final AuditLog audit;

    NodesAdminController(NodeRegistry registry, AuditLog audit) {
        this.registry = registry;
        this.audit = audit;
    }

    @GetMapping(path = "/admin/v1/nodes", produces = "application/json")
    ListJson<NodeJson> nodes() {
        return new ListJson<>("list", registry.nodes().stream().map(n -> new NodeJson(n.id(), "node", n.baseUrl(), n.version(),
                !n.coolingDown(), n.coolingDown(), String.valueOf(n.lastSeen()), n.load(), n.outstanding(), n.models())).toList());
    }

    @GetMapping(path = "/admin/v1/models", produces = "application/json")
    ListJson<ModelJson> models() {
        Map<String, ModelJson> out = new TreeMap<>();
        for (NodeRegistry.CatalogEntry e : registry.catalog()) {
            out.put(e.id(), new ModelJson(e.id(), "model", e.task(), e.sha256(), e.pinned(), new ArrayList<>()));
        }
        for (RegisteredNode n : registry.nodes()) {
            for (ModelDescriptor m : n.models()) {
                ModelJson mj = out.computeIfAbsent(m.id(), id -> new ModelJson(id, "model", m.task(), null, false, new ArrayList<>()));
                boolean routed = registry.nodesFor(m.id()).stream().anyMatch(r -> r.id().equals(n.id()));
                mj.nodes().add(new Serving(n.id(), m.version(), m.sha256(), m.status(), routed, m.error()));
            }
        }
        return new ListJson<>("list", List.copyOf(out.values()));
    }

    /** Pins the digest a model id must have (after deploying a new version of it). */
    @PostMapping(path = "/admin/v1/models/{id}/pin", consumes = "application/json", produces = "application/json")
    ModelJson pin(@PathVariable String id, @RequestBody Pin body, HttpServletRequest request) {
        if (body == null || body.sha256() == null || !body.sha256().matches("[0-9a-fA-F]{64}")) {
            throw ApiException.invalidRequest("invalid_value", "'sha256' must be 64 hex characters.", "sha256");
        }
        String task = registry.catalogEntry(id).map(NodeRegistry.CatalogEntry::task)
                .or(() -> registry.nodes().stream().flatMap(n -> n.models().stream()).filter(m -> m.id().equals(id)).map(ModelDescriptor::task).findFirst())
                .orElseThrow(() -> ApiException.notFound("model_not_found", "No node has reported the model '" + id + "'."));
        registry.pin(id, task, body.sha256().toLowerCase());
        audit.record(AdminKeyAuthentication.actor(request), null, "model.pinned", "model", id);
        return models().data().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
    }
}
