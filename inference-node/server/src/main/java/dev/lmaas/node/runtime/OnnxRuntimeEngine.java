package dev.lmaas.node.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Opens ONNX Runtime sessions with the node's thread settings. The one place that knows about
 * {@code ai.onnxruntime}: every other package sees {@link InferenceSession} and {@link Tensor}.
 */
public final class OnnxRuntimeEngine {

    /**
     * ONNX Runtime 1.29's one-time native initialisation recurses deeply: on a thread with the JVM's
     * default 1 MB stack it overflows and kills the process with SIGSEGV (seen on this project's
     * machines). Initialising and loading on a thread with a large stack avoids it; later calls run
     * on ordinary threads.
     */
    private static final long NATIVE_STACK_BYTES = 64L << 20;

    private final OrtEnvironment environment = onLargeStack(OrtEnvironment::getEnvironment);
    private final int intraOpThreads;
    private final boolean spinning;

    public OnnxRuntimeEngine(int intraOpThreads) {
        this(intraOpThreads, false);
    }

    /**
     * @param spinning let ONNX Runtime's idle pool threads busy-wait for the next run; off by default
     *                 because on a few cores the spin steals CPU from the HTTP and tokenizer threads
     */
    public OnnxRuntimeEngine(int intraOpThreads, boolean spinning) {
        this.intraOpThreads = intraOpThreads;
        this.spinning = spinning;
    }

    /** Loads {@code file}; a corrupt or unsupported graph throws {@link ModelRuntimeException} naming the file. */
    public InferenceSession open(Path file) {
        return onLargeStack(() -> openHere(file));
    }

    private InferenceSession openHere(Path file) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            // One batch runs at a time per model; inter-op parallelism only adds contention on few cores.
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.addConfigEntry("session.intra_op.allow_spinning", spinning ? "1" : "0");
            OrtSession session = environment.createSession(file.toString(), options);
            return new InferenceSession(environment, session, file.getFileName().toString());
        } catch (OrtException | RuntimeException e) {
            throw new ModelRuntimeException("ONNX Runtime could not load " + file.getFileName() + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static <T> T onLargeStack(Callable<T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(work.call());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "onnxruntime-load", NATIVE_STACK_BYTES);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelRuntimeException("interrupted while loading a model", e);
        }
        Throwable e = failure.get();
        if (e instanceof RuntimeException re) {
            throw re;
        }
        if (e instanceof Error err) {
            throw err;
        }
        if (e != null) {
            throw new ModelRuntimeException("ONNX Runtime failed to start: " + e.getMessage(), e);
        }
        return result.get();
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
