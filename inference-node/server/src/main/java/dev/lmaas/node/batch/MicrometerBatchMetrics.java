package dev.lmaas.node.batch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** A model's batching figures as Prometheus metrics, tagged with the model id. */
public final class MicrometerBatchMetrics implements BatchMetrics {

    private final MeterRegistry registry;
    private final String model;
    private final Timer queueWait;
    private final Timer inference;
    private final DistributionSummary batchSize;

    public MicrometerBatchMetrics(MeterRegistry registry, String model) {
        this.registry = registry;
        this.model = model;
        this.queueWait = Timer.builder("lmaas.node.queue.wait").description("time an input waits for its batch")
                .tag("model", model).publishPercentileHistogram().register(registry);
        this.inference = Timer.builder("lmaas.node.inference").description("time the model takes per batch")
                .tag("model", model).publishPercentileHistogram().register(registry);
        this.batchSize = DistributionSummary.builder("lmaas.node.batch.size").description("inputs per model run")
                .tag("model", model).serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128).register(registry);
    }

    @Override
    public void queueWait(long nanos) {
        queueWait.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void batchRun(int size, long nanos) {
        batchSize.record(size);
        inference.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void refused(String reason) {
        Counter.builder("lmaas.node.refused").description("requests refused by the batcher")
                .tag("model", model).tag("reason", reason).register(registry).increment();
    }
}
