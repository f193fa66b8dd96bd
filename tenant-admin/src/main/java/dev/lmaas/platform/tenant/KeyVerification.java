package dev.lmaas.platform.tenant;

/** The outcome of checking a presented key: verified, or refused for one reason. */
public sealed interface KeyVerification {

    record Verified(VerifiedKey key) implements KeyVerification {
    }

    record Refused(KeyRefusal reason) implements KeyVerification {
    }
}
