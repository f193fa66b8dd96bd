package dev.lmaas.platform.api.nodes;

/** No healthy node serves the model right now. */
public class NoCapacityException extends Exception {

    public NoCapacityException(String model) {
        super("No healthy inference node serves '" + model + "' right now.", null, false, false);
    }
}
