package dev.lmaas.node.batch;

/** What a batcher reports as it works; implemented with Micrometer, or a no-op in unit tests. */
public interface BatchMetrics {

    BatchMetrics NONE = new BatchMetrics() {
    };

    default void queueWait(long nanos) {
    }

    default void batchRun(int size, long nanos) {
    }

    default void refused(String reason) {
    }
}
