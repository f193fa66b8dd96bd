package dev.lmaas.node.task;

import dev.lmaas.node.protocol.InferenceParameters;

/**
 * One input after tokenization, ready to be batched. Tokenizing happens on the caller's thread, so the
 * batcher knows each input's length (to group similar lengths) before the model runs.
 */
public interface PreparedInput {

    /** Real input tokens after truncation; what usage reports. */
    int tokens();

    /** The request's task parameters; inputs of different requests share a batch. */
    InferenceParameters parameters();

    /**
     * This input with a listener for its text as it is generated. Models that produce their text in
     * one piece (extractive summaries, Apertium) ignore it: a stream then carries the whole text at the end.
     */
    default PreparedInput withProgress(TextProgress progress) {
        return this;
    }
}
