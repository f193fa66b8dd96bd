package dev.lmaas.platform.tenant;

/** A request that contradicts existing state, e.g. an email already taken. */
public class ConflictException extends RuntimeException {

    private final String param;

    public ConflictException(String message, String param) {
        super(message);
        this.param = param;
    }

    public String param() {
        return param;
    }
}
