package dev.lmaas.platform.ui.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Failure counts in PostgreSQL ({@code console_throttle}), so a limit holds across every control-plane replica: a client
 * cannot multiply its budget by the number of replicas behind the load balancer. Each failure is one atomic upsert;
 * keys are stored as SHA-256 digests (no e-mail or address in the table). Rows quiet for longer than their counter's
 * {@code forgetAfter} are purged, at most once a minute per process, so the table holds only live counts.
 */
public final class JdbcFailureCounts implements FailureCounts {

    private final JdbcTemplate jdbc;
    private final AtomicReference<Instant> lastPurge = new AtomicReference<>(Instant.EPOCH);
    /** Each counter this process has counted into, with how long it remembers a failure. */
    private final Map<String, Duration> forgetAfter = new ConcurrentHashMap<>();

    public JdbcFailureCounts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Count> find(String counter, String key) {
        return jdbc.query("SELECT failures, last_failure FROM console_throttle WHERE counter = ? AND key_sha256 = ?",
                (rs, i) -> new Count(rs.getInt(1), rs.getObject(2, OffsetDateTime.class).toInstant()), counter, digest(key)).stream().findFirst();
    }

    @Override
    public void failed(String counter, String key, Instant now, Duration forgetAfter, int max) {
        jdbc.update("""
                INSERT INTO console_throttle (counter, key_sha256, failures, last_failure) VALUES (?, ?, 1, ?)
                ON CONFLICT (counter, key_sha256) DO UPDATE SET
                  failures = CASE WHEN console_throttle.last_failure < ? THEN 1 ELSE LEAST(console_throttle.failures + 1, ?) END,
                  last_failure = EXCLUDED.last_failure""",
                counter, digest(key), at(now), at(now.minus(forgetAfter)), max);
        this.forgetAfter.put(counter, forgetAfter);
        Instant purged = lastPurge.get();
        if (purged.plusSeconds(60).isBefore(now) && lastPurge.compareAndSet(purged, now)) {
            this.forgetAfter.forEach((c, forget) -> purge(c, now.minus(forget)));
        }
    }

    @Override
    public void clear(String counter, String key) {
        jdbc.update("DELETE FROM console_throttle WHERE counter = ? AND key_sha256 = ?", counter, digest(key));
    }

    /** Deletes the counts of {@code counter} whose last failure is older than {@code before} (forgotten anyway); returns how many. */
    public int purge(String counter, Instant before) {
        return jdbc.update("DELETE FROM console_throttle WHERE counter = ? AND last_failure < ?", counter, at(before));
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static String digest(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
