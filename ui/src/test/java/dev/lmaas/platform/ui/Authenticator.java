package dev.lmaas.platform.ui;

import static org.awaitility.Awaitility.await;

import dev.lmaas.platform.tenant.Totp;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An authenticator app for tests: set up from the key the console shows, it answers codes as a phone would. The
 * console refuses a code of a step at or before the last it accepted (replay), so each {@link #nextCode()} is of a
 * newer step than the one before: the current step's, else the next one's (within the ±1 window), else it waits for
 * time to catch up.
 */
public final class Authenticator {

    private static final Pattern SECRET = Pattern.compile("id=\"mfa-secret\"[^>]*>([A-Z2-7 ]+)<");
    private final byte[] secret;
    private long lastStep;

    public Authenticator(String base32Secret) {
        this.secret = Totp.fromBase32(base32Secret);
    }

    /** The key shown on the set-up page's HTML. */
    public static Authenticator fromPage(String html) {
        Matcher m = SECRET.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no key on the set-up page");
        }
        return new Authenticator(m.group(1));
    }

    /** A code of a step newer than every code this app gave before. */
    public synchronized String nextCode() {
        long now = Totp.step(Instant.now());
        if (lastStep > now) {
            long wanted = lastStep; // lastStep + 1 is at most now + 1 once now >= lastStep
            await().atMost(Duration.ofSeconds(65)).pollInterval(Duration.ofMillis(200)).until(() -> Totp.step(Instant.now()) >= wanted);
            now = Totp.step(Instant.now());
        }
        long step = Math.max(now, lastStep + 1);
        lastStep = step;
        return Totp.code(secret, step);
    }

    /** The code of the step the last code was of (a replay). */
    public synchronized String lastCode() {
        return Totp.code(secret, lastStep);
    }
}
