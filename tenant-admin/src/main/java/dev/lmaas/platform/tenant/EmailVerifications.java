package dev.lmaas.platform.tenant;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * E-mail verification at sign-up, only when the operator configured an SMTP server (without one there is nobody to
 * mail, and sign-up works as before). A new account gets a link that works once, for 24 hours (only the token's
 * SHA-256 is kept); until its owner opens it, the account can sign in but does nothing else. A sign-up with an
 * address that already has an account mails that address instead ("you already have an account"), so the person
 * signing up sees the same answer either way. Sending the link again is throttled per account.
 */
@Service
public class EmailVerifications {

    public static final Duration VALIDITY = Duration.ofHours(24);
    /** Between two mails to one account, and how many per day: a button cannot flood an inbox. */
    static final Duration RESEND_INTERVAL = Duration.ofMinutes(1);
    static final int MAX_PER_DAY = 5;
    private static final int MAX_TOKEN = 100;

    /** What a request to send the link again did: sent, or refused for {@code retryAfter}. */
    public record Resent(boolean sent, Duration retryAfter) {
    }

    private final JdbcTemplate jdbc;
    private final ConsoleAccounts accounts;
    private final Mail mail;
    private final ObjectProvider<ActivityLog> activity;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    EmailVerifications(JdbcTemplate jdbc, ConsoleAccounts accounts, Mail mail, ObjectProvider<ActivityLog> activity, Optional<Clock> clock) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.mail = mail;
        this.activity = activity;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** Whether sign-ups verify their address: only with an SMTP server to send the link. */
    public boolean required() {
        return mail.smtp();
    }

    /**
     * After a sign-up form was accepted: a new account ({@code created}) gets its verification link, an address that
     * already had an account gets a note saying so (or, if that account is still unverified, a fresh link).
     */
    @Transactional
    public void afterSignUp(String email, boolean created, String consoleUrl, Locale language) {
        if (!required()) {
            return;
        }
        Optional<ConsoleAccount> account = accounts.findByEmail(email);
        if (account.isEmpty()) {
            return;
        }
        UUID user = account.get().userId();
        if (created) {
            jdbc.update("UPDATE console_users SET email_verification_pending = true WHERE id = ?", user);
        }
        if (pending(user)) {
            sendLink(account.get(), consoleUrl, language);
        } else {
            mail.send(account.get().email(), MailTexts.text(language, "signup.taken.subject"), MailTexts.text(language, "signup.taken.text"));
        }
    }

    /** Whether the account still has to verify its address. */
    public boolean pending(UUID userId) {
        return Boolean.TRUE.equals(jdbc.query("SELECT email_verification_pending FROM console_users WHERE id = ?",
                rs -> rs.next() ? rs.getBoolean(1) : null, userId));
    }

    /** Sends a new link to a pending account, unless one left less than a minute ago or five today. */
    @Transactional
    public Resent resend(UUID userId, String consoleUrl, Locale language) {
        ConsoleAccount account = accounts.find(userId).orElseThrow(() -> new NotFoundException("Account"));
        if (!pending(userId)) {
            return new Resent(false, Duration.ZERO);
        }
        Instant now = clock.instant();
        List<Instant> recent = jdbc.queryForList("SELECT created_at FROM email_verifications WHERE user_id = ? AND created_at > ? ORDER BY created_at",
                Timestamp.class, userId, Timestamp.from(now.minus(Duration.ofDays(1)))).stream().map(Timestamp::toInstant).toList();
        Duration wait = Duration.ZERO;
        if (recent.size() >= MAX_PER_DAY) {
            wait = Duration.between(now, recent.getFirst().plus(Duration.ofDays(1)));
        } else if (!recent.isEmpty() && recent.getLast().plus(RESEND_INTERVAL).isAfter(now)) {
            wait = Duration.between(now, recent.getLast().plus(RESEND_INTERVAL));
        }
        if (wait.isPositive()) {
            return new Resent(false, wait);
        }
        sendLink(account, consoleUrl, language);
        return new Resent(true, Duration.ZERO);
    }

    /** True when the link's token can still be used (the page offers to confirm only then). */
    public boolean usable(String token) {
        return token != null && !token.isBlank() && token.length() <= MAX_TOKEN && !jdbc.queryForList("SELECT 1 FROM email_verifications "
                + "WHERE token_sha256 = ? AND used_at IS NULL AND expires_at > ?", Integer.class, PasswordResets.sha256(token),
                Timestamp.from(clock.instant())).isEmpty();
    }

    /**
     * Spends the token and marks the account's address verified (spending its other links too).
     *
     * @return the account, or empty for an unknown, used or expired token
     */
    @Transactional
    public Optional<ConsoleAccount> verify(String token, String clientAddress) {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        List<UUID> user = jdbc.queryForList("UPDATE email_verifications SET used_at = ? WHERE token_sha256 = ? AND used_at IS NULL "
                + "AND expires_at > ? RETURNING user_id", UUID.class, Timestamp.from(now), PasswordResets.sha256(token), Timestamp.from(now));
        if (user.isEmpty()) {
            return Optional.empty();
        }
        jdbc.update("UPDATE email_verifications SET used_at = ? WHERE user_id = ? AND used_at IS NULL", Timestamp.from(now), user.getFirst());
        jdbc.update("UPDATE console_users SET email_verification_pending = false WHERE id = ?", user.getFirst());
        Optional<ConsoleAccount> account = accounts.find(user.getFirst());
        account.ifPresent(a -> {
            ActivityLog log = activity.getIfAvailable();
            if (log != null) {
                log.record(Actor.user(a.userId().toString(), a.email(), clientAddress), a.tenantId(), "account.email_verified", "console_user",
                        a.userId().toString());
            }
        });
        return account;
    }

    /** In {@code language}: the page's, where the person signed up or asked again (an account has no language of its own yet). */
    private void sendLink(ConsoleAccount account, String consoleUrl, Locale language) {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant now = clock.instant();
        jdbc.update("INSERT INTO email_verifications (token_sha256, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)", PasswordResets.sha256(token),
                account.userId(), Timestamp.from(now), Timestamp.from(now.plus(VALIDITY)));
        mail.send(account.email(), MailTexts.text(language, "verification.subject"),
                MailTexts.text(language, "verification.text", link(consoleUrl, token)));
    }

    static String link(String consoleUrl, String token) {
        String base = consoleUrl == null ? "" : consoleUrl.strip().replaceAll("/+$", "");
        if (!base.startsWith("https://") && !base.startsWith("http://")) {
            throw new IllegalArgumentException("the console's address must be an http(s) URL");
        }
        return base + "/verify-email?token=" + token;
    }
}
