package dev.lmaas.platform.api.nodes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code lmaas.nodes.link.*}: the mutually authenticated TLS link between control plane and nodes.
 *
 * @param port where nodes enroll, register and heartbeat (TLS 1.3 only; its own connector, never the public port); 0 = any free port
 * @param hosts names and addresses nodes use to reach the control plane (in its link certificate)
 * @param url the link URL given to nodes with their join token; {@code https://<first host>:<port>} when blank
 * @param caCertificate operator-provided CA certificate (PEM); with {@code caPrivateKey}, else one is generated in the data directory
 * @param caPrivateKey operator-provided CA private key (PEM, PKCS#8)
 * @param certificateLifetime lifetime of node and control-plane link certificates (renewed after two thirds)
 * @param joinTokenLifetime default lifetime of a join token
 */
@ConfigurationProperties("lmaas.nodes.link")
public record NodeLinkProperties(Integer port, List<String> hosts, String url, Path caCertificate, Path caPrivateKey,
                                 Duration certificateLifetime, Duration joinTokenLifetime) {

    public NodeLinkProperties {
        port = port == null ? 0 : port;
        hosts = hosts == null || hosts.isEmpty() ? List.of("127.0.0.1", "localhost") : List.copyOf(hosts);
        certificateLifetime = certificateLifetime == null ? Duration.ofHours(12) : certificateLifetime;
        joinTokenLifetime = joinTokenLifetime == null ? Duration.ofHours(1) : joinTokenLifetime;
    }
}
