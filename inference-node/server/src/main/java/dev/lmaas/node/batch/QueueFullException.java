package dev.lmaas.node.batch;

/** The model's queue cannot take the request's inputs now; the caller should retry shortly. */
public class QueueFullException extends RuntimeException {

    public QueueFullException(String model, int capacity) {
        super("model " + model + " has " + capacity + " inputs queued already; retry shortly");
    }
}
