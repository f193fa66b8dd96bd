package dev.lmaas.platform.ui.security.mfa;

import dev.lmaas.platform.ui.security.Backoff;
import dev.lmaas.platform.ui.security.FailureCounts;
import dev.lmaas.platform.ui.security.LoginThrottle;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Wrong codes slow down like wrong passwords: each one counts as a failed sign-in in the {@link LoginThrottle} (per
 * account and address, per address, per account), and also in a counter of the account's wrong codes that a right
 * password does not reset (someone who knows the password cannot buy fresh guesses by signing in again). Counts live in
 * PostgreSQL with the others ({@link FailureCounts}), so every replica enforces them.
 */
public final class MfaThrottle {

    private final LoginThrottle logins;
    private final Backoff codes;

    MfaThrottle(LoginThrottle logins, FailureCounts counts, int freePerAccount, Duration maxDelay, Clock clock) {
        this.logins = logins;
        this.codes = new Backoff(counts, "mfa.account", freePerAccount, Duration.ofSeconds(1), maxDelay, maxDelay.multipliedBy(4), clock);
    }

    public Duration waitLeft(UUID user, String email, String address) {
        return Stream.of(logins.waitLeft(email, address), codes.waitLeft(user.toString())).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    public void failed(UUID user, String email, String address) {
        logins.failed(email, address);
        codes.failed(user.toString());
    }

    public void succeeded(UUID user, String email, String address) {
        logins.succeeded(email, address);
        codes.clear(user.toString());
    }

    /** Whole seconds to wait, at least one, as the page says it. */
    public static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
