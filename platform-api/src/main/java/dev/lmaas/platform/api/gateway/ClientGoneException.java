package dev.lmaas.platform.api.gateway;

/** The client closed its connection while its answer was being streamed. */
public final class ClientGoneException extends RuntimeException {

    public ClientGoneException(Throwable cause) {
        super("the client closed the connection", cause);
    }
}
