package dev.lmaas.node.protocol;

/** The control plane's answer to a registration or heartbeat: how often to heartbeat. */
public record RegistrationAccepted(String nodeId, int heartbeatIntervalMillis) {
}
