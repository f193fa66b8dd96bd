package dev.lmaas.platform.tenant;

/** An id that does not exist, or belongs to another tenant: callers must not be able to tell which. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String what) {
        super(what + " not found");
    }
}
