package dev.lmaas.node.model;

import dev.lmaas.node.NodeProperties;
import dev.lmaas.node.batch.DynamicBatcher;
import dev.lmaas.node.batch.MicrometerBatchMetrics;
import dev.lmaas.node.runtime.OnnxRuntimeEngine;
import dev.lmaas.node.tokenize.TokenizerNatives;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the model store: built-ins written at start, then polled and hot-reloaded in the background. */
@Configuration(proxyBeanMethods = false)
class ModelConfiguration {

    @Bean
    ModelCatalog modelCatalog() {
        return new ModelCatalog();
    }

    @Bean(destroyMethod = "close")
    ModelReloader modelReloader(NodeProperties props, ModelCatalog catalog, MeterRegistry registry,
                                ObjectProvider<ModelSource> sources) {
        TokenizerNatives.prepare(props.cacheDir());
        try {
            BuiltInModels.install(props.resolvedModelDir(), props.builtinModels());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the built-in models into " + props.resolvedModelDir(), e);
        }
        NodeProperties.Batch b = props.batch();
        DynamicBatcher.Settings settings = new DynamicBatcher.Settings(b.maxBatchSize(), b.maxWait(), b.queueCapacity(),
                b.effectiveConcurrency(), b.maxPaddingRatio());
        ModelReloader reloader = new ModelReloader(props.resolvedModelDir(), new ModelLoader(new OnnxRuntimeEngine(props.effectiveIntraOpThreads(), props.intraOpSpinning())),
                catalog, settings, id -> {
                    Gauge.builder("lmaas.node.queue.depth", catalog, c -> c.queueDepth(id))
                            .description("inputs waiting for a batch").tag("model", id).register(registry);
                    return new MicrometerBatchMetrics(registry, id);
                }, sources.orderedStream().toList());
        reloader.start(props.reloadInterval());
        return reloader;
    }
}
