package dev.lmaas.platform.ui.fakes;

import dev.lmaas.platform.ui.port.ClusterOverview;
import dev.lmaas.platform.ui.port.NodeStatus;
import java.time.Instant;
import java.util.List;

/** Two nodes: one healthy with three models, one whose model failed to load. */
public class FakeClusterOverview implements ClusterOverview {

    @Override
    public List<NodeStatus> nodes() {
        Instant now = Instant.now();
        return List.of(
                new NodeStatus("node-a", "http://10.0.0.11:8090", "ready", List.of(
                        new NodeStatus.Model("all-MiniLM-L6-v2", "embedding", "1.19.0", "sha256:5bd1a3c0e6f24ea1f7d5c2a8b9e0f1a2b3c4d5e6f708192a3b4c5d6e7f809", "ready"),
                        new NodeStatus.Model("sentiment-en", "classification", "2026.05", "sha256:77ac01f2e3d4c5b6a79808a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5", "ready"),
                        new NodeStatus.Model("summarize-extractive", "summarization", "1", "sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9", "ready")),
                        3, 0, now.minusSeconds(2)),
                new NodeStatus("node-b", "http://10.0.0.12:8090", "starting", List.of(
                        new NodeStatus.Model("all-MiniLM-L6-v2", "embedding", "1.19.0", "sha256:5bd1a3c0e6f24ea1f7d5c2a8b9e0f1a2b3c4d5e6f708192a3b4c5d6e7f809", "loading"),
                        new NodeStatus.Model("translate-en-de", "translation", "0.1", "sha256:ffee0011", "failed")),
                        0, 0, now.minusSeconds(7)));
    }
}
