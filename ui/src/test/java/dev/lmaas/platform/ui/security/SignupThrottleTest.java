package dev.lmaas.platform.ui.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SignupThrottleTest {

    final LoginThrottleTest.MovableClock clock = new LoginThrottleTest.MovableClock();
    final SignupThrottle throttle = new SignupThrottle(new InMemoryFailureCounts(), "signup.address", 5, clock);

    @Test
    void aFewSignUpsPerAddressAreFreeThenEachWaitsLonger() {
        for (int i = 0; i < 4; i++) {
            throttle.attempted("203.0.113.5");
        }
        assertThat(throttle.waitLeft("203.0.113.5")).isZero();
        throttle.attempted("203.0.113.5");
        assertThat(throttle.waitLeft("203.0.113.5")).isEqualTo(Duration.ofMinutes(1));
        assertThat(throttle.waitLeft("198.51.100.5")).as("other addresses are not slowed").isZero();
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        throttle.attempted("203.0.113.5");
        assertThat(throttle.waitLeft("203.0.113.5")).isEqualTo(Duration.ofMinutes(2));
        for (int i = 0; i < 20; i++) {
            throttle.attempted("203.0.113.5");
        }
        assertThat(throttle.waitLeft("203.0.113.5")).isEqualTo(Duration.ofHours(1));
    }
}
