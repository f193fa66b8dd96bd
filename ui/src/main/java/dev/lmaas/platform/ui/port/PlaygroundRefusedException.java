package dev.lmaas.platform.ui.port;

/**
 * The call was refused or failed the way the API would answer it (rate limited, quota exhausted,
 * model not allowed, no node available); {@code code} is the API's error code.
 */
public class PlaygroundRefusedException extends RuntimeException {

    private final String code;

    public PlaygroundRefusedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
