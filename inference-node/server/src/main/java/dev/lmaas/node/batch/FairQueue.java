package dev.lmaas.node.batch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded queue of inputs, one FIFO per tenant, drained round-robin: forming a batch takes one
 * input from each waiting tenant in turn, so a tenant's burst cannot starve the others. A tenant
 * that arrives while others are queued joins the end of the rotation. Not thread-safe: the batcher
 * holds its lock around every call.
 */
final class FairQueue<T> {

    private final int capacity;
    private final Map<String, ArrayDeque<T>> byTenant = new HashMap<>();
    private final ArrayDeque<String> rotation = new ArrayDeque<>();
    private int size;

    FairQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Adds all or nothing; false when they do not fit, so a request is never half-queued. */
    boolean offerAll(String tenant, List<T> items) {
        if (size + items.size() > capacity) {
            return false;
        }
        ArrayDeque<T> queue = byTenant.computeIfAbsent(tenant, t -> new ArrayDeque<>());
        if (queue.isEmpty()) {
            rotation.addLast(tenant);
        }
        queue.addAll(items);
        size += items.size();
        return true;
    }

    /** Takes up to {@code max} items, one per tenant per round. */
    List<T> poll(int max) {
        List<T> taken = new ArrayList<>(Math.min(max, size));
        while (taken.size() < max && !rotation.isEmpty()) {
            String tenant = rotation.pollFirst();
            ArrayDeque<T> queue = byTenant.get(tenant);
            taken.add(queue.pollFirst());
            size--;
            if (queue.isEmpty()) {
                byTenant.remove(tenant);
            } else {
                rotation.addLast(tenant);
            }
        }
        return taken;
    }

    /** The head of every tenant's FIFO, i.e. the oldest item of each tenant. */
    List<T> heads() {
        List<T> heads = new ArrayList<>(rotation.size());
        for (String tenant : rotation) {
            heads.add(byTenant.get(tenant).peekFirst());
        }
        return heads;
    }

    int size() {
        return size;
    }

    int capacity() {
        return capacity;
    }
}
