package dev.lmaas.platform.api.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests without a valid tenant key: counted ({@code lmaas.api.refused.unauthenticated}), sampled
 * in the log at most once a minute, and throttled per client address. They leave no audit row: a
 * flood of them would otherwise fill the database and the commit queue that paying tenants' answers
 * wait on. An address past its budget of refusals in the current window gets 429 until the window
 * ends; a valid key is never throttled here (someone else behind the same address keeps working).
 */
public class RefusalThrottle {

    private static final Logger log = LoggerFactory.getLogger(RefusalThrottle.class);
    /** Bounds memory under a spray of addresses: past this many, the window starts over early. */
    private static final int MAX_ADDRESSES = 100_000;

    private final int budget;
    private final long windowMillis;
    private final Clock clock;
    private final Counter refused;
    private final Counter throttled;
    private final ConcurrentHashMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final AtomicLong windowStart;
    private final AtomicLong lastLog;
    private final AtomicLong sinceLastLog = new AtomicLong();

    public RefusalThrottle(int budget, Duration window, MeterRegistry meters) {
        this(budget, window, meters, Clock.systemUTC());
    }

    /** With the clock a test moves past the window. */
    public RefusalThrottle(int budget, Duration window, MeterRegistry meters, Clock clock) {
        this.budget = budget;
        this.windowMillis = window.toMillis();
        this.clock = clock;
        this.windowStart = new AtomicLong(clock.millis());
        this.lastLog = new AtomicLong(clock.millis() - Duration.ofMinutes(2).toMillis());
        this.refused = Counter.builder("lmaas.api.refused.unauthenticated")
                .description("tenant API requests refused for a missing, malformed, unknown or revoked key").register(meters);
        this.throttled = Counter.builder("lmaas.api.refused.throttled")
                .description("of those, answered 429 because their client address exceeded its refusal budget").register(meters);
    }

    /**
     * Counts one refusal from {@code address}; returns the seconds to wait when the address is past
     * its budget (answer 429), or 0 (answer the refusal itself).
     */
    public long refused(String address, String code) {
        refused.increment();
        long now = clock.millis();
        long start = windowStart.get();
        if (now - start >= windowMillis || counts.size() > MAX_ADDRESSES) {
            if (windowStart.compareAndSet(start, now)) {
                counts.clear();
            }
            start = windowStart.get();
        }
        sample(address, code, now);
        int n = counts.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
        if (n <= budget) {
            return 0;
        }
        throttled.increment();
        return Math.max(1, (windowMillis - (now - start) + 999) / 1000);
    }

    private void sample(String address, String code, long now) {
        long missed = sinceLastLog.incrementAndGet();
        long last = lastLog.get();
        if (now - last >= Duration.ofMinutes(1).toMillis() && lastLog.compareAndSet(last, now)) {
            sinceLastLog.set(0);
            log.info("Tenant API requests without a valid key: {} since the last such line, e.g. from {} ({})", missed, address, code);
        }
    }
}
