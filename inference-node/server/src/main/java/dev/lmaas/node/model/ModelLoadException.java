package dev.lmaas.node.model;

/** A model folder could not be served; the message is what the node reports as the model's error. */
public class ModelLoadException extends Exception {

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
