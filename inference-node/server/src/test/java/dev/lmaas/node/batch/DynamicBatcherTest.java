package dev.lmaas.node.batch;

import dev.lmaas.node.task.DeadlineExceededException;
import dev.lmaas.node.task.WorkDeadline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.task.PreparedInput;
import dev.lmaas.node.task.TaskOutput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The batcher with a recording fake model: batch forming, fairness, refusals and deadlines. */
class DynamicBatcherTest {

    record Item(String tenant, int n, int tokens) implements PreparedInput {
        @Override
        public InferenceParameters parameters() {
            return InferenceParameters.NONE;
        }
    }

    /** Records every batch; the first batch can be held until released, so work piles up behind it. */
    static final class RecordingModel implements DynamicBatcher.Runner<Item> {
        final List<List<Item>> batches = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch firstStarted = new CountDownLatch(1);
        final CountDownLatch release;

        RecordingModel(boolean holdFirst) {
            release = new CountDownLatch(holdFirst ? 1 : 0);
        }

        @Override
        public List<TaskOutput> run(List<Item> batch) {
            batches.add(List.copyOf(batch));
            firstStarted.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return batch.stream().map(i -> TaskOutput.text(i.tenant() + i.n(), 0)).toList();
        }
    }

    DynamicBatcher<Item> batcher;

    @AfterEach
    void close() {
        if (batcher != null) {
            batcher.close();
        }
    }

    DynamicBatcher<Item> batcher(RecordingModel model, int maxBatch, Duration maxWait, int capacity) {
        batcher = new DynamicBatcher<>("fake", new DynamicBatcher.Settings(maxBatch, maxWait, capacity, 1, 100.0), model, BatchMetrics.NONE);
        return batcher;
    }

    static List<Item> items(String tenant, int count) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(new Item(tenant, i, 8));
        }
        return items;
    }

    static long in(Duration d) {
        return System.nanoTime() + d.toNanos();
    }

    @Test
    void answersEachRequestInInputOrderAcrossBatches() throws Exception {
        RecordingModel model = new RecordingModel(false);
        batcher(model, 4, Duration.ofMillis(1), 100);
        BatchResult result = batcher.submit("a", items("a", 10), in(Duration.ofSeconds(10))).result().get(10, TimeUnit.SECONDS);
        assertThat(result.outputs()).extracting(TaskOutput::text).containsExactly("a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9");
        assertThat(model.batches).allSatisfy(b -> assertThat(b.size()).isLessThanOrEqualTo(4));
    }

    @Test
    void queuedRequestsAreRunTogetherUpToTheMaxBatchSize() throws Exception {
        RecordingModel model = new RecordingModel(true);
        batcher(model, 8, Duration.ofMillis(1), 100);
        var first = batcher.submit("a", items("a", 1), in(Duration.ofSeconds(10)));
        assertThat(model.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        List<DynamicBatcher.Job<Item>> waiting = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            waiting.add(batcher.submit("t" + i, items("t" + i, 1), in(Duration.ofSeconds(10))));
        }
        model.release.countDown();
        first.result().get(10, TimeUnit.SECONDS);
        for (var job : waiting) {
            job.result().get(10, TimeUnit.SECONDS);
        }
        // 12 single-input requests queued behind a busy model: one full batch of 8, then the other 4.
        assertThat(model.batches).extracting(List::size).containsExactly(1, 8, 4);
    }

    @Test
    void aBurstFromOneTenantDoesNotStarveAnother() throws Exception {
        RecordingModel model = new RecordingModel(true);
        batcher(model, 4, Duration.ofMillis(1), 1000);
        var blocker = batcher.submit("a", items("a", 1), in(Duration.ofSeconds(10)));
        assertThat(model.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        var burst = batcher.submit("a", items("a", 200), in(Duration.ofSeconds(30)));
        var small = batcher.submit("b", items("b", 3), in(Duration.ofSeconds(30)));
        model.release.countDown();
        small.result().get(10, TimeUnit.SECONDS);
        burst.result().get(10, TimeUnit.SECONDS);
        blocker.result().get(10, TimeUnit.SECONDS);
        // Round-robin: B's three inputs ride in the first three batches after the blocker, alongside A's,
        // instead of waiting behind A's 200.
        int lastBatchWithB = -1;
        for (int i = 0; i < model.batches.size(); i++) {
            if (model.batches.get(i).stream().anyMatch(item -> item.tenant().equals("b"))) {
                lastBatchWithB = i;
            }
        }
        assertThat(lastBatchWithB).isBetween(1, 3);
        assertThat(model.batches.get(1)).extracting(Item::tenant).containsExactly("a", "b", "a", "b");
        assertThat(model.batches).hasSizeGreaterThan(50);
    }

    @Test
    void aFullQueueRefusesAtOnceAndAllOrNothing() throws Exception {
        RecordingModel model = new RecordingModel(true);
        batcher(model, 2, Duration.ofMillis(1), 5);
        var blocker = batcher.submit("a", items("a", 1), in(Duration.ofSeconds(10)));
        assertThat(model.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        batcher.submit("a", items("a", 4), in(Duration.ofSeconds(10)));
        assertThatThrownBy(() -> batcher.submit("b", items("b", 2), in(Duration.ofSeconds(10))))
                .isInstanceOf(QueueFullException.class).hasMessageContaining("retry");
        assertThat(batcher.queueDepth()).as("nothing of the refused request was queued").isEqualTo(4);
        var fits = batcher.submit("b", items("b", 1), in(Duration.ofSeconds(10)));
        model.release.countDown();
        assertThat(fits.result().get(10, TimeUnit.SECONDS).outputs()).hasSize(1);
        blocker.result().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aRequestWhoseDeadlinePassesInTheQueueFailsWithoutRunning() throws Exception {
        RecordingModel model = new RecordingModel(true);
        batcher(model, 4, Duration.ofMillis(1), 100);
        var blocker = batcher.submit("a", items("a", 1), in(Duration.ofSeconds(10)));
        assertThat(model.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        var late = batcher.submit("b", items("b", 2), in(Duration.ofMillis(20)));
        Thread.sleep(50); // on purpose: the queued request's 20 ms deadline passes while the model is busy
        model.release.countDown();
        assertThatThrownBy(() -> late.result().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(DeadlineExceededException.class);
        blocker.result().get(10, TimeUnit.SECONDS);
        assertThat(model.batches).flatExtracting(b -> b).extracting(Item::tenant).doesNotContain("b");
    }

    @Test
    void aLoneRequestOnAnIdleModelRunsAtOnceWithoutWaitingForAFullBatch() throws Exception {
        RecordingModel model = new RecordingModel(false);
        // A max wait of an hour: answered within the 10 s below only if an idle model does not wait for it.
        batcher(model, 64, Duration.ofHours(1), 100);
        BatchResult r = batcher.submit("a", items("a", 3), in(Duration.ofSeconds(30))).result().get(10, TimeUnit.SECONDS);
        assertThat(r.outputs()).hasSize(3);
        assertThat(model.batches).extracting(List::size).containsExactly(3);
    }

    @Test
    void aLoneRequestOnAnIdleEncoderRunsInTheCallersThreadAndOtherwiseOnAWorker() throws Exception {
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        DynamicBatcher.Runner<Item> model = batch -> {
            threads.add(Thread.currentThread().getName());
            return batch.stream().map(i -> TaskOutput.text(i.tenant() + i.n(), 0)).toList();
        };
        DynamicBatcher.Settings settings = new DynamicBatcher.Settings(8, Duration.ofHours(1), 100, 1, 100.0);
        batcher = new DynamicBatcher<>("fake", settings.idleRunsInCaller(true), model, BatchMetrics.NONE);
        var inCaller = batcher.submit("a", items("a", 2), in(Duration.ofSeconds(30)));
        assertThat(inCaller.result()).as("answered before submit returned").isDone();
        assertThat(inCaller.result().get().outputs()).hasSize(2);
        batcher.close();

        batcher = new DynamicBatcher<>("fake", settings, model, BatchMetrics.NONE);
        batcher.submit("a", items("a", 1), in(Duration.ofSeconds(30))).result().get(10, TimeUnit.SECONDS);
        assertThat(threads).containsExactly(Thread.currentThread().getName(), "batch-fake-0");
    }

    @Test
    void whileACallersBatchHoldsTheModelOthersQueueAndTheConcurrencyHolds() throws Exception {
        RecordingModel model = new RecordingModel(true);
        batcher = new DynamicBatcher<>("fake", new DynamicBatcher.Settings(8, Duration.ofMillis(1), 100, 1, 100.0).idleRunsInCaller(true),
                model, BatchMetrics.NONE);
        List<DynamicBatcher.Job<Item>> first = Collections.synchronizedList(new ArrayList<>());
        Thread caller = Thread.ofPlatform().start(() -> first.add(batcher.submit("a", items("a", 1), in(Duration.ofMinutes(5)))));
        assertThat(model.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        // The model is busy in the caller's thread: this one is queued, and the one worker must not start it
        // beside the running batch (concurrency 1), however long the first takes.
        var second = batcher.submit("b", items("b", 2), in(Duration.ofMinutes(5)));
        assertThat(second.result()).isNotDone();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> model.batches.size() == 1);
        model.release.countDown();
        caller.join(10_000);
        assertThat(second.result().get(10, TimeUnit.SECONDS).outputs()).hasSize(2);
        assertThat(first.getFirst().result()).isDone();
        assertThat(model.batches).extracting(List::size).containsExactly(1, 2);
    }

    @Test
    void aFreeWorkerWaitsForItsBatchToFillWhileAnotherBatchRuns() throws Exception {
        RecordingModel model = new RecordingModel(true);
        batcher = new DynamicBatcher<>("fake", new DynamicBatcher.Settings(4, Duration.ofHours(1), 100, 2, 100.0), model, BatchMetrics.NONE);
        var blocker = batcher.submit("a", items("a", 1), in(Duration.ofMinutes(5)));
        assertThat(model.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        // The second worker is free but the model is busy: it holds these until the batch is full.
        var first = batcher.submit("b", items("b", 3), in(Duration.ofMinutes(5)));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(model.batches).as("nothing but the blocker has run").hasSize(1));
        var fourth = batcher.submit("c", items("c", 1), in(Duration.ofMinutes(5)));
        model.release.countDown();
        first.result().get(10, TimeUnit.SECONDS);
        fourth.result().get(10, TimeUnit.SECONDS);
        blocker.result().get(10, TimeUnit.SECONDS);
        assertThat(model.batches).extracting(List::size).containsExactly(1, 4);
    }

    @Test
    void aFailingModelFailsTheRequestsOfThatBatchOnly() throws Exception {
        DynamicBatcher.Runner<Item> flaky = batch -> {
            if (batch.stream().anyMatch(i -> i.tenant().equals("bad"))) {
                throw new IllegalStateException("boom");
            }
            return batch.stream().map(i -> TaskOutput.text("ok", 0)).toList();
        };
        batcher = new DynamicBatcher<>("flaky", new DynamicBatcher.Settings(1, Duration.ofMillis(1), 10, 1, 2.0), flaky, BatchMetrics.NONE);
        var bad = batcher.submit("bad", items("bad", 1), in(Duration.ofSeconds(10)));
        var good = batcher.submit("good", items("good", 1), in(Duration.ofSeconds(10)));
        assertThatThrownBy(() -> bad.result().get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(good.result().get(10, TimeUnit.SECONDS).outputs()).extracting(TaskOutput::text).containsExactly("ok");
    }

    @Test
    void aClosedBatcherRefusesNewWorkButFinishesQueuedWork() throws Exception {
        RecordingModel model = new RecordingModel(true);
        batcher(model, 2, Duration.ofMillis(1), 100);
        var running = batcher.submit("a", items("a", 1), in(Duration.ofSeconds(10)));
        assertThat(model.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        var queued = batcher.submit("a", items("a", 3), in(Duration.ofSeconds(10)));
        CountDownLatch drained = new CountDownLatch(1);
        batcher.close(drained::countDown);
        assertThatThrownBy(() -> batcher.submit("b", items("b", 1), in(Duration.ofSeconds(10)))).isInstanceOf(BatcherClosedException.class);
        model.release.countDown();
        assertThat(queued.result().get(10, TimeUnit.SECONDS).outputs()).hasSize(3);
        running.result().get(10, TimeUnit.SECONDS);
        assertThat(drained.await(10, TimeUnit.SECONDS)).isTrue();
        batcher = null;
    }
}
