package dev.lmaas.platform.billing.ratelimit;

/**
 * One smooth limit (Generic Cell Rate Algorithm): {@code limit} units per minute with a bucket as deep
 * as one minute's allowance, so a quiet key may burst up to its limit and then proceeds at the steady
 * rate. State is one number, the theoretical arrival time (TAT); the emission interval is passed on
 * every call, so a plan change or a new process count applies at once without rebuilding the bucket.
 * Not thread-safe: {@link RateLimiter} guards it with the tenant's lock.
 */
final class Gcra {

    static final long PERIOD_NANOS = 60_000_000_000L;

    private long tat = Long.MIN_VALUE;

    /** Nanoseconds per unit for {@code limit} units per minute, rounded up so rounding never over-admits. */
    static long interval(long limit) {
        return Math.max(1, (PERIOD_NANOS + limit - 1) / limit);
    }

    /** Nanoseconds until {@code cost} units fit (0 = now). A cost above one minute's allowance waits for a full bucket. */
    long waitFor(long now, long cost, long interval) {
        long newTat = Math.max(tat, now) + charge(cost, interval);
        return Math.max(0, newTat - PERIOD_NANOS - now);
    }

    void take(long now, long cost, long interval) {
        tat = Math.max(tat, now) + charge(cost, interval);
    }

    /** Gives back units charged earlier (the work used fewer tokens than reserved, or never ran). */
    void giveBack(long now, long cost, long interval) {
        if (tat > now) {
            tat = Math.max(now, tat - charge(cost, interval));
        }
    }

    long remaining(long now, long interval) {
        long used = tat <= now ? 0 : tat - now; // tat starts at Long.MIN_VALUE: never subtract blindly
        return Math.max(0, (PERIOD_NANOS - used) / interval);
    }

    /** Nanoseconds until the bucket is full again. */
    long resetNanos(long now) {
        return tat <= now ? 0 : tat - now;
    }

    boolean idleSince(long now) {
        return tat < now;
    }

    private static long charge(long cost, long interval) {
        // Saturate at one full minute: larger costs could never fit otherwise.
        return cost >= PERIOD_NANOS / interval ? PERIOD_NANOS : cost * interval;
    }
}
