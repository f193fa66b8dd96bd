package dev.lmaas.platform.ui.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.platform.ui.ConsoleIT;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link LoginThrottleTest}'s cases on the counts the console uses (PostgreSQL), and what only the database gives: two
 * replicas (two throttles, each with its own store object) count into the same budget, keys are stored as digests, and
 * quiet rows are purged.
 */
@ConsoleIT
class LoginThrottleDatabaseIT extends LoginThrottleTest {

    @Autowired JdbcTemplate jdbc;

    @Override
    FailureCounts counts() {
        jdbc.update("DELETE FROM console_throttle");
        return new JdbcFailureCounts(jdbc);
    }

    @Test
    void twoReplicasShareOneBudget() {
        LoginThrottle a = throttle;
        LoginThrottle b = new LoginThrottle(new JdbcFailureCounts(jdbc), 3, 20, 100, Duration.ofMinutes(15), Duration.ofSeconds(30), clock);
        a.failed("shared@example.test", "10.9.0.1");
        b.failed("shared@example.test", "10.9.0.1");
        assertThat(a.waitLeft("shared@example.test", "10.9.0.1")).isZero();
        a.failed("shared@example.test", "10.9.0.1");
        assertThat(b.waitLeft("shared@example.test", "10.9.0.1")).as("the third failure, on the other replica, counts").isEqualTo(Duration.ofSeconds(1));
        b.succeeded("shared@example.test", "10.9.0.1");
        assertThat(a.waitLeft("shared@example.test", "10.9.0.1")).isZero();
    }

    @Test
    void keysAreStoredAsDigestsAndQuietRowsArePurged() {
        throttle.failed("private@example.test", "192.0.2.44");
        assertThat(jdbc.queryForList("SELECT counter || ' ' || key_sha256 FROM console_throttle", String.class))
                .hasSize(3).noneMatch(r -> r.contains("private") || r.contains("192.0.2.44"));
        JdbcFailureCounts counts = new JdbcFailureCounts(jdbc);
        assertThat(counts.purge("login.pair", clock.now.minusSeconds(1))).isZero();
        counts.failed("login.pair", "first", clock.now, Duration.ofHours(1), 43); // this store's first purge: nothing old yet
        assertThat(jdbc.queryForObject("SELECT count(*) FROM console_throttle", Integer.class)).isEqualTo(4);
        clock.now = clock.now.plus(Duration.ofMinutes(61));
        // A failure more than a minute after the last purge purges its counters' forgotten rows (older than 1 h here).
        counts.failed("login.pair", "fresh", clock.now, Duration.ofHours(1), 43);
        assertThat(jdbc.queryForList("SELECT counter FROM console_throttle", String.class))
                .as("login.pair rows older than an hour are gone; other counters are purged by the stores that count into them")
                .containsExactlyInAnyOrder("login.pair", "login.address", "login.account");
    }
}
