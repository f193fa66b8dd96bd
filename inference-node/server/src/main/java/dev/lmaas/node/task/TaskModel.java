package dev.lmaas.node.task;

import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.protocol.Task;
import java.util.List;

/**
 * A loaded model that serves one task. Implementations are thread-safe: {@link #prepare} runs on
 * request threads, {@link #run} on the batcher's workers.
 *
 * @param <P> the model's own prepared-input type
 */
public interface TaskModel<P extends PreparedInput> extends AutoCloseable {

    Task task();

    /** Tokens per input (or per sentence, for the summarizer) the model accepts. */
    int maxSequenceLength();

    /** Embedding size, or null when the model does not embed. */
    default Integer dimensions() {
        return null;
    }

    default List<String> labels() {
        return List.of();
    }

    /**
     * Tokenizes one input.
     *
     * @throws dev.lmaas.node.tokenize.InputTooLongException when it is too long and {@code truncate} is false
     */
    P prepare(String text, boolean truncate, InferenceParameters parameters);

    /** Runs a batch; the answer has one output per input, in order. */
    List<TaskOutput> run(List<P> batch);

    @Override
    void close();
}
