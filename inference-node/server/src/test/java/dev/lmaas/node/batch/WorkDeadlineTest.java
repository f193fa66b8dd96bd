package dev.lmaas.node.batch;

import dev.lmaas.node.task.DeadlineExceededException;
import dev.lmaas.node.task.WorkDeadline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmaas.node.task.TaskOutput;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A running model sees, through {@link WorkDeadline}, whether anyone still waits for its batch. */
class WorkDeadlineTest {

    @Test
    void aModelSeesItsBatchAbandonedAndItsStopIsADeadlineFailureNotAModelFailure() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch abandoned = new CountDownLatch(1);
        AtomicBoolean liveBeforeCancel = new AtomicBoolean(true);
        DynamicBatcher.Runner<DynamicBatcherTest.Item> model = batch -> {
            liveBeforeCancel.set(!WorkDeadline.passed());
            started.countDown();
            try {
                abandoned.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (WorkDeadline.passed()) {
                throw new DeadlineExceededException();
            }
            return batch.stream().map(i -> TaskOutput.text("done", 0)).toList();
        };
        try (DynamicBatcher<DynamicBatcherTest.Item> batcher = new DynamicBatcher<>("fake",
                new DynamicBatcher.Settings(8, Duration.ZERO, 8, 1, 100.0), model, BatchMetrics.NONE)) {
            var job = batcher.submit("t", DynamicBatcherTest.items("t", 1), DynamicBatcherTest.in(Duration.ofMinutes(5)));
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            job.cancel(); // what InferenceService does when its wait times out
            abandoned.countDown();
            assertThatThrownBy(() -> job.result().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(DeadlineExceededException.class);
            assertThat(liveBeforeCancel).isTrue();
        }
    }

    @Test
    void outsideABatcherNothingHasPassed() {
        assertThat(WorkDeadline.passed()).isFalse();
    }

    @Test
    void aBatchWithOneLiveRequestIsNotAbandoned() throws Exception {
        AtomicBoolean sawPassed = new AtomicBoolean();
        CountDownLatch ran = new CountDownLatch(1);
        DynamicBatcher.Runner<DynamicBatcherTest.Item> model = batch -> {
            sawPassed.set(WorkDeadline.passed());
            ran.countDown();
            return batch.stream().map(i -> TaskOutput.text("done", 0)).toList();
        };
        try (DynamicBatcher<DynamicBatcherTest.Item> batcher = new DynamicBatcher<>("fake",
                new DynamicBatcher.Settings(8, Duration.ZERO, 8, 1, 100.0), model, BatchMetrics.NONE)) {
            var job = batcher.submit("t", DynamicBatcherTest.items("t", 2), DynamicBatcherTest.in(Duration.ofMinutes(5)));
            assertThat(job.result().get(30, TimeUnit.SECONDS).outputs()).hasSize(2);
            assertThat(sawPassed).isFalse();
        }
    }
}
