package dev.lmaas.platform.tenant;

/** Input that breaks a domain rule; {@code param} names the offending field. */
public class InvalidInputException extends RuntimeException {

    private final String param;

    public InvalidInputException(String message, String param) {
        super(message);
        this.param = param;
    }

    public String param() {
        return param;
    }
}
