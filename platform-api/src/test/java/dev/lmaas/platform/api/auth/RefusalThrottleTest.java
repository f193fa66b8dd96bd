package dev.lmaas.platform.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-address budget of refusals without a valid key, with a clock the test moves instead of waiting a minute. */
class RefusalThrottleTest {

    final AtomicLong now = new AtomicLong(1_000_000);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final RefusalThrottle throttle = new RefusalThrottle(2, Duration.ofMinutes(1), meters, clock());

    Clock clock() {
        Clock clock = mock(Clock.class);
        when(clock.millis()).thenAnswer(call -> now.get());
        return clock;
    }

    @Test
    void anAddressPastItsBudgetWaitsForTheRestOfTheWindow() {
        assertThat(throttle.refused("10.0.0.1", "invalid_api_key")).isZero();
        assertThat(throttle.refused("10.0.0.1", "invalid_api_key")).isZero();
        assertThat(throttle.refused("10.0.0.1", "invalid_api_key")).isEqualTo(60);
        now.addAndGet(Duration.ofSeconds(45).toMillis() + 1);
        assertThat(throttle.refused("10.0.0.1", "invalid_api_key")).as("rounded up to whole seconds").isEqualTo(15);
        assertThat(throttle.refused("10.0.0.2", "invalid_api_key")).as("another address has its own budget").isZero();
        assertThat(meters.counter("lmaas.api.refused.unauthenticated").count()).isEqualTo(5);
        assertThat(meters.counter("lmaas.api.refused.throttled").count()).isEqualTo(2);
    }

    @Test
    void aNewWindowStartsTheBudgetAfresh() {
        for (int i = 0; i < 3; i++) {
            throttle.refused("10.0.0.1", "key_revoked");
        }
        now.addAndGet(Duration.ofMinutes(1).toMillis());
        assertThat(throttle.refused("10.0.0.1", "key_revoked")).isZero();
        assertThat(throttle.refused("10.0.0.1", "key_revoked")).isZero();
        assertThat(throttle.refused("10.0.0.1", "key_revoked")).isEqualTo(60);
    }
}
