package dev.lmaas.platform.ui.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-05-01T10:00:00Z");

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    final MovableClock clock = new MovableClock();
    final LoginThrottle throttle = new LoginThrottle(5, 20, Duration.ofMinutes(15), clock);

    @Test
    void fifthFailureLocksTheAccountForFifteenMinutes() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("A@example.test", "10.0.0." + i);
        }
        assertThat(throttle.lockedUntil("a@example.test", "10.9.9.9")).isEmpty();
        throttle.failed("a@example.test", "10.0.0.9");
        assertThat(throttle.lockedUntil("a@example.test", "10.9.9.9")).contains(clock.now.plus(Duration.ofMinutes(15)));
        assertThat(throttle.lockedUntil("b@example.test", "10.9.9.9")).isEmpty();
        clock.now = clock.now.plus(Duration.ofMinutes(15)).plusSeconds(1);
        assertThat(throttle.lockedUntil("a@example.test", "10.9.9.9")).isEmpty();
        throttle.failed("a@example.test", "10.0.0.1");
        assertThat(throttle.lockedUntil("a@example.test", "10.9.9.9")).as("counting starts again after a lock").isEmpty();
    }

    @Test
    void oneAddressTryingManyAccountsIsLockedForAllOfThem() {
        for (int i = 0; i < 19; i++) {
            throttle.failed("user" + i + "@example.test", "203.0.113.7");
        }
        assertThat(throttle.lockedUntil("someone@example.test", "203.0.113.7")).isEmpty();
        throttle.failed("user19@example.test", "203.0.113.7");
        assertThat(throttle.lockedUntil("someone@example.test", "203.0.113.7")).isPresent();
        assertThat(throttle.lockedUntil("someone@example.test", "198.51.100.1")).isEmpty();
    }

    @Test
    void successClearsTheAccountsFailuresAndOldFailuresExpire() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("c@example.test", "10.0.0.1");
        }
        throttle.succeeded("c@example.test");
        throttle.failed("c@example.test", "10.0.0.1");
        assertThat(throttle.lockedUntil("c@example.test", "10.0.0.2")).isEmpty();

        for (int i = 0; i < 4; i++) {
            throttle.failed("d@example.test", "10.0.0.1");
        }
        clock.now = clock.now.plus(Duration.ofMinutes(16));
        throttle.failed("d@example.test", "10.0.0.1");
        assertThat(throttle.lockedUntil("d@example.test", "10.0.0.2")).isEmpty();
    }
}
