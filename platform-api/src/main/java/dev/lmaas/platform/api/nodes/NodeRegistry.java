package dev.lmaas.platform.api.nodes;

import dev.lmaas.node.protocol.ModelDescriptor;
import dev.lmaas.node.protocol.NodeLoad;
import dev.lmaas.node.protocol.NodeRegistration;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The routing table: which nodes are alive and which models each serves. Nodes heartbeat to any
 * control-plane replica; each heartbeat is written to PostgreSQL and every replica reloads the
 * table every second, so all replicas route to all nodes. A node silent for {@code evictAfter}
 * leaves the table. The first digest seen for a model id becomes its expected digest (an admin may
 * pin another); a node reporting a different digest is not routed to for that model.
 */
@Service
public class NodeRegistry {

    /** What the control plane expects of a model id. */
    public record CatalogEntry(String id, String task, String sha256, boolean pinned, Instant firstSeen) {
    }

    private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);
    private static final TypeReference<List<ModelDescriptor>> MODELS = new TypeReference<>() { };

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final NodesProperties properties;
    private final Map<String, RegisteredNode> nodes = new ConcurrentHashMap<>();
    private volatile Map<String, CatalogEntry> catalog = Map.of();
    private volatile Map<String, List<RegisteredNode>> routes = Map.of();
    /** Derived from {@link #routes} when it changes, not per request: the gateway reads it on every call. */
    private volatile Map<String, ModelDescriptor> routable = Map.of();
    private final Counter evictions;

    NodeRegistry(JdbcTemplate jdbc, JsonMapper json, NodesProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.json = json;
        this.properties = properties;
        this.evictions = Counter.builder("lmaas.nodes.evictions").description("Nodes dropped after missed heartbeats").register(meters);
        meters.gauge("lmaas.nodes.routable", this, r -> r.nodes.size());
        // What an autoscaler of nodes reads (KEDA's Prometheus trigger, deploy/k8s): the requests
        // queued or running on all nodes as their last heartbeats said. Every replica reads every
        // node's heartbeat from the database, so every replica reports the same figure: take the max.
        io.micrometer.core.instrument.Gauge.builder("lmaas.nodes.work", this, NodeRegistry::work)
                .description("Requests queued or running on all nodes, as last reported").register(meters);
        refresh();
    }

    /** Records a registration or heartbeat. Returns false for a heartbeat from a node this cluster has forgotten. */
    public boolean heard(NodeRegistration reg, boolean isRegistration) {
        Instant now = Instant.now();
        String models = json.writeValueAsString(reg.models());
        String load = json.writeValueAsString(reg.load() == null ? new NodeLoad(0, 0, 0) : reg.load());
        if (isRegistration) {
            jdbc.update("""
                    INSERT INTO nodes (id, base_url, version, models, load, registered_at, last_seen_at) VALUES (?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET base_url = excluded.base_url, version = excluded.version, models = excluded.models,
                      load = excluded.load, registered_at = excluded.registered_at, last_seen_at = excluded.last_seen_at""",
                    reg.nodeId(), reg.baseUrl(), reg.version(), models, load, Timestamp.from(now), Timestamp.from(now));
        } else {
            int updated = jdbc.update("UPDATE nodes SET base_url = ?, version = ?, models = ?::jsonb, load = ?::jsonb, last_seen_at = ? "
                    + "WHERE id = ? AND last_seen_at > ?", reg.baseUrl(), reg.version(), models, load, Timestamp.from(now), reg.nodeId(),
                    Timestamp.from(now.minus(properties.evictAfter())));
            if (updated == 0) {
                return false;
            }
        }
        for (ModelDescriptor m : reg.models()) {
            if (m.ready() && m.sha256() != null) {
                jdbc.update("INSERT INTO model_catalog (id, task, sha256) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING", m.id(), m.task(), m.sha256());
            }
        }
        nodes.computeIfAbsent(reg.nodeId(), RegisteredNode::new).update(reg.baseUrl(), reg.version(), reg.models(), reg.load(), now);
        if (isRegistration) {
            log.info("Node {} registered from {} with {} model(s)", reg.nodeId(), reg.baseUrl(), reg.models().size());
            loadCatalog();
        }
        rebuildRoutes();
        return true;
    }

    private double work() {
        return nodes.values().stream().map(RegisteredNode::load).filter(java.util.Objects::nonNull)
                .mapToInt(l -> l.queueDepth() + l.inFlight()).sum();
    }

    /** Reloads the table from the database; drops nodes not heard from in time. */
    @Scheduled(fixedDelayString = "${lmaas.nodes.refresh-interval:1s}")
    public void refresh() {
        Instant cutoff = Instant.now().minus(properties.evictAfter());
        Map<String, Boolean> alive = new HashMap<>();
        jdbc.query("SELECT id, base_url, version, models::text AS models, load::text AS load, last_seen_at FROM nodes WHERE last_seen_at > ?", rs -> {
            String id = rs.getString("id");
            alive.put(id, true);
            nodes.computeIfAbsent(id, RegisteredNode::new).update(rs.getString("base_url"), rs.getString("version"),
                    json.readValue(rs.getString("models"), MODELS), json.readValue(rs.getString("load"), NodeLoad.class),
                    rs.getTimestamp("last_seen_at").toInstant());
        }, Timestamp.from(cutoff));
        for (String id : List.copyOf(nodes.keySet())) {
            if (!alive.containsKey(id)) {
                nodes.remove(id);
                evictions.increment();
                log.warn("Node {} evicted: no heartbeat for {}", id, properties.evictAfter());
            }
        }
        loadCatalog();
        rebuildRoutes();
    }

    private void loadCatalog() {
        Map<String, CatalogEntry> c = new HashMap<>();
        jdbc.query("SELECT id, task, sha256, pinned, first_seen FROM model_catalog", rs -> {
            c.put(rs.getString("id"), new CatalogEntry(rs.getString("id"), rs.getString("task"), rs.getString("sha256"), rs.getBoolean("pinned"),
                    rs.getTimestamp("first_seen").toInstant()));
        });
        catalog = Map.copyOf(c);
    }

    private void rebuildRoutes() {
        Map<String, List<RegisteredNode>> r = new HashMap<>();
        Map<String, CatalogEntry> expected = catalog;
        for (RegisteredNode node : nodes.values()) {
            for (ModelDescriptor m : node.models()) {
                CatalogEntry e = expected.get(m.id());
                if (m.ready() && (e == null || e.sha256().equalsIgnoreCase(String.valueOf(m.sha256())))) {
                    r.computeIfAbsent(m.id(), k -> new ArrayList<>()).add(node);
                }
            }
        }
        r.replaceAll((k, v) -> List.copyOf(v));
        Map<String, ModelDescriptor> models = new java.util.TreeMap<>();
        r.forEach((id, list) -> list.get(0).models().stream().filter(m -> m.id().equals(id)).findFirst().ifPresent(m -> models.put(id, m)));
        routes = Map.copyOf(r);
        routable = java.util.Collections.unmodifiableMap(models);
    }

    /** Nodes that may serve {@code model} now (ready, expected digest), cool-downs not yet applied. */
    public List<RegisteredNode> nodesFor(String model) {
        return routes.getOrDefault(model, List.of());
    }

    /** Routable model ids with their descriptors (from any node serving them). */
    public Map<String, ModelDescriptor> routableModels() {
        return routable;
    }

    /**
     * Whether some live node reports {@code model} as still loading: the model exists, it is just not
     * routable yet (a node registers before its models finish loading). Read only on the refusal path.
     */
    public boolean loading(String model) {
        return nodes.values().stream().flatMap(n -> n.models().stream())
                .anyMatch(m -> m.id().equals(model) && ModelDescriptor.LOADING.equals(m.status()));
    }

    /** Whether some live node reports {@code model} at all, in any state. */
    public boolean reported(String model) {
        return nodes.values().stream().flatMap(n -> n.models().stream()).anyMatch(m -> m.id().equals(model));
    }

    public Optional<CatalogEntry> catalogEntry(String model) {
        return Optional.ofNullable(catalog.get(model));
    }

    public List<CatalogEntry> catalog() {
        return List.copyOf(catalog.values());
    }

    public List<RegisteredNode> nodes() {
        return List.copyOf(nodes.values());
    }

    /** Forgets a node at once (an admin removed it); false if it was not known. Other replicas follow on their next refresh. */
    public boolean remove(String nodeId) {
        int rows = jdbc.update("DELETE FROM nodes WHERE id = ?", nodeId);
        boolean known = nodes.remove(nodeId) != null || rows > 0;
        rebuildRoutes();
        return known;
    }

    /** Pins the expected digest of a model id (an admin action after deploying a new version). */
    public void pin(String model, String task, String sha256) {
        jdbc.update("""
                INSERT INTO model_catalog (id, task, sha256, pinned) VALUES (?, ?, ?, true)
                ON CONFLICT (id) DO UPDATE SET task = excluded.task, sha256 = excluded.sha256, pinned = true, updated_at = now()""",
                model, task, sha256);
        loadCatalog();
        rebuildRoutes();
    }
}
