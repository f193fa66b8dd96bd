package dev.lmaas.node.protocol;

/** A node's load at heartbeat time: queued requests, requests running, and the queue's bound. */
public record NodeLoad(int queueDepth, int inFlight, int queueCapacity) {
}
