package dev.lmaas.platform.ui.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Locks sign-in after repeated failures, per account and per client address, in memory (each
 * replica counts its own; a load balancer with sticky sessions or a small number of replicas keeps
 * that meaningful). A success clears the account's failures; a lock expires on its own.
 */
public class LoginThrottle {

    private record Failures(int count, Instant lockedUntil, Instant lastFailure) {
    }

    private final int maxPerAccount;
    private final int maxPerAddress;
    private final Duration lockout;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    public LoginThrottle(int maxPerAccount, int maxPerAddress, Duration lockout, Clock clock) {
        this.maxPerAccount = maxPerAccount;
        this.maxPerAddress = maxPerAddress;
        this.lockout = lockout;
        this.clock = clock;
    }

    /** When the account or the address is locked: until when. */
    public Optional<Instant> lockedUntil(String email, String address) {
        Instant now = clock.instant();
        return java.util.stream.Stream.of(accountKey(email), addressKey(address))
                .map(failures::get)
                .filter(f -> f != null && f.lockedUntil() != null && f.lockedUntil().isAfter(now))
                .map(Failures::lockedUntil)
                .max(Instant::compareTo);
    }

    public void failed(String email, String address) {
        count(accountKey(email), maxPerAccount);
        count(addressKey(address), maxPerAddress);
        if (failures.size() > 100_000) {
            forgetOld();
        }
    }

    public void succeeded(String email) {
        failures.remove(accountKey(email));
    }

    private void count(String key, int max) {
        Instant now = clock.instant();
        failures.compute(key, (k, f) -> {
            // Failures older than the lockout window no longer count.
            int previous = f == null || f.lastFailure().plus(lockout).isBefore(now) || (f.lockedUntil() != null && !f.lockedUntil().isAfter(now))
                    ? 0 : f.count();
            int n = previous + 1;
            return new Failures(n, n >= max ? now.plus(lockout) : null, now);
        });
    }

    private void forgetOld() {
        Instant now = clock.instant();
        failures.values().removeIf(f -> f.lastFailure().plus(lockout).isBefore(now) && (f.lockedUntil() == null || f.lockedUntil().isBefore(now)));
    }

    private static String accountKey(String email) {
        return "account:" + (email == null ? "" : email.strip().toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "address:" + (address == null ? "" : address);
    }
}
