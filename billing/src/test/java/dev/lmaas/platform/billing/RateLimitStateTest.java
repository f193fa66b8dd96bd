package dev.lmaas.platform.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitStateTest {

    @Test
    void resetsAreFormattedLikeOpenAi() {
        assertThat(RateLimitState.format(Duration.ofMillis(120))).isEqualTo("120ms");
        assertThat(RateLimitState.format(Duration.ofSeconds(1))).isEqualTo("1s");
        assertThat(RateLimitState.format(Duration.ofMillis(6_500))).isEqualTo("6.5s");
        assertThat(RateLimitState.format(Duration.ofMinutes(6))).isEqualTo("6m0s");
        assertThat(RateLimitState.format(Duration.ofMillis(-5))).isEqualTo("0ms");
    }
}
