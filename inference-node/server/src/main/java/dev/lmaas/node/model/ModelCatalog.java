package dev.lmaas.node.model;

import dev.lmaas.node.protocol.ModelDescriptor;
import dev.lmaas.node.protocol.NodeLoad;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the node serves right now: the ready model versions, and the status of every model folder
 * (loading, or unavailable with the reason). Read on every request; written only by the reloader.
 */
public final class ModelCatalog {

    private final Map<String, ServedModel<?>> served = new ConcurrentHashMap<>();
    /** Models with something to report beyond "ready": loading, unavailable, or a failed reload. */
    private final Map<String, ModelDescriptor> problems = new ConcurrentHashMap<>();
    private volatile boolean scannedOnce;
    /** Told when a model enters or leaves service, so the control plane hears it before the next heartbeat. */
    private final List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }

    public Optional<ServedModel<?>> find(String id) {
        return Optional.ofNullable(served.get(id));
    }

    /** The status the node reports for {@code id}, or empty if it has no such model folder. */
    public Optional<ModelDescriptor> describe(String id) {
        ServedModel<?> model = served.get(id);
        ModelDescriptor problem = problems.get(id);
        if (model != null) {
            return Optional.of(model.descriptor(problem == null ? null : problem.error()));
        }
        return Optional.ofNullable(problem);
    }

    public List<ModelDescriptor> descriptors() {
        List<ModelDescriptor> all = new ArrayList<>();
        served.keySet().forEach(id -> describe(id).ifPresent(all::add));
        problems.forEach((id, d) -> {
            if (!served.containsKey(id)) {
                all.add(d);
            }
        });
        all.sort(Comparator.comparing(ModelDescriptor::id));
        return all;
    }

    /**
     * True once the store has been scanned and no model is still loading. A folder that cannot load
     * is reported unavailable but does not hold readiness back: it would never become ready, and the
     * node's other models must stay routable.
     */
    public boolean ready() {
        return scannedOnce && problems.values().stream().noneMatch(d -> ModelDescriptor.LOADING.equals(d.status()));
    }

    public NodeLoad load() {
        int depth = 0, inFlight = 0, capacity = 0;
        for (ServedModel<?> m : served.values()) {
            depth += m.queueDepth();
            inFlight += m.inFlight();
            capacity += m.queueCapacity();
        }
        return new NodeLoad(depth, inFlight, capacity);
    }

    int queueDepth(String id) {
        ServedModel<?> m = served.get(id);
        return m == null ? 0 : m.queueDepth();
    }

    void loading(String id, ModelManifest manifest) {
        problems.put(id, unservedDescriptor(id, manifest, ModelDescriptor.LOADING, null));
    }

    /** Puts a new version in service; returns the one it replaces, to be retired by the caller. */
    ServedModel<?> serve(ServedModel<?> model) {
        problems.remove(model.id());
        ServedModel<?> previous = served.put(model.id(), model);
        changed();
        return previous;
    }

    /** A load failed: a served previous version keeps serving, with the error attached. */
    void failed(String id, ModelManifest manifest, String error) {
        ServedModel<?> previous = served.get(id);
        String message = previous == null ? error
                : "a new version failed to load, still serving version " + previous.version() + ": " + error;
        problems.put(id, unservedDescriptor(id, manifest, ModelDescriptor.UNAVAILABLE, message));
        changed();
    }

    ServedModel<?> remove(String id) {
        problems.remove(id);
        ServedModel<?> removed = served.remove(id);
        changed();
        return removed;
    }

    Iterable<String> knownIds() {
        List<String> ids = new ArrayList<>(served.keySet());
        problems.keySet().stream().filter(id -> !served.containsKey(id)).forEach(ids::add);
        return ids;
    }

    void scanned() {
        scannedOnce = true;
    }

    private static ModelDescriptor unservedDescriptor(String id, ModelManifest m, String status, String error) {
        return new ModelDescriptor(id, m == null ? null : m.version(), m == null ? null : m.task(), null,
                m == null || m.maxSequenceLength() == null ? 0 : m.maxSequenceLength(), null,
                m == null ? List.of() : m.labels(), status, error, m == null ? List.of() : m.languages(),
                m == null ? List.of() : m.aliases(), m == null ? List.of() : m.targetLanguages());
    }
}
