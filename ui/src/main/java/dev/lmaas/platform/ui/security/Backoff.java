package dev.lmaas.platform.ui.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exponential back-off on failures, per key, in memory. The first {@code free} failures cost
 * nothing; from then on each failure makes the key wait {@code base · 2^(failures − free)}, capped
 * at {@code cap}, before its next attempt. A key that has not failed for {@code forgetAfter} starts
 * again from zero. Unlike a lockout, the wait never exceeds {@code cap}, and a refused attempt does
 * not count (the caller checks {@link #waitLeft} first), so nobody can keep a key closed for longer
 * than one cap after they stop.
 */
final class Backoff {

    private record State(int failures, Instant last) {
    }

    /** Above this many keys, expired ones are swept (a flood of distinct keys cannot grow the map without end). */
    private static final int SWEEP_ABOVE = 100_000;

    private final int free;
    private final Duration base;
    private final Duration cap;
    private final Duration forgetAfter;
    private final Clock clock;
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicReference<Instant> lastSweep = new java.util.concurrent.atomic.AtomicReference<>(Instant.EPOCH);

    Backoff(int free, Duration base, Duration cap, Duration forgetAfter, Clock clock) {
        if (free < 1 || base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("free >= 1 and 0 < base <= cap");
        }
        this.free = free;
        this.base = base;
        this.cap = cap;
        this.forgetAfter = forgetAfter.compareTo(cap) < 0 ? cap : forgetAfter;
        this.clock = clock;
    }

    /** How long {@code key} must still wait before its next attempt; zero when it may try now. */
    Duration waitLeft(String key) {
        State s = states.get(key);
        if (s == null || s.failures() < free) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), s.last().plus(delay(s.failures())));
        return left.isNegative() ? Duration.ZERO : left;
    }

    void failed(String key) {
        Instant now = clock.instant();
        states.compute(key, (k, s) -> s == null || s.last().plus(forgetAfter).isBefore(now)
                ? new State(1, now) : new State(Math.min(s.failures() + 1, free + 40), now));
        Instant swept = lastSweep.get();
        // At most one sweep a second, so a flood of distinct keys costs memory for a while but never a sweep per request.
        if (states.size() > SWEEP_ABOVE && swept.plusSeconds(1).isBefore(now) && lastSweep.compareAndSet(swept, now)) {
            states.values().removeIf(s -> s.last().plus(forgetAfter).isBefore(now));
            if (states.size() > SWEEP_ABOVE) {
                states.values().removeIf(s -> s.failures() < free); // keys not (yet) waiting lose nothing but their count
            }
        }
    }

    void clear(String key) {
        states.remove(key);
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
