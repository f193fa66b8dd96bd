package dev.lmaas.node.task.translate.apertium;

import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.task.PreparedInput;

/** One text ready for a pipeline: already in Apertium's stream format, with its word count. */
record TextInput(String stream, int words, InferenceParameters parameters) implements PreparedInput {

    @Override
    public int tokens() {
        return words;
    }
}
