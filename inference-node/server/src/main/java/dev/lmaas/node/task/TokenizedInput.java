package dev.lmaas.node.task;

import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.tokenize.EncodedText;

/** A single text as token ids: what encoder models (embedding, classification, seq2seq) batch. */
public record TokenizedInput(EncodedText encoded, InferenceParameters parameters, TextProgress progress) implements PreparedInput {

    public TokenizedInput(EncodedText encoded, InferenceParameters parameters) {
        this(encoded, parameters, null);
    }

    @Override
    public TokenizedInput withProgress(TextProgress listener) {
        return new TokenizedInput(encoded, parameters, listener);
    }

    @Override
    public int tokens() {
        return encoded.length();
    }
}
