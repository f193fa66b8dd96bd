package dev.lmaas.platform.api;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

/** Awaitility, plus what to show when a wait times out (a process's log, the last answer). */
final class Waits {

    private Waits() {
    }

    static void until(Duration atMost, Duration every, Callable<Boolean> condition, Supplier<String> diagnostics) {
        try {
            await().atMost(atMost).pollInterval(every).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + diagnostics.get(), e);
        }
    }

    /** Waits for {@code condition}; returns the milliseconds it took. */
    static long millisUntil(Duration atMost, Duration every, Callable<Boolean> condition, Supplier<String> diagnostics) {
        long start = System.nanoTime();
        until(atMost, every, condition, diagnostics);
        return (System.nanoTime() - start) / 1_000_000;
    }
}
