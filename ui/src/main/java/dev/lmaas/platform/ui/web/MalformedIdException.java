package dev.lmaas.platform.ui.web;

/** An id in a URL that is not even well-formed: answered like an unknown id (404). */
public class MalformedIdException extends RuntimeException {

    public MalformedIdException() {
        super("malformed id");
    }
}
