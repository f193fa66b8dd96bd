package dev.lmaas.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

class GroupCommitIT {

    @TempDir
    static Path dir;
    static EmbeddedDatabase db;
    static PGSimpleDataSource ds;
    static JdbcTemplate jdbc;

    @BeforeAll
    static void start() {
        db = EmbeddedDatabase.start(new DataDirectory(dir), 0);
        ds = new PGSimpleDataSource();
        ds.setUrl(db.jdbcUrl());
        ds.setUser(db.username());
        ds.setPassword(db.password());
        jdbc = new JdbcTemplate(ds);
        jdbc.execute("CREATE TABLE items (v int PRIMARY KEY)");
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void everyAcknowledgedItemIsCommittedAndBatchesShareCommits() throws Exception {
        List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        List<Integer> observed = Collections.synchronizedList(new ArrayList<>());
        try (GroupCommit<Integer> commit = new GroupCommit<>("test", ds, (c, batch) -> {
            batchSizes.add(batch.size());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO items VALUES (?)")) {
                for (int v : batch) {
                    ps.setInt(1, v);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }, 2, 256, 10_000)) {
            commit.observeBatches((items, nanos) -> observed.add(items));
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 2000; i++) {
                    int v = i;
                    futures.add(CompletableFuture.supplyAsync(() -> commit.submit(v), pool).thenCompose(f -> f));
                }
                CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get();
            }
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM items WHERE v < 2000", Integer.class)).isEqualTo(2000);
        assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(2000);
        assertThat(batchSizes.size()).as("commits shared by many items").isLessThan(2000);
        assertThat(observed).as("each committed batch is reported with its size").containsExactlyInAnyOrderElementsOf(batchSizes);
    }

    @Test
    void aCallerThatFindsAWriterSlotFreeCommitsInItsOwnThread() throws Exception {
        List<String> committers = Collections.synchronizedList(new ArrayList<>());
        try (GroupCommit<Integer> commit = new GroupCommit<>("inline", ds, (c, batch) -> {
            committers.add(Thread.currentThread().getName());
            insert(c, batch);
        }, 1, 16, 16)) {
            commit.write(8001, Duration.ofSeconds(10));
            assertThat(committers).containsExactly(Thread.currentThread().getName());
            commit.submit(8002).get(); // a plain submit is still handed to the writer
            assertThat(committers).last().isEqualTo("lmaas-inline-writer-0");
        }
        assertThat(jdbc.queryForList("SELECT v FROM items WHERE v BETWEEN 8001 AND 8002 ORDER BY v", Integer.class)).containsExactly(8001, 8002);
    }

    @Test
    void callersAndWritersTogetherNeverCommitMoreAtOnceThanTheSlotsAndLoseNothing() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        try (GroupCommit<Integer> commit = new GroupCommit<>("mixed", ds, (c, batch) -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                batchSizes.add(batch.size());
                insert(c, batch);
            } finally {
                running.decrementAndGet();
            }
        }, 2, 64, 10_000)) {
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < 3000; i++) {
                    int v = 10_000 + i;
                    calls.add(pool.submit(() -> {
                        commit.write(v, Duration.ofSeconds(30));
                        return null;
                    }));
                }
                for (var call : calls) {
                    call.get();
                }
            }
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM items WHERE v BETWEEN 10000 AND 12999", Integer.class)).isEqualTo(3000);
        assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(3000);
        assertThat(mostAtOnce.get()).as("transactions at once never exceed the two slots").isLessThanOrEqualTo(2);
    }

    @Test
    void anInlineCommitThatFailsFailsItsCallerAndWritesNothing() {
        try (GroupCommit<Integer> commit = new GroupCommit<>("inline-failing", ds, (c, batch) -> {
            insert(c, batch);
            throw new SQLException("disk on fire");
        }, 1, 16, 16)) {
            assertThatThrownBy(() -> commit.write(8101, Duration.ofSeconds(10))).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("disk on fire");
            assertThatThrownBy(() -> commit.write(8102, Duration.ofSeconds(10))).isInstanceOf(GroupCommit.RejectedException.class)
                    .hasMessageContaining("failing");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM items WHERE v BETWEEN 8101 AND 8102", Integer.class)).isZero();
    }

    @Test
    void aOneStatementWriterLeavesTheCommitToPostgresAndAFailedStatementWritesNothing() throws Exception {
        List<Boolean> autoCommit = Collections.synchronizedList(new ArrayList<>());
        try (GroupCommit<Integer> commit = new GroupCommit<>("statement", ds, (c, batch) -> {
            autoCommit.add(c.getAutoCommit());
            // each item v writes v and v + 1, in the batch's one statement
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO items SELECT v + d FROM unnest(?::int[]) v, (VALUES (0), (1)) AS t(d)")) {
                ps.setArray(1, c.createArrayOf("int", batch.toArray()));
                ps.executeUpdate();
            }
        }, 1, 16, 16, Duration.ZERO, GroupCommit.Commit.STATEMENT)) {
            commit.submit(9701).get(10, TimeUnit.SECONDS);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM items WHERE v IN (9701, 9702)", Integer.class))
                    .as("committed without a commit of ours: another connection sees both rows").isEqualTo(2);

            CompletableFuture<Void> clash = commit.submit(9700); // 9700 and 9701: 9701 exists
            assertThatThrownBy(() -> clash.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).hasMessageContaining("duplicate key");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM items WHERE v = 9700", Integer.class)).as("the failed statement wrote nothing").isZero();
        assertThat(autoCommit).isNotEmpty().containsOnly(true);
    }

    static void insert(Connection c, List<Integer> batch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO items VALUES (?)")) {
            for (int v : batch) {
                ps.setInt(1, v);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Test
    void aFailedBatchFailsEveryCallerAndWritesNothing() {
        try (GroupCommit<Integer> commit = new GroupCommit<>("failing", ds, (c, batch) -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO items VALUES (?)")) {
                ps.setInt(1, 5000);
                ps.execute();
            }
            throw new SQLException("disk on fire");
        }, 1, 16, 16)) {
            CompletableFuture<Void> f = commit.submit(1);
            assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).hasMessageContaining("disk on fire");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM items WHERE v = 5000", Integer.class)).isZero();
    }

    @Test
    void afterAFailedCommitNewWorkIsRefusedAtOnceUntilTheDatabaseAnswersAgain() throws Exception {
        AtomicBoolean broken = new AtomicBoolean(true);
        try (GroupCommit<Integer> commit = new GroupCommit<>("recovering", ds, (c, batch) -> {
            if (broken.getAndSet(false)) {
                throw new SQLException("connection lost");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO items VALUES (?)")) {
                for (int v : batch) {
                    ps.setInt(1, v);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }, 1, 16, 16)) {
            assertThatThrownBy(() -> commit.submit(7001).get()).isInstanceOf(ExecutionException.class);
            // Refused without queueing while failing; an idle writer's connection check (every 200 ms) ends it.
            assertThatThrownBy(() -> commit.submit(7002)).isInstanceOf(GroupCommit.RejectedException.class).hasMessageContaining("failing");
            CompletableFuture<Void> accepted = await("accepted again after the check").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20)).ignoreException(GroupCommit.RejectedException.class)
                    .until(() -> commit.submit(7003), Objects::nonNull);
            accepted.get();
        }
        assertThat(jdbc.queryForList("SELECT v FROM items WHERE v BETWEEN 7001 AND 7999 ORDER BY v", Integer.class)).containsExactly(7003);
    }

    @Test
    void refusesWhenTheQueueIsFullOrClosed() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        GroupCommit<Integer> commit = new GroupCommit<>("slow", ds, (c, batch) -> {
            try {
                hold.await();
            } catch (InterruptedException e) {
                throw new SQLException(e);
            }
        }, 1, 1, 1);
        commit.submit(1); // taken by the writer, which now blocks
        while (commit.queued() > 0) {
            Thread.onSpinWait();
        }
        commit.submit(2); // fills the queue of one
        assertThatThrownBy(() -> commit.submit(3)).isInstanceOf(GroupCommit.RejectedException.class).hasMessageContaining("full");
        hold.countDown();
        commit.close();
        assertThatThrownBy(() -> commit.submit(4)).isInstanceOf(GroupCommit.RejectedException.class).hasMessageContaining("shutting down");
    }

    @Test
    void anItemNobodyWaitsForRidesAlongWithTheNextCommit() throws Exception {
        List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
        try (GroupCommit<Integer> commit = new GroupCommit<>("linger", ds, (c, batch) -> {
            batches.add(List.copyOf(batch));
            insert(c, batch);
        }, 1, 16, 16, Duration.ofHours(1))) {
            CompletableFuture<Void> later = commit.submitLater(8201);
            assertThat(later).as("an hour's linger: nothing takes it yet").isNotDone();
            commit.submit(8202).get(); // an urgent item: its commit takes the lingering one along
            later.get(10, TimeUnit.SECONDS); // completed by the same commit, just after 8202's future
            assertThat(batches).containsExactly(List.of(8202, 8201));

            CompletableFuture<Void> flushed = commit.submitLater(8203);
            assertThat(flushed).isNotDone();
            commit.flush(); // a read that must see it
            await().atMost(Duration.ofSeconds(10)).until(flushed::isDone);
            assertThat(batches).last().isEqualTo(List.of(8203));

            CompletableFuture<Void> byCaller = commit.submitLater(8204);
            commit.write(8205, Duration.ofSeconds(10)); // a caller committing itself takes it along too
            assertThat(byCaller).isCompleted();
            assertThat(batches).last().isEqualTo(List.of(8205, 8204));
        }
        assertThat(jdbc.queryForList("SELECT v FROM items WHERE v BETWEEN 8201 AND 8205 ORDER BY v", Integer.class))
                .containsExactly(8201, 8202, 8203, 8204, 8205);
    }

    @Test
    void aHeldBatchCollectsWhatArrivesUntilACallerNeedsItAndCloseCommitsItToo() throws Exception {
        List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
        try (GroupCommit<Integer> commit = new GroupCommit<>("hold", ds, (c, batch) -> {
            batches.add(List.copyOf(batch));
            insert(c, batch);
        }, 1, 16, 16, Duration.ZERO, GroupCommit.Commit.STATEMENT)) {
            commit.holdUrgent(() -> TimeUnit.HOURS.toNanos(1));
            CompletableFuture<Void> first = commit.submit(8401);
            await().atMost(Duration.ofSeconds(10)).until(() -> commit.queued() == 0); // the writer holds it
            CompletableFuture<Void> second = commit.submit(8402);
            CompletableFuture<Void> third = commit.submit(8403);
            await().atMost(Duration.ofSeconds(10)).until(() -> commit.queued() == 0); // joined the held batch
            assertThat(first).as("an hour's hold: nothing commits it yet").isNotDone();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM items WHERE v BETWEEN 8401 AND 8403", Integer.class)).isZero();

            commit.commitNow(); // a caller needs one of them
            CompletableFuture.allOf(first, second, third).get(10, TimeUnit.SECONDS);
            assertThat(batches).containsExactly(List.of(8401, 8402, 8403));

            CompletableFuture<Void> full = commit.submit(8404); // a batch that fills up ends its hold as well
            List<CompletableFuture<Void>> rest = new ArrayList<>();
            for (int v = 8405; v < 8404 + 16; v++) {
                rest.add(commit.submit(v));
            }
            CompletableFuture.allOf(rest.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(full).isCompleted();
            assertThat(batches).hasSize(2).last().asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(16);

            commit.holdUrgent(() -> 0); // no hold: an item commits as soon as the writer takes it
            commit.submit(8420).get(10, TimeUnit.SECONDS);
            assertThat(batches).last().isEqualTo(List.of(8420));

            commit.holdUrgent(() -> TimeUnit.HOURS.toNanos(1));
            CompletableFuture<Void> atClose = commit.submit(8421);
            await().atMost(Duration.ofSeconds(10)).until(() -> commit.queued() == 0);
            commit.close(); // shutting down commits the held batch instead of dropping it
            assertThat(atClose).isCompleted();
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM items WHERE v BETWEEN 8401 AND 8421", Integer.class)).isEqualTo(21);
    }

    @Test
    void aLingeringItemIsCommittedOnItsOwnWhenNothingElseComesAndOnClose() throws Exception {
        GroupCommit<Integer> commit = new GroupCommit<>("linger-alone", ds, GroupCommitIT::insert, 2, 16, 16, Duration.ofMillis(5));
        try {
            CompletableFuture<Void> due = commit.submitLater(8301);
            await().atMost(Duration.ofSeconds(10)).until(due::isDone);
            assertThat(due).isCompleted();
        } finally {
            commit.close();
        }
        GroupCommit<Integer> closing = new GroupCommit<>("linger-close", ds, GroupCommitIT::insert, 1, 16, 16, Duration.ofHours(1));
        CompletableFuture<Void> pending = closing.submitLater(8302);
        // The writer has seen it and sleeps until it falls due, an hour away: close must wake it (it once waited out
        // its join and failed the item as closed before the write).
        await().atMost(Duration.ofSeconds(10)).until(() -> closing.queued() == 1);
        closing.close(); // shutting down commits what lingers instead of dropping it
        assertThat(pending).isCompleted();
        assertThat(jdbc.queryForList("SELECT v FROM items WHERE v BETWEEN 8301 AND 8302 ORDER BY v", Integer.class)).containsExactly(8301, 8302);
    }

    @Test
    void writerConnectionsUseGenericPlansAndGoBackToThePoolAsTheyCame() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        try (GroupCommit<Integer> commit = new GroupCommit<>("plans", ds, (c, batch) -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SHOW plan_cache_mode")) {
                rs.next();
                seen.add(rs.getString(1));
            }
        }, 1, 16, 16)) {
            commit.submit(1).get();
        }
        assertThat(seen).containsExactly("force_generic_plan");
    }
}
