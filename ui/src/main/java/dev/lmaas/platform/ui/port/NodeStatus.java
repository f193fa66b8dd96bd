package dev.lmaas.platform.ui.port;

import java.time.Instant;
import java.util.List;

/**
 * An inference node as last heard from.
 *
 * @param status {@code ready}, {@code starting}, {@code draining} or {@code unreachable}
 * @param inFlight requests being served now; {@code queued} waiting in its batcher
 */
public record NodeStatus(String id, String url, String status, List<Model> models, int inFlight, int queued, Instant lastHeartbeat) {

    public NodeStatus {
        models = List.copyOf(models);
    }

    /** A model a node serves; {@code status} is {@code ready}, {@code loading}, {@code failed} or {@code digest_mismatch}. */
    public record Model(String id, String task, String version, String digest, String status) {
    }
}
