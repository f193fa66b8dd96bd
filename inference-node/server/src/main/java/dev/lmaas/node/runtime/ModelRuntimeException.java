package dev.lmaas.node.runtime;

/** ONNX Runtime refused to load or run a model; the message says why, without payload data. */
public class ModelRuntimeException extends RuntimeException {

    public ModelRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }
}
