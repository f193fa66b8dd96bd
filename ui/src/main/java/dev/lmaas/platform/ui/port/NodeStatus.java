package dev.lmaas.platform.ui.port;

import java.time.Instant;
import java.util.List;

/**
 * An inference node as last heard from.
 *
 * @param status {@link #READY}, {@code starting}, {@code draining} or {@link #UNREACHABLE} (a node the router cools down
 *               after failed calls); the page counts and colours nodes by these words, so adapters use the constants
 * @param inFlight requests being served now; {@code queued} waiting in its batcher
 */
public record NodeStatus(String id, String url, String status, List<Model> models, int inFlight, int queued, Instant lastHeartbeat) {

    public static final String READY = "ready";
    public static final String UNREACHABLE = "unreachable";

    public NodeStatus {
        models = List.copyOf(models);
    }

    /** Whether requests are routed to this node now. */
    public boolean ready() {
        return READY.equals(status);
    }

    /** A model a node serves; {@code status} is {@code ready}, {@code loading}, {@code failed} or {@code digest_mismatch}. */
    public record Model(String id, String task, String version, String digest, String status) {
    }
}
