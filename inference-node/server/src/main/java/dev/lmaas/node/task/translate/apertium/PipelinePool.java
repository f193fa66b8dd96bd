package dev.lmaas.node.task.translate.apertium;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pair's pipelines: a fixed number of slots, each holding at most one running {@link Pipeline},
 * lent to one caller at a time. A slot starts its pipeline on first use (a start costs about half a
 * second, so an idle pair costs no memory until asked). A pipeline that dies or hangs is killed, a new
 * one is started and the text sent once more: a crash caused by the machine (OOM killer, an operator's
 * kill) then goes unnoticed, while a text that really breaks Apertium fails twice and is reported.
 */
public final class PipelinePool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PipelinePool.class);

    /** The text could not be translated, even on a fresh pipeline. */
    static final class TranslationFailedException extends RuntimeException {
        TranslationFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final String mode;
    private final List<List<String>> stages;
    private final Duration timeout;
    private final ScheduledExecutorService watchdog;
    private final List<Slot> slots = new ArrayList<>();
    /** Last in, first out: the most recently used (warm) pipeline goes first, so a second one starts only when texts wait. */
    private final BlockingDeque<Slot> idle;
    private final java.util.concurrent.atomic.AtomicInteger restarts = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean closed;

    public PipelinePool(ApertiumPair pair, int size, Duration timeout, ScheduledExecutorService watchdog) {
        this.mode = pair.mode();
        this.stages = pair.stages();
        this.timeout = timeout;
        this.watchdog = watchdog;
        this.idle = new LinkedBlockingDeque<>(size);
        for (int i = 0; i < size; i++) {
            Slot s = new Slot();
            slots.add(s);
            idle.addLast(s);
        }
    }

    int size() {
        return slots.size();
    }

    /** Translates one text (stream format in and out); blocks while every pipeline is busy. */
    String translate(String stream) {
        Slot slot;
        try {
            slot = idle.takeFirst();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TranslationFailedException("interrupted while waiting for a pipeline", e);
        }
        try {
            return slot.translate(stream);
        } finally {
            idle.addFirst(slot);
        }
    }

    /** Pipelines killed and replaced after a failure or a hang since the pool started. */
    int restarts() {
        return restarts.get();
    }

    /** Process ids of the running pipelines; for tests that kill or stop one. */
    List<Long> processIds() {
        List<Long> ids = new ArrayList<>();
        for (Slot s : slots) {
            Pipeline p = s.pipeline;
            if (p != null) {
                ids.addAll(p.processIds());
            }
        }
        return ids;
    }

    @Override
    public void close() {
        closed = true;
        for (Slot s : slots) {
            Pipeline p = s.pipeline;
            if (p != null) {
                p.close();
            }
        }
    }

    private final class Slot {

        private volatile Pipeline pipeline;

        String translate(String stream) {
            Exception first = null;
            for (int attempt = 0; attempt < 2; attempt++) {
                if (closed) {
                    throw new TranslationFailedException("the " + mode + " pipelines are closed", first);
                }
                try {
                    return running().translate(stream, timeout);
                } catch (Pipeline.PipelineException | IOException e) {
                    Pipeline dead = pipeline;
                    pipeline = null;
                    if (dead != null) {
                        dead.close();
                        restarts.incrementAndGet();
                    }
                    log.warn("apertium {} pipeline failed ({}); {}", mode, e.getMessage(),
                            attempt == 0 ? "restarting it and retrying the text once" : "giving up on this text");
                    first = first == null ? e : first;
                }
            }
            throw new TranslationFailedException("apertium " + mode + " failed twice: " + first.getMessage(), first);
        }

        private Pipeline running() throws IOException {
            Pipeline p = pipeline;
            if (p == null || !p.alive()) {
                if (p != null) {
                    p.close();
                }
                p = Pipeline.start(stages, watchdog);
                pipeline = p;
            }
            return p;
        }
    }
}
