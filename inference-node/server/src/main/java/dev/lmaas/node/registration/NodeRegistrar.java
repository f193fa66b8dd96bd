package dev.lmaas.node.registration;

import dev.lmaas.node.model.ModelCatalog;
import dev.lmaas.node.protocol.NodeRegistration;
import dev.lmaas.node.protocol.RegistrationAccepted;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the node known to the control plane: registers, then heartbeats at the interval the control
 * plane asks for, with the models and the load, and at once when a model enters or leaves service. A 404 to a heartbeat means the control plane dropped
 * the node, so it registers again. While the control plane is unreachable it retries with exponential
 * backoff (capped) — serving never depends on it.
 */
final class NodeRegistrar implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeRegistrar.class);

    private final ControlPlaneClient client;
    private final String nodeId;
    private final String version;
    private final Supplier<String> baseUrl;
    private final ModelCatalog catalog;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private volatile Duration interval;
    private volatile boolean registered;
    private volatile Thread worker;
    /** Released when the catalog changes: the next heartbeat goes at once, not after the interval. */
    private final Semaphore wake = new Semaphore(0);

    NodeRegistrar(ControlPlaneClient client, String nodeId, String version, Supplier<String> baseUrl, ModelCatalog catalog,
                  Duration heartbeatInterval, Duration initialBackoff, Duration maxBackoff) {
        this.client = client;
        this.nodeId = nodeId;
        this.version = version;
        this.baseUrl = baseUrl;
        this.catalog = catalog;
        this.interval = heartbeatInterval;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    void start() {
        catalog.onChange(wake::release);
        worker = Thread.ofPlatform().daemon().name("node-registrar").start(this::loop);
    }

    boolean registered() {
        return registered;
    }

    NodeRegistration snapshot() {
        return new NodeRegistration(nodeId, baseUrl.get(), version, catalog.descriptors(), catalog.load());
    }

    private void loop() {
        Duration backoff = initialBackoff;
        boolean failing = false;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                RegistrationAccepted accepted = registered ? client.heartbeat(snapshot()) : client.register(snapshot());
                if (!registered) {
                    log.info("registered with the control plane as {}", nodeId);
                }
                registered = true;
                if (accepted != null && accepted.heartbeatIntervalMillis() > 0) {
                    interval = Duration.ofMillis(accepted.heartbeatIntervalMillis());
                }
                backoff = initialBackoff;
                failing = false;
                wake.tryAcquire(interval.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits(); // several changes at once: one heartbeat carries them all
            } catch (ControlPlaneClient.UnexpectedStatusException e) {
                if (registered && e.status == 404) {
                    log.info("the control plane no longer knows node {}; registering again", nodeId);
                    registered = false;
                    continue;
                }
                backoff = retryLater(e, backoff, failing);
                failing = true;
            } catch (IOException e) {
                backoff = retryLater(e, backoff, failing);
                failing = true;
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Duration retryLater(IOException e, Duration backoff, boolean alreadyFailing) {
        if (!alreadyFailing) {
            log.warn("control plane unreachable ({}); retrying with backoff up to {}", e.getMessage(), maxBackoff);
        }
        try {
            Thread.sleep(backoff);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
    }

    @Override
    public void close() {
        Thread t = worker;
        if (t != null) {
            t.interrupt();
        }
    }
}
