package dev.lmaas.platform.tenant;

import dev.lmaas.platform.tenant.key.KeyRows;
import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    private final Map<ApiKeyId, Instant> pending = new ConcurrentHashMap<>();
    private final KeyRows rows;

    KeyUseRecorder(KeyRows rows) {
        this.rows = rows;
    }

    void used(ApiKeyId key, Instant when) {
        pending.put(key, when);
    }

    @Scheduled(fixedDelay = 5000)
    @PreDestroy
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
