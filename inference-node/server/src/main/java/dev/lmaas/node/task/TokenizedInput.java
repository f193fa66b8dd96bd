package dev.lmaas.node.task;

import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.tokenize.EncodedText;

/** A single text as token ids: what encoder models (embedding, classification, seq2seq) batch. */
public record TokenizedInput(EncodedText encoded, InferenceParameters parameters) implements PreparedInput {

    @Override
    public int tokens() {
        return encoded.length();
    }
}
