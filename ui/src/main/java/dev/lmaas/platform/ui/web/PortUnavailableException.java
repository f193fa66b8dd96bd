package dev.lmaas.platform.ui.web;

/** An action needs a capability this installation does not provide (no implementation of its port). */
public class PortUnavailableException extends RuntimeException {

    /** @param what the capability, in the reader's language ({@code unavailable.*} message keys). */
    public PortUnavailableException(String what) {
        super(what);
    }
}
