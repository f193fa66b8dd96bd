package dev.lmaas.platform.ui.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Slows password guessing down with exponential back-off instead of locking anyone out. The counts are kept in
 * {@link FailureCounts} (PostgreSQL in the console), so every replica behind a load balancer enforces the same limits.
 * Three counters, each with its own budget:
 * <ul>
 *   <li>one account from one client address: a few free failures, then waits doubling up to {@code maxDelay};
 *       this is what stops a client hammering an account, and it never touches the owner signing in
 *       from another address;</li>
 *   <li>one client address, any account: more free failures (offices share an address), then the same back-off;</li>
 *   <li>one account, any address: many free failures and a short cap ({@code accountMaxDelay}), so guessing
 *       spread over many addresses is slowed while the owner waits at most that cap, never a lockout.</li>
 * </ul>
 * A refused attempt is not checked and not counted; a success clears its account-and-address counter.
 * Unknown emails count exactly like known ones, so the throttle tells nothing about which exist.
 */
public class LoginThrottle {

    private final Backoff pairs;
    private final Backoff addresses;
    private final Backoff accounts;

    public LoginThrottle(FailureCounts counts, int freePerAccountAndAddress, int freePerAddress, int freePerAccount, Duration maxDelay,
                         Duration accountMaxDelay, Clock clock) {
        Duration base = Duration.ofSeconds(1);
        this.pairs = new Backoff(counts, "login.pair", freePerAccountAndAddress, base, maxDelay, maxDelay.multipliedBy(4), clock);
        this.addresses = new Backoff(counts, "login.address", freePerAddress, base, maxDelay, maxDelay.multipliedBy(4), clock);
        this.accounts = new Backoff(counts, "login.account", freePerAccount, base, accountMaxDelay, maxDelay.multipliedBy(4), clock);
    }

    /** How long this client must wait before trying this account again; zero when it may try now. */
    public Duration waitLeft(String email, String address) {
        return Stream.of(pairs.waitLeft(pairKey(email, address)), addresses.waitLeft(addressKey(address)), accounts.waitLeft(accountKey(email)))
                .max(Duration::compareTo).orElse(Duration.ZERO);
    }

    public void failed(String email, String address) {
        pairs.failed(pairKey(email, address));
        addresses.failed(addressKey(address));
        accounts.failed(accountKey(email));
    }

    public void succeeded(String email, String address) {
        pairs.clear(pairKey(email, address));
    }

    private static String accountKey(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }

    private static String addressKey(String address) {
        return address == null ? "" : address;
    }

    private static String pairKey(String email, String address) {
        return accountKey(email) + "\n" + addressKey(address);
    }
}
