package dev.lmaas.node.tokenize;

/** A text has more tokens than the model accepts and the caller asked not to truncate. */
public class InputTooLongException extends RuntimeException {

    public InputTooLongException(int maxTokens) {
        super("input has more than " + maxTokens + " tokens, the model's maximum; send truncate=true to cut it");
    }
}
