package dev.lmaas.platform.ui.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sign-in back-off's rules, on counts in memory; {@code LoginThrottleDatabaseIT} runs the same cases on the counts the
 * console uses (PostgreSQL).
 */
class LoginThrottleTest {

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-05-01T10:00:00Z");

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    final MovableClock clock = new MovableClock();
    LoginThrottle throttle;

    /** Where the counts live. */
    FailureCounts counts() {
        return new InMemoryFailureCounts();
    }

    @BeforeEach
    void throttle() {
        throttle = new LoginThrottle(counts(), 3, 20, 100, Duration.ofMinutes(15), Duration.ofSeconds(30), clock);
    }

    @Test
    void failuresFromOneAddressOnOneAccountWaitLongerEachTimeUpToTheCap() {
        for (int i = 0; i < 2; i++) {
            throttle.failed("A@example.test", "10.0.0.1");
        }
        assertThat(throttle.waitLeft("a@example.test", "10.0.0.1")).isZero();
        throttle.failed("a@example.test", "10.0.0.1");
        assertThat(throttle.waitLeft("a@example.test", "10.0.0.1")).isEqualTo(Duration.ofSeconds(1));
        throttle.failed("a@example.test", "10.0.0.1");
        assertThat(throttle.waitLeft("a@example.test", "10.0.0.1")).isEqualTo(Duration.ofSeconds(2));
        throttle.failed("a@example.test", "10.0.0.1");
        assertThat(throttle.waitLeft("a@example.test", "10.0.0.1")).isEqualTo(Duration.ofSeconds(4));
        for (int i = 0; i < 30; i++) {
            throttle.failed("a@example.test", "10.0.0.1");
        }
        assertThat(throttle.waitLeft("a@example.test", "10.0.0.1")).isEqualTo(Duration.ofMinutes(15));
        clock.now = clock.now.plus(Duration.ofMinutes(15));
        assertThat(throttle.waitLeft("a@example.test", "10.0.0.1")).as("a wait ends on its own: never a lockout").isZero();
    }

    @Test
    void theOwnerFromAnotherAddressIsNotSlowedBySomeoneHammeringTheAccount() {
        for (int i = 0; i < 60; i++) {
            throttle.failed("owner@example.test", "203.0.113.7");
        }
        assertThat(throttle.waitLeft("owner@example.test", "203.0.113.7")).isPositive();
        assertThat(throttle.waitLeft("owner@example.test", "198.51.100.1")).isZero();
    }

    @Test
    void oneAddressTryingManyAccountsWaitsForAllOfThem() {
        for (int i = 0; i < 19; i++) {
            throttle.failed("user" + i + "@example.test", "203.0.113.7");
        }
        assertThat(throttle.waitLeft("someone@example.test", "203.0.113.7")).isZero();
        throttle.failed("user19@example.test", "203.0.113.7");
        assertThat(throttle.waitLeft("someone@example.test", "203.0.113.7")).isPositive();
        assertThat(throttle.waitLeft("someone@example.test", "198.51.100.1")).isZero();
    }

    @Test
    void guessingSpreadOverManyAddressesSlowsTheAccountButAtMostByItsShortCap() {
        for (int i = 0; i < 140; i++) {
            throttle.failed("target@example.test", "10.1." + (i / 250) + "." + (i % 250));
        }
        assertThat(throttle.waitLeft("target@example.test", "192.0.2.1")).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void successClearsItsOwnAddressesFailuresAndOldFailuresAreForgotten() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("c@example.test", "10.0.0.1");
        }
        throttle.succeeded("c@example.test", "10.0.0.1");
        assertThat(throttle.waitLeft("c@example.test", "10.0.0.1")).isZero();

        for (int i = 0; i < 3; i++) {
            throttle.failed("d@example.test", "10.0.0.2");
        }
        clock.now = clock.now.plus(Duration.ofHours(2));
        throttle.failed("d@example.test", "10.0.0.2");
        assertThat(throttle.waitLeft("d@example.test", "10.0.0.2")).as("counting starts again after a quiet hour").isZero();
    }
}
