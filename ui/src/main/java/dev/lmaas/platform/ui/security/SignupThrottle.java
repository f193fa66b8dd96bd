package dev.lmaas.platform.ui.security;

import java.time.Clock;
import java.time.Duration;

/**
 * Slows mass sign-ups from one client address: the first few are free, then each waits longer
 * (1 min, doubling up to 1 h). It counts every complete sign-up form, whether its email was new or
 * taken, so its answers say nothing about which emails exist. The counts are kept in {@link FailureCounts} (PostgreSQL
 * in the console, shared by every replica) under the counter name it is given.
 */
public class SignupThrottle {

    private final Backoff addresses;

    public SignupThrottle(FailureCounts counts, String counter, int freePerAddress, Clock clock) {
        this.addresses = new Backoff(counts, counter, freePerAddress, Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofHours(4), clock);
    }

    /** How long this address must wait before its next sign-up; zero when it may sign up now. */
    public Duration waitLeft(String address) {
        return addresses.waitLeft(address == null ? "" : address);
    }

    public void attempted(String address) {
        addresses.failed(address == null ? "" : address);
    }
}
