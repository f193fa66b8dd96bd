package dev.lmaas.node.protocol;

/** Where the node spent the request's time: waiting in the batch queue, and running the model. */
public record InferenceTiming(long queueMicros, long inferenceMicros) {
}
