package dev.lmaas.node.batch;

import dev.lmaas.node.task.DeadlineExceededException;
import dev.lmaas.node.task.WorkDeadline;
import dev.lmaas.node.task.PreparedInput;
import dev.lmaas.node.task.TaskOutput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-model dynamic batching. Inputs of concurrent requests wait in a bounded, tenant-fair queue; a
 * worker takes up to {@code maxBatchSize} of them and splits them into runs of similar length, running
 * the model once per run. An idle model (no batch running) takes what is queued at once, so a lone
 * request never waits for company; while a batch runs, new inputs pile up and form the next batch by
 * themselves (continuous batching, as TEI does). Only a worker that is free while another batch runs
 * ({@code concurrency > 1}) waits up to {@code maxWait} for its batch to fill. A request
 * whose deadline passes while queued is failed without running. When full, {@link #submit} refuses at
 * once ({@link QueueFullException}) rather than queueing without end.
 *
 * @param <P> the model's prepared input
 */
public final class DynamicBatcher<P extends PreparedInput> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DynamicBatcher.class);

    /** Runs one batch; returns one output per input, in order. */
    @FunctionalInterface
    public interface Runner<P> {
        List<TaskOutput> run(List<P> batch);
    }

    /**
     * Batching knobs; see {@code lmaas.node.batch.*}. {@code idleRunsInCaller}: a request that finds the
     * model idle and nothing queued runs in the caller's thread instead of being handed to a worker and
     * back (two thread wake-ups saved on every request at low load). Only for models whose run is
     * short (encoders): the caller is a virtual thread, and a long native call would hold its carrier.
     */
    public record Settings(int maxBatchSize, Duration maxWait, int queueCapacity, int concurrency, double maxPaddingRatio,
                           boolean idleRunsInCaller) {

        public Settings(int maxBatchSize, Duration maxWait, int queueCapacity, int concurrency, double maxPaddingRatio) {
            this(maxBatchSize, maxWait, queueCapacity, concurrency, maxPaddingRatio, false);
        }

        public Settings idleRunsInCaller(boolean inCaller) {
            return new Settings(maxBatchSize, maxWait, queueCapacity, concurrency, maxPaddingRatio, inCaller);
        }
    }

    private final String model;
    private final Settings settings;
    private final Runner<P> runner;
    private final BatchMetrics metrics;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queued = lock.newCondition();
    private final FairQueue<Pending<P>> queue;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final CountDownLatch workersDone;
    private boolean closing;
    /** Workers between taking a batch and finishing it; guarded by {@link #lock}. */
    private int busyWorkers;

    public DynamicBatcher(String model, Settings settings, Runner<P> runner, BatchMetrics metrics) {
        this.model = model;
        this.settings = settings;
        this.runner = runner;
        this.metrics = metrics;
        this.queue = new FairQueue<>(settings.queueCapacity());
        this.workersDone = new CountDownLatch(settings.concurrency());
        for (int i = 0; i < settings.concurrency(); i++) {
            Thread worker = new Thread(this::work, "batch-" + model + "-" + i);
            worker.setDaemon(true);
            worker.start();
        }
    }

    /**
     * Queues a request's inputs.
     *
     * @param deadlineNanos {@link System#nanoTime()} value after which the request is dropped
     * @throws QueueFullException when the inputs do not fit in the queue
     * @throws BatcherClosedException when this batcher is shutting down
     */
    public Job<P> submit(String tenant, List<P> inputs, long deadlineNanos) {
        Job<P> job = new Job<>(inputs.size(), deadlineNanos);
        long now = System.nanoTime();
        List<Pending<P>> items = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            items.add(new Pending<>(job, i, inputs.get(i), now));
        }
        List<Pending<P>> runHere = null;
        lock.lock();
        try {
            if (closing) {
                throw new BatcherClosedException(model);
            }
            if (!queue.offerAll(tenant, items)) {
                metrics.refused("overloaded");
                throw new QueueFullException(model, queue.capacity());
            }
            if (settings.idleRunsInCaller() && busyWorkers == 0 && queue.size() == items.size() && items.size() <= settings.maxBatchSize()) {
                busyWorkers++; // counts against the concurrency like a worker's batch
                runHere = queue.poll(settings.maxBatchSize());
            } else {
                queued.signal();
            }
        } finally {
            lock.unlock();
        }
        if (runHere != null) {
            try {
                runLive(runHere);
            } finally {
                finished();
            }
        }
        return job;
    }

    /** A batch is done: one fewer busy; wakes workers waiting for work that came meanwhile or for a free slot. */
    private void finished() {
        lock.lock();
        try {
            busyWorkers--;
            if (queue.size() > 0 || closing) {
                queued.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    public int queueDepth() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    public int queueCapacity() {
        return settings.queueCapacity();
    }

    /** Inputs currently running in the model. */
    public int inFlight() {
        return inFlight.get();
    }

    private void work() {
        try {
            while (true) {
                List<Pending<P>> batch = nextBatch();
                if (batch == null) {
                    return;
                }
                try {
                    runLive(batch);
                } finally {
                    finished();
                }
            }
        } finally {
            workersDone.countDown();
        }
    }

    /** Blocks until a batch is due; null once closing and drained. */
    private List<Pending<P>> nextBatch() {
        lock.lock();
        try {
            // Work to do, and a free slot: a batch running in a caller's thread takes one too.
            while (queue.size() == 0 || busyWorkers >= settings.concurrency()) {
                if (closing && queue.size() == 0) {
                    return null;
                }
                queued.awaitUninterruptibly();
            }
            long due = oldestEnqueue() + settings.maxWait().toNanos();
            // Waiting only pays while another batch holds the model; an idle model runs what it has.
            while (busyWorkers > 0 && queue.size() < settings.maxBatchSize() && !closing) {
                long left = due - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    queued.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            busyWorkers++;
            return queue.poll(settings.maxBatchSize());
        } finally {
            lock.unlock();
        }
    }

    private long oldestEnqueue() {
        long oldest = Long.MAX_VALUE;
        for (Pending<P> head : queue.heads()) {
            oldest = Math.min(oldest, head.enqueuedNanos());
        }
        return oldest;
    }

    private void runLive(List<Pending<P>> batch) {
        long now = System.nanoTime();
        List<Pending<P>> live = new ArrayList<>(batch.size());
        for (Pending<P> p : batch) {
            if (p.job().isDone()) {
                continue; // a sibling input failed, or the caller gave up
            }
            if (now - p.job().deadlineNanos() > 0) {
                metrics.refused("deadline_exceeded");
                p.job().completeExceptionally(new DeadlineExceededException());
                continue;
            }
            long waited = now - p.enqueuedNanos();
            p.job().queueNanos(waited);
            metrics.queueWait(waited);
            live.add(p);
        }
        for (List<Pending<P>> group : LengthGrouping.split(live, p -> p.input().tokens(), settings.maxPaddingRatio())) {
            runGroup(group);
        }
    }

    private void runGroup(List<Pending<P>> group) {
        inFlight.addAndGet(group.size());
        long start = System.nanoTime();
        try {
            List<P> inputs = group.stream().map(Pending::input).toList();
            List<TaskOutput> outputs = WorkDeadline.during(() -> allExpired(group), () -> runner.run(inputs));
            long took = System.nanoTime() - start;
            metrics.batchRun(group.size(), took);
            for (int i = 0; i < group.size(); i++) {
                Pending<P> p = group.get(i);
                p.job().complete(p.index(), outputs.get(i), took);
            }
        } catch (DeadlineExceededException e) {
            // The model stopped early because nobody waits for this batch any more (see WorkDeadline).
            metrics.refused("deadline_exceeded");
            group.forEach(p -> p.job().completeExceptionally(e));
        } catch (RuntimeException | Error e) {
            // Logged without inputs: payload text never reaches the logs.
            log.warn("model {} failed on a batch of {}: {}", model, group.size(), e.toString());
            group.forEach(p -> p.job().completeExceptionally(e));
        } finally {
            inFlight.addAndGet(-group.size());
        }
    }

    private static <P> boolean allExpired(List<Pending<P>> group) {
        long now = System.nanoTime();
        for (Pending<P> p : group) {
            if (!p.job().isDone() && now - p.job().deadlineNanos() <= 0) {
                return false;
            }
        }
        return true;
    }

    /** Stops taking requests, lets the workers finish what is queued, then runs {@code afterDrain}. */
    public void close(Runnable afterDrain) {
        lock.lock();
        try {
            closing = true;
            queued.signalAll();
        } finally {
            lock.unlock();
        }
        Thread.ofVirtual().name("retire-" + model).start(() -> {
            try {
                workersDone.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            afterDrain.run();
        });
    }

    @Override
    public void close() {
        close(() -> { });
    }

    private record Pending<P>(Job<P> job, int index, P input, long enqueuedNanos) {
    }

    /** A queued request: completes when all its inputs have run, or fails with the first error. */
    public static final class Job<P> {

        private final TaskOutput[] outputs;
        private final AtomicInteger remaining;
        private final long deadlineNanos;
        private final CompletableFuture<BatchResult> future = new CompletableFuture<>();
        private final AtomicBoolean failed = new AtomicBoolean();
        private volatile long queueNanos;
        private volatile long inferenceNanos;

        Job(int size, long deadlineNanos) {
            this.outputs = new TaskOutput[size];
            this.remaining = new AtomicInteger(size);
            this.deadlineNanos = deadlineNanos;
        }

        public CompletableFuture<BatchResult> result() {
            return future;
        }

        /** The caller stopped waiting (deadline): queued inputs are skipped. */
        public void cancel() {
            completeExceptionally(new DeadlineExceededException());
        }

        long deadlineNanos() {
            return deadlineNanos;
        }

        boolean isDone() {
            return future.isDone();
        }

        synchronized void queueNanos(long nanos) {
            queueNanos = Math.max(queueNanos, nanos);
        }

        void complete(int index, TaskOutput output, long tookNanos) {
            synchronized (this) {
                outputs[index] = output;
                inferenceNanos = Math.max(inferenceNanos, tookNanos);
            }
            if (remaining.decrementAndGet() == 0) {
                future.complete(new BatchResult(Arrays.asList(outputs), queueNanos / 1000, inferenceNanos / 1000));
            }
        }

        void completeExceptionally(Throwable e) {
            if (failed.compareAndSet(false, true)) {
                future.completeExceptionally(e);
            }
        }
    }
}
