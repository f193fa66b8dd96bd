package dev.lmaas.platform.billing.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GcraTest {

    static final long SECOND = 1_000_000_000L;

    @Test
    void aQuietBucketBurstsUpToItsLimitThenAdmitsAtTheSteadyRate() {
        Gcra g = new Gcra();
        long interval = Gcra.interval(60); // one per second
        long now = 1000 * SECOND;
        int admitted = 0;
        while (g.waitFor(now, 1, interval) == 0) {
            g.take(now, 1, interval);
            admitted++;
        }
        assertThat(admitted).isEqualTo(60);
        assertThat(g.remaining(now, interval)).isZero();
        assertThat(g.waitFor(now, 1, interval)).isEqualTo(SECOND);
        assertThat(g.waitFor(now + SECOND, 1, interval)).isZero();
        assertThat(g.resetNanos(now)).isEqualTo(60 * SECOND);
    }

    @Test
    void tokensAreWeightedAndUnusedTokensComeBack() {
        Gcra g = new Gcra();
        long interval = Gcra.interval(600); // 600 tokens per minute = 10 per second
        long now = 5 * SECOND;
        g.take(now, 500, interval);
        assertThat(g.remaining(now, interval)).isEqualTo(100);
        assertThat(g.waitFor(now, 200, interval)).isEqualTo(10 * SECOND);
        g.giveBack(now, 300, interval);
        assertThat(g.remaining(now, interval)).isEqualTo(400);
        assertThat(g.waitFor(now, 200, interval)).isZero();
    }

    @Test
    void aCostAboveOneMinuteWaitsForAFullBucketInsteadOfNever() {
        Gcra g = new Gcra();
        long interval = Gcra.interval(100);
        long now = 10 * SECOND;
        assertThat(g.waitFor(now, 1_000, interval)).isZero();
        g.take(now, 1_000, interval);
        assertThat(g.waitFor(now, 1_000, interval)).isEqualTo(60 * SECOND);
    }

    @Test
    void intervalsRoundUpSoSharesNeverAddUpToMoreThanTheLimit() {
        assertThat(Gcra.interval(7) * 7).isGreaterThanOrEqualTo(Gcra.PERIOD_NANOS);
        assertThat(Gcra.interval(Long.MAX_VALUE)).isEqualTo(1);
    }
}
