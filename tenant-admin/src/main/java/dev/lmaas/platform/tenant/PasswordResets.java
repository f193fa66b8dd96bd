package dev.lmaas.platform.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Password reset by e-mail: a random single-use token (256 bits, only its SHA-256 stored) valid one hour. The caller
 * answers the same whether the address has an account or not; a successful reset spends every outstanding token of
 * the account, sets the new password (the same rules as sign-up) and lands in the tenant's audit trail. Changing the
 * password ends every console session of the account (the console compares a stamp of the password hash).
 */
@Service
public class PasswordResets {

    public static final Duration VALIDITY = Duration.ofHours(1);
    /** At most this many unspent tokens per account: a flood of requests cannot fill the table or an inbox. */
    static final int MAX_OUTSTANDING = 3;

    private final JdbcTemplate jdbc;
    private final ConsoleAccounts accounts;
    private final ActivityLog audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    PasswordResets(JdbcTemplate jdbc, ConsoleAccounts accounts, ActivityLog audit, Optional<Clock> clock) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** A token to mail to the account's address, or empty (no such account, or enough unspent tokens already). */
    @Transactional
    public Optional<String> request(String email) {
        Optional<ConsoleAccount> account = accounts.findByEmail(email == null ? "" : email.strip());
        if (account.isEmpty()) {
            return Optional.empty();
        }
        UUID user = account.get().userId();
        Instant now = clock.instant();
        Integer outstanding = jdbc.queryForObject("SELECT count(*) FROM password_resets WHERE user_id = ? AND used_at IS NULL AND expires_at > ?",
                Integer.class, user, Timestamp.from(now));
        if (outstanding != null && outstanding >= MAX_OUTSTANDING) {
            return Optional.empty();
        }
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        jdbc.update("INSERT INTO password_resets (token_sha256, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)", sha256(token), user,
                Timestamp.from(now), Timestamp.from(now.plus(VALIDITY)));
        return Optional.of(token);
    }

    /** True when the token can still be used (the page shows the form only then). */
    public boolean usable(String token) {
        return token != null && !token.isBlank() && !jdbc.queryForList("SELECT 1 FROM password_resets WHERE token_sha256 = ? AND used_at IS NULL "
                + "AND expires_at > ?", Integer.class, sha256(token), Timestamp.from(clock.instant())).isEmpty();
    }

    /**
     * Sets the new password with the token; the account's email, for signing in.
     *
     * @throws InvalidInputException for an unknown, used or expired token ({@code token}) or a password the rules refuse ({@code password})
     */
    @Transactional
    public String reset(String token, String newPassword) {
        Instant now = clock.instant();
        List<UUID> user = token == null ? List.of() : jdbc.queryForList("""
                UPDATE password_resets SET used_at = ? WHERE token_sha256 = ? AND used_at IS NULL AND expires_at > ? RETURNING user_id""",
                UUID.class, Timestamp.from(now), sha256(token), Timestamp.from(now));
        if (user.isEmpty()) {
            throw new InvalidInputException("This reset link is invalid, was already used or has expired. Ask for a new one.", "token");
        }
        ConsoleAccount account = accounts.find(user.getFirst()).orElseThrow(() -> new InvalidInputException(
                "This reset link is invalid, was already used or has expired. Ask for a new one.", "token"));
        accounts.changePassword(account.userId(), newPassword); // the rules; a refusal rolls the token back too
        jdbc.update("UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL", Timestamp.from(now), account.userId());
        audit.record(Actor.user(account.userId().toString(), account.email(), null), account.tenantId(), "account.password_reset", "user",
                account.userId().toString());
        return account.email();
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
