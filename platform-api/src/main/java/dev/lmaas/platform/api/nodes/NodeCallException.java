package dev.lmaas.platform.api.nodes;

import dev.lmaas.node.protocol.NodeError;

/** A node call that did not produce an answer. {@link Kind#UNREACHABLE} is safe to retry elsewhere. */
public class NodeCallException extends Exception {

    public enum Kind { UNREACHABLE, TIMEOUT, REFUSED, BAD_ANSWER }

    private final Kind kind;
    private final int status;
    private final NodeError error;
    private final String retryAfter;

    public NodeCallException(Kind kind, int status, NodeError error, String retryAfter, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.status = status;
        this.error = error;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    /** The node's HTTP status for {@link Kind#REFUSED}. */
    public int status() {
        return status;
    }

    /** The node's error body for {@link Kind#REFUSED}. */
    public NodeError error() {
        return error;
    }

    public String retryAfter() {
        return retryAfter;
    }
}
