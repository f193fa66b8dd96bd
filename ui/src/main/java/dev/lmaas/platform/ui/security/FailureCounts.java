package dev.lmaas.platform.ui.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where {@link Backoff} keeps its counts of recent failures: in PostgreSQL for the console (every replica sees the same
 * counts, {@link JdbcFailureCounts}), in memory for a single process ({@link InMemoryFailureCounts}). A count belongs to
 * a counter (what is counted: "login.pair", "signup.address", ...) and a key within it (an account, an address).
 */
public interface FailureCounts {

    /** The failures of one key and when the last happened. */
    record Count(int failures, Instant last) {
    }

    Optional<Count> find(String counter, String key);

    /**
     * Counts one failure at {@code now}, atomically: the count starts again from one when the last failure is older than
     * {@code forgetAfter}, and never exceeds {@code max}.
     */
    void failed(String counter, String key, Instant now, Duration forgetAfter, int max);

    void clear(String counter, String key);
}
