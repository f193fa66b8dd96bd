package dev.lmaas.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The node's ONNX Runtime and batching defaults as a node binds them: one intra-op thread per session and
 * one batch per core (measured: bench/results/ab-node-2026-12-04-intra1-conc2.md), each still settable.
 */
class NodePropertiesDefaultsTest {

    private static NodeProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("lmaas.node", NodeProperties.class);
    }

    @Test
    void oneIntraOpThreadAndOneBatchPerCoreByDefault() {
        NodeProperties p = bind(Map.of());
        assertThat(p.effectiveIntraOpThreads()).isEqualTo(1);
        assertThat(p.batch().effectiveConcurrency()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void zeroMeansOnePerCoreAndAnExplicitValueIsKept() {
        NodeProperties cores = bind(Map.of("lmaas.node.intra-op-threads", "0", "lmaas.node.batch.concurrency", "0"));
        assertThat(cores.effectiveIntraOpThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        NodeProperties set = bind(Map.of("lmaas.node.intra-op-threads", "3", "lmaas.node.batch.concurrency", "5"));
        assertThat(set.effectiveIntraOpThreads()).isEqualTo(3);
        assertThat(set.batch().effectiveConcurrency()).isEqualTo(5);
    }
}
