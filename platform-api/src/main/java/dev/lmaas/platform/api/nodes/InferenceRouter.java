package dev.lmaas.platform.api.nodes;

import dev.lmaas.node.protocol.InferenceEvent;
import dev.lmaas.node.protocol.InferenceRequest;
import dev.lmaas.node.protocol.InferenceResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Sends a request to a node that serves its model: power of two choices on this process's
 * outstanding requests per node, skipping nodes in cool-down. If the chosen node cannot be reached
 * or is full, the request is tried once more on another node.
 */
@Service
public class InferenceRouter {

    /** A node's answer together with the node that gave it. */
    public record Routed(InferenceResponse response, RegisteredNode node, int attempts) {
    }

    private static final Logger log = LoggerFactory.getLogger(InferenceRouter.class);
    private final NodeRegistry registry;
    private final NodeClient client;
    private final NodesProperties properties;
    private final Counter retries;
    private final Counter cooldowns;
    private final MeterRegistry meters;
    /** Per node and model, looked up rather than built per request (its id's tags are sorted on every build). */
    private final java.util.Map<String, Counter> decisions = new java.util.concurrent.ConcurrentHashMap<>();

    InferenceRouter(NodeRegistry registry, NodeClient client, NodesProperties properties, MeterRegistry meters) {
        this.registry = registry;
        this.client = client;
        this.properties = properties;
        this.meters = meters;
        this.retries = Counter.builder("lmaas.routing.retries").description("Requests retried on another node").register(meters);
        this.cooldowns = Counter.builder("lmaas.routing.cooldowns").description("Nodes put in cool-down after repeated failures").register(meters);
    }

    /**
     * Routes {@code request}; throws {@link NoCapacityException} when no node serves the model, or
     * the last {@link NodeCallException} when every attempt failed.
     */
    public Routed route(InferenceRequest request, Duration timeout) throws NodeCallException, NoCapacityException {
        return route(request, (node, r) -> client.infer(node, r, timeout), () -> false);
    }

    /**
     * Routes a streamed call: {@code events} hears the chosen node's events as they come. It is retried
     * on another node under the same rule as {@link #route}, but only before the first event arrived:
     * after that, part of the answer may already be out.
     */
    public Routed routeStreaming(InferenceRequest request, Duration timeout, java.util.function.Consumer<InferenceEvent> events)
            throws NodeCallException, NoCapacityException {
        boolean[] started = new boolean[1];
        return route(request, (node, r) -> client.inferStreaming(node, r, timeout, e -> {
            started[0] = true;
            events.accept(e);
        }), () -> started[0]);
    }

    @FunctionalInterface
    private interface Call {
        InferenceResponse send(RegisteredNode node, InferenceRequest request) throws NodeCallException;
    }

    /** @param answered true once the caller has heard part of an answer: then a failure is never retried */
    private Routed route(InferenceRequest request, Call call, java.util.function.BooleanSupplier answered)
            throws NodeCallException, NoCapacityException {
        List<String> tried = new ArrayList<>(2);
        NodeCallException last = null;
        for (int attempt = 1; attempt <= 2; attempt++) {
            Optional<RegisteredNode> picked = pick(request.model(), tried);
            if (picked.isEmpty()) {
                break;
            }
            RegisteredNode node = picked.get();
            tried.add(node.id());
            decisions.computeIfAbsent(node.id() + '\n' + request.model(), k -> meters.counter("lmaas.routing.decisions", "node", node.id(),
                    "model", request.model())).increment();
            node.begin();
            try {
                InferenceResponse response = call.send(node, request);
                node.succeeded();
                return new Routed(response, node, attempt);
            } catch (NodeCallException e) {
                last = e;
                boolean retryable = e.kind() == NodeCallException.Kind.UNREACHABLE
                        || (e.kind() == NodeCallException.Kind.REFUSED && e.status() == 503);
                if (e.kind() == NodeCallException.Kind.UNREACHABLE && node.failed(properties.failuresBeforeCooldown(), properties.cooldown().toNanos())) {
                    cooldowns.increment();
                    log.warn("Node {} put in cool-down for {} after repeated failures", node.id(), properties.cooldown());
                }
                if (!retryable || answered.getAsBoolean()) {
                    throw e;
                }
                if (attempt == 1) {
                    retries.increment();
                }
            } finally {
                node.end();
            }
        }
        if (last != null) {
            throw last;
        }
        throw new NoCapacityException(request.model());
    }

    Optional<RegisteredNode> pick(String model, List<String> exclude) {
        List<RegisteredNode> all = registry.nodesFor(model);
        List<RegisteredNode> candidates = new ArrayList<>(all.size());
        long now = System.nanoTime();
        for (RegisteredNode n : all) {
            if (!exclude.contains(n.id()) && !n.coolingDown(now)) {
                candidates.add(n);
            }
        }
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        if (candidates.size() == 1) {
            return Optional.of(candidates.get(0));
        }
        ThreadLocalRandom r = ThreadLocalRandom.current();
        int i = r.nextInt(candidates.size());
        int j = r.nextInt(candidates.size() - 1);
        if (j >= i) {
            j++;
        }
        RegisteredNode a = candidates.get(i);
        RegisteredNode b = candidates.get(j);
        return Optional.of(a.outstanding() <= b.outstanding() ? a : b);
    }
}
