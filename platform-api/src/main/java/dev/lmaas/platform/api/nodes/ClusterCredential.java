package dev.lmaas.platform.api.nodes;

import dev.lmaas.node.protocol.ClusterSignature;
import dev.lmaas.platform.db.DataDirectory;
import org.springframework.stereotype.Component;

/**
 * The shared secret between control plane and nodes: {@code lmaas.nodes.cluster-secret}
 * (env {@code LMAAS_CLUSTER_SECRET}) or, for a single-machine install, a file generated in the data
 * directory that a node started from the same data directory reads too.
 */
@Component
public class ClusterCredential {

    static final String FILE = "secrets/cluster-secret";
    private final ClusterSignature signature;

    ClusterCredential(NodesProperties properties, DataDirectory dataDirectory) {
        String secret = properties.clusterSecret() == null || properties.clusterSecret().isBlank()
                ? dataDirectory.secret(FILE, 32)
                : properties.clusterSecret();
        this.signature = new ClusterSignature(secret);
    }

    public ClusterSignature signature() {
        return signature;
    }
}
