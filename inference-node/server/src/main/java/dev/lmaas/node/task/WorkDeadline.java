package dev.lmaas.node.task;

import java.util.function.BooleanSupplier;

/**
 * Lets a model that works long on one batch (the extractive summarizer: many sentences per input)
 * ask, between its phases, whether anyone still waits for the batch it is running. The batcher's
 * deadline check happens only before a batch starts; without this a batch whose callers already got
 * a 504 would run to its end.
 */
public final class WorkDeadline {

    private static final ThreadLocal<BooleanSupplier> CURRENT = new ThreadLocal<>();

    private WorkDeadline() {
    }

    /**
     * True when every input of the batch this thread runs is past its deadline or abandoned by its
     * caller; false outside a batcher worker.
     */
    public static boolean passed() {
        BooleanSupplier expired = CURRENT.get();
        return expired != null && expired.getAsBoolean();
    }

    public static <T> T during(BooleanSupplier expired, java.util.function.Supplier<T> work) {
        BooleanSupplier outer = CURRENT.get();
        CURRENT.set(expired);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }
}
