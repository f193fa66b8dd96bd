package dev.lmaas.node.batch;

/** The model version behind this batcher was replaced or removed while the request was being routed. */
public class BatcherClosedException extends RuntimeException {

    public BatcherClosedException(String model) {
        super("model " + model + " is being replaced");
    }
}
