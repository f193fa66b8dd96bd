package dev.lmaas.platform.tenant;

import dev.lmaas.platform.tenant.key.KeyRows;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps each key's "last used" time without a write per request: uses are noted in memory and
 * written in one batch every few seconds. Losing the last few seconds in a crash only makes
 * "last used" slightly older; usage for billing is recorded elsewhere, durably.
 */
@Component
class KeyUseRecorder {

    private static final Logger log = LoggerFactory.getLogger(KeyUseRecorder.class);
    /**
     * How long a shutdown waits for the last flush. A database that is gone by then would otherwise hold the shutdown
     * for the connection pool's whole timeout (30 s) for a "last used" time that may be a few seconds old anyway.
     */
    static final Duration LAST_FLUSH = Duration.ofSeconds(3);

    private final Map<ApiKeyId, Instant> pending = new ConcurrentHashMap<>();
    private final KeyRows rows;
    private final Duration lastFlush;

    @Autowired
    KeyUseRecorder(KeyRows rows) {
        this(rows, LAST_FLUSH);
    }

    KeyUseRecorder(KeyRows rows, Duration lastFlush) {
        this.rows = rows;
        this.lastFlush = lastFlush;
    }

    void used(ApiKeyId key, Instant when) {
        pending.put(key, when);
    }

    /** Writes what is pending once more before the application stops, waiting for it at most {@link #LAST_FLUSH}. */
    @PreDestroy
    void flushBeforeShutdown() {
        if (pending.isEmpty()) {
            return;
        }
        Thread last = Thread.ofPlatform().daemon().name("key-use-last-flush").start(this::flush);
        try {
            last.join(lastFlush);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (last.isAlive()) {
            log.info("Stopping without the last key-use times: the database did not answer within {}", lastFlush);
        }
    }

    @Scheduled(fixedDelay = 5000)
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<ApiKeyId> keys = List.copyOf(pending.keySet());
        Instant when = Instant.now();
        keys.forEach(pending::remove);
        try {
            rows.touch(keys, when);
        } catch (RuntimeException e) {
            log.debug("Could not record key use: {}", e.toString());
        }
    }
}
