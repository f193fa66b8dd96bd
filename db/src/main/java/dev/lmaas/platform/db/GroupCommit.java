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
 *
 * <p>A caller of {@link #write} that finds a writer slot free commits in its own thread (leader and
 * followers): its item and whatever is queued go in one transaction it runs itself, so under light
 * load no item is handed to a writer thread and back (two thread wake-ups per request, a large part of
 * the wait on a busy machine). When every slot is busy the item is queued for the writers as before,
 * and the next free slot, a writer's or a caller's, takes everything queued.
 *
 * <p>Each slot keeps its own connection between batches (checked when it was idle for a while,
 * replaced after a failure): no pool checkout per commit, the driver's server-side prepared
 * statements stay warm, and after a failure an idle writer checks the database before new work is
 * accepted again (see {@link #failing}). The number of slots bounds the connections in use.
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
    /** One per writer: whoever holds a slot may commit; its connection stays with it. */
    private final BlockingQueue<WriterConnection> slots;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;
    /**
     * Set by a failed commit, cleared by the next commit or connection check that works: meanwhile new
     * work is refused at once (the caller answers 503 in milliseconds) instead of queueing behind a
     * writer that waits for a dead database, and idle writers check the database every 200 ms.
     */
    private volatile boolean failing;

    public GroupCommit(String name, DataSource dataSource, BatchWriter<T> writer, int writers, int maxBatch, int queueCapacity) {
        this.name = name;
        this.dataSource = dataSource;
        this.writer = writer;
        this.maxBatch = maxBatch;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.slots = new ArrayBlockingQueue<>(writers);
        for (int i = 0; i < writers; i++) {
            slots.add(new WriterConnection());
        }
        for (int i = 0; i < writers; i++) {
            threads.add(Thread.ofPlatform().daemon().name("lmaas-" + name + "-writer-" + i).start(this::run));
        }
    }

    /** Queues an item; the future completes when the item is committed, exceptionally if the write failed. */
    public CompletableFuture<Void> submit(T item) {
        refuseIfUnavailable();
        Pending<T> p = new Pending<>(item, new CompletableFuture<>());
        if (!queue.offer(p)) {
            throw new RejectedException(name + " queue is full");
        }
        return p.done();
    }

    /**
     * Writes an item and waits for its commit, at most {@code timeout} when it had to be queued: with a
     * writer slot free the caller commits it (and what is queued) itself, otherwise a writer does.
     */
    public void write(T item, Duration timeout) throws Exception {
        refuseIfUnavailable();
        WriterConnection slot = slots.poll();
        if (slot == null) {
            submit(item).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        Pending<T> mine = new Pending<>(item, new CompletableFuture<>());
        List<Pending<T>> batch = new ArrayList<>(Math.min(maxBatch, queue.size() + 1));
        batch.add(mine);
        queue.drainTo(batch, maxBatch - 1);
        try {
            commit(slot, batch);
        } finally {
            slots.add(slot);
        }
        mine.done().get(); // done already: returns, or throws the commit's failure
    }

    private void refuseIfUnavailable() {
        if (closed) {
            throw new RejectedException(name + " is shutting down");
        }
        if (failing) {
            throw new RejectedException(name + ": the database is failing");
        }
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
                    if (failing) {
                        checkWithAFreeSlot();
                    }
                    continue;
                }
                // Slots are held for one commit at a time, by writers or callers: this waits for one at most that long.
                WriterConnection slot = slots.take();
                try {
                    batch.add(first);
                    queue.drainTo(batch, maxBatch - 1);
                    commit(slot, batch);
                } finally {
                    slots.add(slot);
                }
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            } finally {
                batch.clear();
            }
        }
    }

    private void checkWithAFreeSlot() {
        WriterConnection slot = slots.poll();
        if (slot != null) {
            try {
                check(slot);
            } finally {
                slots.add(slot);
            }
        }
    }

    private void commit(WriterConnection connection, List<Pending<T>> batch) {
        List<T> items = new ArrayList<>(batch.size());
        for (Pending<T> p : batch) {
            items.add(p.item());
        }
        try {
            Connection c = connection.get();
            try {
                writer.write(c, items);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                connection.discard();
                throw e;
            }
            connection.used();
            batch.forEach(p -> p.done().complete(null));
            failing = false;
        } catch (Exception e) {
            failing = true;
            log.warn("{}: a batch of {} failed to commit: {}", name, batch.size(), e.toString());
            batch.forEach(p -> p.done().completeExceptionally(e));
        }
    }

    private void check(WriterConnection connection) {
        try {
            if (connection.get().isValid(2)) {
                connection.used();
                failing = false;
                log.info("{}: the database answers again", name);
            } else {
                connection.discard();
            }
        } catch (SQLException | RuntimeException e) {
            connection.discard(); // still down: the next check gets a fresh connection
        }
    }

    /** One writer's connection: kept across batches, validated after an idle spell, replaced after a failure. */
    private final class WriterConnection {
        private static final long VALIDATE_AFTER_IDLE_NANOS = 1_000_000_000L;
        private Connection connection;
        private long lastUsed;

        Connection get() throws SQLException {
            if (connection != null && System.nanoTime() - lastUsed > VALIDATE_AFTER_IDLE_NANOS && !connection.isValid(2)) {
                discard();
            }
            if (connection == null) {
                Connection c = dataSource.getConnection();
                try {
                    c.setAutoCommit(false);
                } catch (SQLException | RuntimeException e) {
                    c.close();
                    throw e;
                }
                connection = c;
            }
            return connection;
        }

        void used() {
            lastUsed = System.nanoTime();
        }

        /** After a failed batch: roll back and give the connection up (the pool drops it if it is broken). */
        void discard() {
            if (connection == null) {
                return;
            }
            try {
                connection.rollback();
            } catch (SQLException | RuntimeException ignored) {
                // broken already
            }
            release();
        }

        void release() {
            if (connection == null) {
                return;
            }
            Connection c = connection;
            connection = null;
            try {
                c.setAutoCommit(true);
            } catch (SQLException | RuntimeException ignored) {
                // a broken connection: the pool evicts it on close
            } finally {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // nothing left to do
                }
            }
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
        // A caller still committing keeps its slot and returns it after this; its connection goes back to the pool at shutdown.
        WriterConnection slot;
        while ((slot = slots.poll()) != null) {
            slot.release();
        }
    }
}
