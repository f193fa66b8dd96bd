package dev.lmaas.platform.ui.security;

import java.time.Clock;
import java.time.Duration;

/**
 * Exponential back-off on failures, per key. The first {@code free} failures cost
 * nothing; from then on each failure makes the key wait {@code base · 2^(failures − free)}, capped
 * at {@code cap}, before its next attempt. A key that has not failed for {@code forgetAfter} starts
 * again from zero. Unlike a lockout, the wait never exceeds {@code cap}, and a refused attempt does
 * not count (the caller checks {@link #waitLeft} first), so nobody can keep a key closed for longer
 * than one cap after they stop. The counts live in {@link FailureCounts} (PostgreSQL for the console,
 * so every replica sees them), under this back-off's {@code counter} name.
 */
public final class Backoff {

    private final FailureCounts counts;
    private final String counter;
    private final int free;
    private final Duration base;
    private final Duration cap;
    private final Duration forgetAfter;
    private final Clock clock;

    public Backoff(FailureCounts counts, String counter, int free, Duration base, Duration cap, Duration forgetAfter, Clock clock) {
        if (free < 1 || base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("free >= 1 and 0 < base <= cap");
        }
        this.counts = counts;
        this.counter = counter;
        this.free = free;
        this.base = base;
        this.cap = cap;
        this.forgetAfter = forgetAfter.compareTo(cap) < 0 ? cap : forgetAfter;
        this.clock = clock;
    }

    /** How long {@code key} must still wait before its next attempt; zero when it may try now. */
    public Duration waitLeft(String key) {
        FailureCounts.Count s = counts.find(counter, key).orElse(null);
        if (s == null || s.failures() < free) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), s.last().plus(delay(s.failures())));
        return left.isNegative() ? Duration.ZERO : left;
    }

    public void failed(String key) {
        counts.failed(counter, key, clock.instant(), forgetAfter, free + 40);
    }

    public void clear(String key) {
        counts.clear(counter, key);
    }
    /** The wait after the {@code failures}-th failure. */
    Duration delay(int failures) {
        if (failures < free) {
            return Duration.ZERO;
        }
        int doublings = failures - free;
        if (doublings >= 40) {
            return cap;
        }
        Duration d = base.multipliedBy(1L << doublings);
        return d.compareTo(cap) > 0 ? cap : d;
    }
}
