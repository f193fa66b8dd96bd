package dev.lmaas.platform.ui.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/** Failure counts in this process's memory: for one process only (tests, tools); the console uses {@link JdbcFailureCounts}. */
public final class InMemoryFailureCounts implements FailureCounts {

    private record Entry(Count count, Duration forgetAfter) {
    }

    /** Above this many keys, expired ones are swept (a flood of distinct keys cannot grow the map without end). */
    private static final int SWEEP_ABOVE = 100_000;

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> lastSweep = new AtomicReference<>(Instant.EPOCH);

    @Override
    public Optional<Count> find(String counter, String key) {
        return Optional.ofNullable(entries.get(counter + "\u0000" + key)).map(Entry::count);
    }

    @Override
    public void failed(String counter, String key, Instant now, Duration forgetAfter, int max) {
        entries.compute(counter + "\u0000" + key, (k, e) -> e == null || e.count().last().plus(forgetAfter).isBefore(now)
                ? new Entry(new Count(1, now), forgetAfter) : new Entry(new Count(Math.min(e.count().failures() + 1, max), now), forgetAfter));
        Instant swept = lastSweep.get();
        // At most one sweep a second, so a flood of distinct keys costs memory for a while but never a sweep per request.
        if (entries.size() > SWEEP_ABOVE && swept.plusSeconds(1).isBefore(now) && lastSweep.compareAndSet(swept, now)) {
            entries.values().removeIf(e -> e.count().last().plus(e.forgetAfter()).isBefore(now));
        }
    }

    @Override
    public void clear(String counter, String key) {
        entries.remove(counter + "\u0000" + key);
    }
}
