package dev.lmaas.platform.tenant;

/** The acting member's role does not allow this (inside their own organization; another organization's ids are not found). */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}
