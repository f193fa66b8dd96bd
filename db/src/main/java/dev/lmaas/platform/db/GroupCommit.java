package dev.lmaas.platform.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
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
 * <p>Items nobody waits for ({@link #submitLater}: a call's records after its answer left) linger, up to
 * {@code linger}, until some commit takes them along: the next urgent item's (an admission, a caller's
 * own records) or, when none comes, their own once the oldest has lingered that long ({@link #flush} ends
 * the wait early, for a read that must see them). A call's records then share the commit of the next
 * call's admission instead of costing a transaction of their own: one commit per call, not two
 * (issue 19: a commit's statements, not its fsync, were most of PostgreSQL's CPU per call).
 *
 * <p>Urgent items may be held for others to join their commit ({@link #holdUrgent}): a writer that takes one
 * waits up to the hold, collecting what arrives, unless a caller needs an item now ({@link #commitNow}). Worth it
 * where callers wait for their items only later (a call's admission is needed when its node answers): fewer, larger
 * commits for the same wait.
 *
 * <p>A writer of one statement may leave the commit to PostgreSQL ({@link Commit#STATEMENT}): the statement
 * and its commit then take one round trip.
 *
 * <p>Each slot keeps its own connection between batches (checked when it was idle for a while,
 * replaced after a failure): no pool checkout per commit, the driver's server-side prepared
 * statements stay warm, and after a failure an idle writer checks the database before new work is
 * accepted again (see {@link #failing}). The number of slots bounds the connections in use. Its
 * statements run with generic plans ({@code plan_cache_mode}): they are few, fixed and run thousands of
 * times a minute, so planning each execution afresh (which PostgreSQL chose for {@code = ANY (?)} on a
 * one-element array, 0.11 ms a time) costs more than a custom plan could save.
 */
public final class GroupCommit<T> implements AutoCloseable {

    /**
     * Writes one batch inside the given transaction (auto-commit off); must not commit itself. With
     * {@link Commit#STATEMENT} auto-commit is on and the batch must be one statement.
     */
    @FunctionalInterface
    public interface BatchWriter<T> {
        void write(Connection connection, List<T> batch) throws SQLException;
    }

    /** Told of each batch that committed: how many items, and how long writing and committing it took. */
    @FunctionalInterface
    public interface BatchObserver {
        void committed(int items, long nanos);
    }

    /** Thrown to callers when the queue is full or the group commit is closed. */
    public static final class RejectedException extends RuntimeException {
        RejectedException(String message) {
            super(message);
        }
    }

    /** @param queuedAt System.nanoTime() when it was queued (for the linger of {@link #submitLater} items and the hold of urgent ones) */
    private record Pending<T>(T item, CompletableFuture<Void> done, long queuedAt) {
    }

    /** Put in the urgent queue to wake a writer (a lingering item arrived, or a flush): carries no item. */
    private final Pending<T> wake = new Pending<>(null, null, 0);

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final String name;
    private final DataSource dataSource;
    private final BatchWriter<T> writer;
    private volatile BatchObserver observer = (items, nanos) -> { };
    /** {@link Commit#STATEMENT}: the connection commits each statement itself. */
    private final boolean autoCommit;
    private final int maxBatch;
    private final BlockingQueue<Pending<T>> queue;
    /** Items that may wait for the next commit, at most {@link #lingerNanos}. */
    private final BlockingQueue<Pending<T>> later;
    private final long lingerNanos;
    /** Set by {@link #flush}: the lingering items are due now. */
    private volatile boolean flushRequested;
    /** How long, in nanoseconds, the oldest urgent item of a batch may wait for others to join it; 0: not at all. */
    private volatile LongSupplier holdNanos = () -> 0;
    /** Set by {@link #commitNow}: a caller waits for an urgent item, so a held batch commits at once. */
    private volatile boolean commitNowRequested;
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
        this(name, dataSource, writer, writers, maxBatch, queueCapacity, Duration.ZERO);
    }

    /** @param linger how long an item of {@link #submitLater} may wait for another commit to take it along */
    public GroupCommit(String name, DataSource dataSource, BatchWriter<T> writer, int writers, int maxBatch, int queueCapacity, Duration linger) {
        this(name, dataSource, writer, writers, maxBatch, queueCapacity, linger, Commit.TRANSACTION);
    }

    /** How a batch is committed. */
    public enum Commit {
        /** In a transaction of its own, committed after the {@link BatchWriter} returns: any number of statements. */
        TRANSACTION,
        /**
         * By PostgreSQL at the end of the batch's one statement (auto-commit): the {@link BatchWriter} writes the
         * batch with a single statement (or one batched statement), and the statement and its commit share one round
         * trip instead of two. On a busy machine each round trip costs a wake-up of the database's backend and of the
         * writer, a few tenths of a millisecond each (issue 19: measured per step of the request ledger's commit).
         */
        STATEMENT
    }

    /** @param commit how each batch is committed; {@link Commit#STATEMENT} for a writer that needs one statement */
    public GroupCommit(String name, DataSource dataSource, BatchWriter<T> writer, int writers, int maxBatch, int queueCapacity, Duration linger,
                       Commit commit) {
        this.name = name;
        this.autoCommit = commit == Commit.STATEMENT;
        this.lingerNanos = linger.toNanos();
        this.later = new ArrayBlockingQueue<>(queueCapacity);
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
        Pending<T> p = new Pending<>(item, new CompletableFuture<>(), System.nanoTime());
        if (!queue.offer(p)) {
            throw new RejectedException(name + " queue is full");
        }
        return p.done();
    }

    /**
     * Queues an item nobody waits for: it is committed with the next batch, at the latest once it has waited
     * {@code linger} (at once without one). The future completes like {@link #submit}'s.
     */
    public CompletableFuture<Void> submitLater(T item) {
        if (lingerNanos <= 0) {
            return submit(item);
        }
        refuseIfUnavailable();
        Pending<T> p = new Pending<>(item, new CompletableFuture<>(), System.nanoTime());
        if (!later.offer(p)) {
            throw new RejectedException(name + " queue is full");
        }
        if (later.size() == 1 || later.size() >= maxBatch) {
            // A writer asleep for up to 200 ms must learn when this one falls due (or that a batch is full).
            queue.offer(wake);
        }
        return p.done();
    }

    /**
     * Lets a writer hold the first urgent item it takes for up to {@code nanos} (asked anew per batch) while others
     * join its commit. Callers that wait for an item before its hold is over call {@link #commitNow}.
     */
    public void holdUrgent(LongSupplier nanos) {
        this.holdNanos = Objects.requireNonNull(nanos);
    }

    /** Ends the hold of the batch being collected (a caller waits for one of its items): it commits now. */
    public void commitNow() {
        commitNowRequested = true;
        queue.offer(wake);
    }

    /** Commits the items of {@link #submitLater} now rather than when they fall due. */
    public void flush() {
        if (!later.isEmpty()) {
            flushRequested = true;
            queue.offer(wake);
        }
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
        Pending<T> mine = new Pending<>(item, new CompletableFuture<>(), 0);
        List<Pending<T>> batch = new ArrayList<>(Math.min(maxBatch, queue.size() + later.size() + 1));
        batch.add(mine);
        drainInto(batch);
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

    /**
     * Reports each committed batch to {@code observer} (on the committing thread: keep it cheap). How long a batch
     * takes, round trips and commit included, is what an item's caller waits for once the batch has started.
     */
    public void observeBatches(BatchObserver observer) {
        this.observer = Objects.requireNonNull(observer);
    }

    public int queued() {
        return queue.size() + later.size();
    }

    /** Adds to {@code batch} (holding its first item) what is queued, urgent items first, up to maxBatch; drops wake-ups. */
    private void drainInto(List<Pending<T>> batch) {
        queue.drainTo(batch, maxBatch - batch.size());
        batch.removeIf(p -> p == wake);
        if (batch.size() < maxBatch) {
            flushRequested = false;
            later.drainTo(batch, maxBatch - batch.size());
        }
    }

    /** Nanoseconds until the oldest lingering item is due: 0 if due now, 200 ms if there is none. */
    private long lingerLeft() {
        Pending<T> oldest = later.peek();
        if (oldest == null) {
            return TimeUnit.MILLISECONDS.toNanos(200);
        }
        if (closed || flushRequested || later.size() >= maxBatch) {
            return 0;
        }
        return Math.max(0, oldest.queuedAt() + lingerNanos - System.nanoTime());
    }

    private void run() {
        List<Pending<T>> batch = new ArrayList<>(maxBatch);
        while (!closed || !queue.isEmpty() || !later.isEmpty()) {
            try {
                long wait = lingerLeft();
                Pending<T> first = wait == 0 ? queue.poll() : queue.poll(wait, TimeUnit.NANOSECONDS);
                if (first == wake) {
                    continue; // look again at what is lingering
                }
                if (first == null && (later.isEmpty() || lingerLeft() > 0)) {
                    if (failing) {
                        checkWithAFreeSlot();
                    }
                    continue;
                }
                if (first != null) {
                    batch.add(first);
                    holdFor(batch, first.queuedAt());
                }
                // Slots are held for one commit at a time, by writers or callers: this waits for one at most that long.
                WriterConnection slot = slots.take();
                try {
                    commitNowRequested = false; // asked before this drain: the item asked for is in it
                    drainInto(batch);
                    if (!batch.isEmpty()) {
                        commit(slot, batch);
                    }
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

    /** Collects arriving urgent items into {@code batch} until its hold is over, it is full, or a caller needs it. */
    private void holdFor(List<Pending<T>> batch, long since) {
        long hold = holdNanos.getAsLong();
        if (hold <= 0) {
            return;
        }
        long until = since + hold;
        while (batch.size() < maxBatch && !commitNowRequested && !closed) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Pending<T> next;
            try {
                next = queue.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                return; // nothing interrupts writers (close wakes them): commit what was collected, as after the hold
            }
            if (next == null) {
                return;
            }
            if (next != wake) {
                batch.add(next);
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
        long started = System.nanoTime();
        try {
            Connection c = connection.get();
            try {
                writer.write(c, items);
                if (!autoCommit) {
                    c.commit();
                }
            } catch (SQLException | RuntimeException e) {
                connection.discard();
                throw e;
            }
            connection.used();
            observer.committed(batch.size(), System.nanoTime() - started);
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
                    try (Statement s = c.createStatement()) {
                        s.execute("SET plan_cache_mode = force_generic_plan");
                    }
                    c.setAutoCommit(autoCommit);
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
                if (!autoCommit) {
                    connection.rollback();
                }
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
                try (Statement s = c.createStatement()) {
                    s.execute("RESET plan_cache_mode"); // back to the pool as it came
                }
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
        for (int i = 0; i < threads.size(); i++) {
            queue.offer(wake); // a writer asleep until a lingering item falls due wakes now, commits what lingers and stops
        }
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Pending<T> p;
        while ((p = queue.poll()) != null || (p = later.poll()) != null) {
            if (p != wake) {
                p.done().completeExceptionally(new RejectedException(name + " closed before the write"));
            }
        }
        // A caller still committing keeps its slot and returns it after this; its connection goes back to the pool at shutdown.
        WriterConnection slot;
        while ((slot = slots.poll()) != null) {
            slot.release();
        }
    }
}
