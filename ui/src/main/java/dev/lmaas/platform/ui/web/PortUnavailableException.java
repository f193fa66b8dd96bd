package dev.lmaas.platform.ui.web;

/** An action needs a capability this installation does not provide (no implementation of its port). */
public class PortUnavailableException extends RuntimeException {

    public PortUnavailableException(String what) {
        super(what + " is not available on this installation.");
    }
}
