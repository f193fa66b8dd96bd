package dev.lmaas.platform.api.nodes;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code lmaas.nodes.*}: how the control plane tracks and calls inference nodes.
 *
 * @param heartbeatInterval what nodes are told to use
 * @param evictAfter a node not heard from for this long leaves the routing table
 * @param requestTimeout longest wait for a node's answer (504 after)
 * @param connectTimeout longest wait to connect to a node (then another node is tried)
 * @param cooldown how long a node that failed repeatedly is skipped
 * @param failuresBeforeCooldown consecutive connection failures that trigger the cool-down
 */
@ConfigurationProperties("lmaas.nodes")
public record NodesProperties(Duration heartbeatInterval, Duration evictAfter, Duration requestTimeout,
                              Duration connectTimeout, Duration cooldown, Integer failuresBeforeCooldown, Duration refreshInterval) {

    public NodesProperties {
        heartbeatInterval = heartbeatInterval == null ? Duration.ofSeconds(2) : heartbeatInterval;
        evictAfter = evictAfter == null ? Duration.ofSeconds(10) : evictAfter;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(2) : connectTimeout;
        cooldown = cooldown == null ? Duration.ofSeconds(10) : cooldown;
        failuresBeforeCooldown = failuresBeforeCooldown == null ? 3 : failuresBeforeCooldown;
        refreshInterval = refreshInterval == null ? Duration.ofSeconds(1) : refreshInterval;
    }
}
