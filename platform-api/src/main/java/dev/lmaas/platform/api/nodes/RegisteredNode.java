package dev.lmaas.platform.api.nodes;

import dev.lmaas.node.protocol.ModelDescriptor;
import dev.lmaas.node.protocol.NodeLoad;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A node as this control-plane process knows it. Registration facts are replaced on every
 * heartbeat; the outstanding-request count and the failure streak are this process's own view,
 * which is what power-of-two-choices needs.
 */
public final class RegisteredNode {

    private final String id;
    private volatile String baseUrl;
    private volatile String version;
    private volatile List<ModelDescriptor> models;
    private volatile NodeLoad load;
    private volatile Instant lastSeen;
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile long cooldownUntilNanos;

    RegisteredNode(String id) {
        this.id = id;
    }

    void update(String baseUrl, String version, List<ModelDescriptor> models, NodeLoad load, Instant lastSeen) {
        this.baseUrl = baseUrl;
        this.version = version;
        this.models = List.copyOf(models);
        this.load = load;
        this.lastSeen = lastSeen;
    }

    public String id() {
        return id;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public String version() {
        return version;
    }

    public List<ModelDescriptor> models() {
        return models;
    }

    public NodeLoad load() {
        return load;
    }

    public Instant lastSeen() {
        return lastSeen;
    }

    public int outstanding() {
        return outstanding.get();
    }

    void begin() {
        outstanding.incrementAndGet();
    }

    void end() {
        outstanding.decrementAndGet();
    }

    boolean coolingDown(long nowNanos) {
        return nowNanos - cooldownUntilNanos < 0;
    }

    public boolean coolingDown() {
        return coolingDown(System.nanoTime());
    }

    /** Returns true if this failure started a cool-down. */
    boolean failed(int threshold, long cooldownNanos) {
        if (consecutiveFailures.incrementAndGet() >= threshold) {
            consecutiveFailures.set(0);
            cooldownUntilNanos = System.nanoTime() + cooldownNanos;
            return true;
        }
        return false;
    }

    void succeeded() {
        if (consecutiveFailures.get() != 0) {
            consecutiveFailures.set(0);
        }
    }
}
