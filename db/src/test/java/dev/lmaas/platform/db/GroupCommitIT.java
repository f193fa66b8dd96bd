package dev.lmaas.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
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
        List<Integer> batchSizes = java.util.Collections.synchronizedList(new ArrayList<>());
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
    }

    @Test
    void aFailedBatchFailsEveryCallerAndWritesNothing() {
        try (GroupCommit<Integer> commit = new GroupCommit<>("failing", ds, (c, batch) -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO items VALUES (?)")) {
                ps.setInt(1, 5000);
                ps.execute();
            }
            throw new java.sql.SQLException("disk on fire");
        }, 1, 16, 16)) {
            CompletableFuture<Void> f = commit.submit(1);
            assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).hasMessageContaining("disk on fire");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM items WHERE v = 5000", Integer.class)).isZero();
    }

    @Test
    void afterAFailedCommitNewWorkIsRefusedAtOnceUntilTheDatabaseAnswersAgain() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean(true);
        try (GroupCommit<Integer> commit = new GroupCommit<>("recovering", ds, (c, batch) -> {
            if (broken.getAndSet(false)) {
                throw new java.sql.SQLException("connection lost");
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
                    .until(() -> commit.submit(7003), java.util.Objects::nonNull);
            accepted.get();
        }
        assertThat(jdbc.queryForList("SELECT v FROM items WHERE v > 7000 ORDER BY v", Integer.class)).containsExactly(7003);
    }

    @Test
    void refusesWhenTheQueueIsFullOrClosed() throws Exception {
        java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
        GroupCommit<Integer> commit = new GroupCommit<>("slow", ds, (c, batch) -> {
            try {
                hold.await();
            } catch (InterruptedException e) {
                throw new java.sql.SQLException(e);
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
}
