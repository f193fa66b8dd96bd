package dev.lmaas.node.task.translate.apertium;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One running Apertium pipeline: the mode's programs started by {@link ProcessBuilder#startPipeline}
 * (the JDK connects them; no shell), all in null-flush mode, so one set of processes translates text
 * after text. Not thread-safe: the {@link PipelinePool} lends it to one caller at a time.
 *
 * <p>User text only ever travels on stdin, never on a command line. The programs' stderr is discarded:
 * Apertium echoes input fragments in its warnings, and translated text must not end up in logs.
 */
final class Pipeline implements AutoCloseable {

    /** The pipeline died, or gave no answer within the timeout; it has been killed. */
    static final class PipelineException extends Exception {
        PipelineException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final List<Process> processes;
    private final ScheduledExecutorService watchdog;
    private volatile boolean timedOut;

    private Pipeline(List<Process> processes, ScheduledExecutorService watchdog) {
        this.processes = processes;
        this.watchdog = watchdog;
    }

    static Pipeline start(List<List<String>> stages, ScheduledExecutorService watchdog) throws IOException {
        List<ProcessBuilder> builders = new ArrayList<>(stages.size());
        for (List<String> argv : stages) {
            ProcessBuilder b = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD);
            // Apertium's programs read and write UTF-8 only under a UTF-8 locale; C.UTF-8 exists on every Debian.
            b.environment().put("LC_ALL", "C.UTF-8");
            builders.add(b);
        }
        return new Pipeline(ProcessBuilder.startPipeline(builders), watchdog);
    }

    /**
     * Sends one text in Apertium's stream format and returns the answer (stream format, without the NUL).
     * The write runs on its own virtual thread: a long text's answer may fill the output pipe before
     * the text is fully written, and reading while writing keeps both ends moving.
     */
    String translate(String stream, Duration timeout) throws PipelineException {
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        ScheduledFuture<?> kill = watchdog.schedule(() -> {
            timedOut = true;
            destroy();
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        Thread writer = Thread.ofVirtual().name("apertium-writer").start(() -> write(bytes));
        try {
            String answer = readAnswer();
            writer.join();
            if (!answer.endsWith(ApertiumFormat.END_BLANK)) {
                // Every text is sent ending in a superblank, which Apertium keeps in place. An answer
                // without it is what the stages after a dead one flush when their input ends: a part
                // of a text, or nothing. It must not pass for a translation.
                throw new IOException("the answer was cut short");
            }
            return answer;
        } catch (IOException e) {
            destroy();
            throw new PipelineException(timedOut ? "no answer within " + timeout.toMillis() + " ms" : "the pipeline ended", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            destroy();
            throw new PipelineException("interrupted", e);
        } finally {
            kill.cancel(false);
        }
    }

    private void write(byte[] bytes) {
        try {
            OutputStream in = processes.getFirst().getOutputStream();
            in.write(bytes);
            in.write(0);
            in.flush();
        } catch (IOException e) {
            destroy(); // the reader then sees the end of the output and reports the failure
        }
    }

    private String readAnswer() throws IOException {
        InputStream out = processes.getLast().getInputStream();
        ByteArrayOutputStream answer = new ByteArrayOutputStream(256);
        int b;
        while ((b = out.read()) > 0) {
            answer.write(b);
        }
        if (b < 0) {
            throw new IOException("end of output");
        }
        return answer.toString(StandardCharsets.UTF_8);
    }

    boolean alive() {
        return !timedOut && processes.stream().allMatch(Process::isAlive);
    }

    List<Long> processIds() {
        return processes.stream().map(Process::pid).toList();
    }

    private void destroy() {
        processes.forEach(Process::destroyForcibly);
    }

    @Override
    public void close() {
        destroy();
    }
}
