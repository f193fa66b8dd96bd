package dev.lmaas.platform.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable writes shared by many requests: items submitted by concurrent callers are written by a
 * few writer threads in one transaction per batch, and each caller's future completes only after
 * that transaction commits (or fails). Durability then costs one commit per batch, not per request.
 *
 * <p>A writer takes whatever is queued (up to {@code maxBatch}) the moment it is free; under light
 * load a batch is one item and waits for nothing, under heavy load batches grow by themselves.
 */
public final class GroupCommit<T> implements AutoCloseable {

    /** Writes one batch inside the given transaction (auto-commit off); must not commit itself. */
    @FunctionalInterface
    public interface BatchWriter<T> {
        void write(Connection connection, List<T> batch) throws SQLException;
    }

    /** Thrown to callers when the queue is full or the group commit is closed. */
    public static final class RejectedException extends RuntimeException {
        RejectedException(String message) {
            super(message);
        }
    }

    private record Pending<T>(T item, CompletableFuture<Void> done) {
    }

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final String name;
    private final DataSource dataSource;
    private final BatchWriter<T> writer;
    private final int maxBatch;
    private final BlockingQueue<Pending<T>> queue;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;
    /** After a failed commit, new work is refused at once for a moment instead of each caller waiting on a dead database. */
    private volatile long refuseUntilNanos;
    private static final long BACKOFF_NANOS = 1_000_000_000L;

    public GroupCommit(String name, DataSource dataSource, BatchWriter<T> writer, int writers, int maxBatch, int queueCapacity) {
        this.name = name;
        this.dataSource = dataSource;
        this.writer = writer;
        this.maxBatch = maxBatch;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        for (int i = 0; i < writers; i++) {
            threads.add(Thread.ofPlatform().daemon().name("lmaas-" + name + "-writer-" + i).start(this::run));
        }
    }

    /** Queues an item; the future completes when the item is committed, exceptionally if the write failed. */
    public CompletableFuture<Void> submit(T item) {
        if (closed) {
            throw new RejectedException(name + " is shutting down");
        }
        if (refuseUntilNanos != 0 && System.nanoTime() - refuseUntilNanos < 0) {
            throw new RejectedException(name + ": the database failed a moment ago");
        }
        Pending<T> p = new Pending<>(item, new CompletableFuture<>());
        if (!queue.offer(p)) {
            throw new RejectedException(name + " queue is full");
        }
        return p.done();
    }

    /** Submits and waits for the commit, at most {@code timeout}. */
    public void write(T item, Duration timeout) throws Exception {
        submit(item).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int queued() {
        return queue.size();
    }

    private void run() {
        List<Pending<T>> batch = new ArrayList<>(maxBatch);
        while (!closed || !queue.isEmpty()) {
            try {
                Pending<T> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending<T>> batch) {
        List<T> items = new ArrayList<>(batch.size());
        for (Pending<T> p : batch) {
            items.add(p.item());
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                writer.write(c, items);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
            batch.forEach(p -> p.done().complete(null));
            refuseUntilNanos = 0;
        } catch (Exception e) {
            refuseUntilNanos = System.nanoTime() + BACKOFF_NANOS;
            log.warn("{}: a batch of {} failed to commit: {}", name, batch.size(), e.toString());
            batch.forEach(p -> p.done().completeExceptionally(e));
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Pending<T> p;
        while ((p = queue.poll()) != null) {
            p.done().completeExceptionally(new RejectedException(name + " closed before the write"));
        }
    }
}
