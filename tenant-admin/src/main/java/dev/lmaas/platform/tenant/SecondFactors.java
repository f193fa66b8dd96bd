package dev.lmaas.platform.tenant;

import dev.lmaas.platform.tenant.crypto.Aead;
import dev.lmaas.platform.tenant.crypto.MasterKeys;
import dev.lmaas.platform.tenant.mfa.RecoveryCodes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Second factors of console accounts: an authenticator app (TOTP, {@link Totp}) with single-use recovery codes, and the
 * organizations' rule that every member must have one. The secret is stored sealed with the master key and bound to its
 * account; a code is accepted for the current 30-second step or the one either side, and never for a step at or before
 * the last accepted one (a code seen over a shoulder cannot be replayed). Every change lands in the account's audit
 * chain: its organization's, or the platform's for platform admins.
 */
@Service
public class SecondFactors {

    public static final int RECOVERY_CODE_COUNT = 10;
    /** The issuer authenticator apps show next to the account. */
    public static final String ISSUER = "LMaaS";

    /** What a presented code turned out to be. */
    public enum Check {
        /** A current authenticator code, now spent. */
        ACCEPTED,
        /** An unused recovery code, now spent. */
        RECOVERY_CODE_ACCEPTED,
        /** No code of this account. */
        WRONG,
        /** A code that was right once and is spent (the same step, or a used recovery code). */
        REUSED
    }

    /** An authenticator being set up: the secret in base32 (typed by hand) and as the URI a QR code carries. */
    public record Enrolment(String secret, String otpauthUri) {
        @Override
        public String toString() {
            return "Enrolment[hidden]"; // never the secret
        }
    }

    /** Where an account stands: its factor enabled (since when, recovery codes left), one being set up, and its organization's rule. */
    public record Standing(boolean enabled, Instant enabledAt, int recoveryCodesLeft, boolean pending, boolean requiredByOrganization) {
    }

    private final JdbcTemplate jdbc;
    private final MasterKeys master;
    private final ActivityLog audit;
    private final Clock clock;

    SecondFactors(JdbcTemplate jdbc, MasterKeys master, ActivityLog audit, Optional<Clock> clock) {
        this.jdbc = jdbc;
        this.master = master;
        this.audit = audit;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** One query, cheap enough for every request of a signed-in session; {@code tenant} is null for platform admins. */
    public Standing standing(UUID user, TenantId tenant) {
        return jdbc.queryForObject("""
                SELECT m.enabled_at, m.user_id IS NOT NULL AND m.enabled_at IS NULL,
                  (SELECT count(*) FROM console_mfa_recovery_codes r WHERE r.user_id = ? AND r.used_at IS NULL),
                  coalesce((SELECT p.required FROM tenant_mfa_policy p WHERE p.tenant_id = ?), false)
                FROM (SELECT 1) one LEFT JOIN console_mfa m ON m.user_id = ?""",
                (rs, i) -> {
                    Timestamp enabledAt = rs.getTimestamp(1);
                    return new Standing(enabledAt != null, enabledAt == null ? null : enabledAt.toInstant(), rs.getInt(3), rs.getBoolean(2),
                            rs.getBoolean(4));
                }, user, tenant == null ? null : tenant.value(), user);
    }

    public boolean enabled(UUID user) {
        return standing(user, null).enabled();
    }

    /**
     * Starts setting up an authenticator with a fresh secret (a previous unfinished set-up is replaced).
     *
     * @throws ConflictException when the account already has one (turn it off first)
     */
    @Transactional
    public Enrolment begin(ConsoleAccount account) {
        byte[] secret = Totp.newSecret();
        int stored = jdbc.update("""
                INSERT INTO console_mfa (user_id, secret_sealed, master_key_id, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (user_id) DO UPDATE SET secret_sealed = EXCLUDED.secret_sealed, master_key_id = EXCLUDED.master_key_id,
                  created_at = EXCLUDED.created_at, last_step = 0 WHERE console_mfa.enabled_at IS NULL""",
                account.userId(), seal(account.userId(), secret), master.currentId(), Timestamp.from(clock.instant()));
        if (stored == 0) {
            throw new ConflictException("Two-factor authentication is already on for this account", "mfa");
        }
        return enrolment(account, secret);
    }

    /** The set-up in progress, shown again when the page is reloaded. */
    public Optional<Enrolment> pending(ConsoleAccount account) {
        return secret(account.userId(), false).map(s -> enrolment(account, s));
    }

    /**
     * Finishes the set-up with a first code from the app: the factor is on, and the recovery codes (shown once, stored
     * only as digests) are returned. Empty when the code is wrong or there is no set-up in progress.
     */
    @Transactional
    public Optional<List<String>> confirm(ConsoleAccount account, String code, Actor actor) {
        Optional<byte[]> secret = secret(account.userId(), false);
        Optional<Long> step = secret.flatMap(s -> matchingStep(s, code));
        if (step.isEmpty()) {
            return Optional.empty();
        }
        int enabled = jdbc.update("UPDATE console_mfa SET enabled_at = ?, last_step = ? WHERE user_id = ? AND enabled_at IS NULL",
                Timestamp.from(clock.instant()), step.get(), account.userId());
        if (enabled == 0) {
            return Optional.empty();
        }
        List<String> codes = replaceRecoveryCodes(account.userId());
        audit.record(actor, account.tenantId(), "mfa.enabled", "console_user", account.userId().toString());
        return Optional.of(codes);
    }

    /**
     * Checks a code at sign-in: an authenticator code or, failing that, an unused recovery code (which is then spent, and
     * its use recorded in the audit chain).
     */
    @Transactional
    public Check verify(ConsoleAccount account, String presented, Actor actor) {
        String typed = presented == null ? "" : presented.replaceAll("\\s", "");
        if (typed.matches("\\d{" + Totp.DIGITS + "}")) {
            return verifyCode(account, typed);
        }
        Optional<String> recovery = RecoveryCodes.normalize(typed);
        if (recovery.isEmpty() || !enabled(account.userId())) {
            return Check.WRONG;
        }
        List<String> keyIds = jdbc.queryForList("SELECT DISTINCT master_key_id FROM console_mfa_recovery_codes WHERE user_id = ?", String.class,
                account.userId());
        for (String keyId : keyIds) {
            Optional<byte[]> key = master.byId(keyId);
            if (key.isEmpty()) {
                continue;
            }
            String digest = RecoveryCodes.digest(key.get(), account.userId(), recovery.get());
            int spent = jdbc.update("UPDATE console_mfa_recovery_codes SET used_at = ? WHERE user_id = ? AND code_hmac = ? AND used_at IS NULL",
                    Timestamp.from(clock.instant()), account.userId(), digest);
            if (spent == 1) {
                audit.record(actor, account.tenantId(), "mfa.recovery_code_used", "console_user", account.userId().toString());
                return Check.RECOVERY_CODE_ACCEPTED;
            }
            if (!jdbc.queryForList("SELECT 1 FROM console_mfa_recovery_codes WHERE user_id = ? AND code_hmac = ?", Integer.class,
                    account.userId(), digest).isEmpty()) {
                return Check.REUSED;
            }
        }
        return Check.WRONG;
    }

    /** Checks an authenticator code only: the proof asked before turning the factor off or making new recovery codes. */
    @Transactional
    public Check verifyCode(ConsoleAccount account, String code) {
        Optional<Long> step = secret(account.userId(), true).flatMap(s -> matchingStep(s, code));
        if (step.isEmpty()) {
            return Check.WRONG;
        }
        // Atomic: of two requests with the same code, one moves last_step and the other finds it moved.
        int spent = jdbc.update("UPDATE console_mfa SET last_step = ? WHERE user_id = ? AND enabled_at IS NOT NULL AND last_step < ?",
                step.get(), account.userId(), step.get());
        return spent == 1 ? Check.ACCEPTED : Check.REUSED;
    }

    /** Turns the factor off (the caller has checked the password or a code); its recovery codes go with it. */
    @Transactional
    public void disable(ConsoleAccount account, Actor actor) {
        jdbc.update("DELETE FROM console_mfa_recovery_codes WHERE user_id = ?", account.userId());
        int removed = jdbc.update("DELETE FROM console_mfa WHERE user_id = ? AND enabled_at IS NOT NULL", account.userId());
        if (removed == 1) {
            audit.record(actor, account.tenantId(), "mfa.disabled", "console_user", account.userId().toString());
        }
    }

    /** New recovery codes for an account with the factor on (the caller has checked the password or a code); the old ones stop working. */
    @Transactional
    public List<String> regenerateRecoveryCodes(ConsoleAccount account, Actor actor) {
        if (!enabled(account.userId())) {
            throw new ConflictException("Two-factor authentication is off for this account", "mfa");
        }
        List<String> codes = replaceRecoveryCodes(account.userId());
        audit.record(actor, account.tenantId(), "mfa.recovery_codes_regenerated", "console_user", account.userId().toString());
        return codes;
    }

    /** The members of an organization who have a second factor on (the members page marks them). */
    public java.util.Set<UUID> enabledMembers(TenantId tenant) {
        return java.util.Set.copyOf(jdbc.queryForList("""
                SELECT m.user_id FROM console_mfa m JOIN console_users u ON u.id = m.user_id
                WHERE u.tenant_id = ? AND m.enabled_at IS NOT NULL""", UUID.class, tenant.value()));
    }

    /** Whether the organization requires every member to use a second factor. */
    public boolean requiredBy(TenantId tenant) {
        return jdbc.queryForList("SELECT required FROM tenant_mfa_policy WHERE tenant_id = ?", Boolean.class, tenant.value()).stream()
                .findFirst().orElse(false);
    }

    /** Sets the organization's rule; a change (not a repeat) lands in its audit chain. */
    @Transactional
    public void require(TenantId tenant, boolean required, Actor actor) {
        if (requiredBy(tenant) == required) {
            return;
        }
        jdbc.update("""
                INSERT INTO tenant_mfa_policy (tenant_id, required, changed_at) VALUES (?, ?, ?)
                ON CONFLICT (tenant_id) DO UPDATE SET required = EXCLUDED.required, changed_at = EXCLUDED.changed_at""",
                tenant.value(), required, Timestamp.from(clock.instant()));
        audit.record(actor, tenant, "mfa.required_changed", "tenant", tenant.value() + (required ? ":required" : ":optional"));
    }

    private List<String> replaceRecoveryCodes(UUID user) {
        jdbc.update("DELETE FROM console_mfa_recovery_codes WHERE user_id = ?", user);
        List<String> codes = RecoveryCodes.generate(RECOVERY_CODE_COUNT);
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.batchUpdate("INSERT INTO console_mfa_recovery_codes (user_id, code_hmac, master_key_id, created_at) VALUES (?, ?, ?, ?)",
                codes.stream().map(c -> new Object[] {user, RecoveryCodes.digest(master.current(), user, RecoveryCodes.normalize(c).orElseThrow()),
                        master.currentId(), now}).toList());
        return codes;
    }

    /** The step among now-1, now, now+1 whose code this is (the newest, if several), checking all three alike. */
    private Optional<Long> matchingStep(byte[] secret, String code) {
        if (code == null) {
            return Optional.empty();
        }
        byte[] typed = code.replaceAll("\\s", "").getBytes(StandardCharsets.US_ASCII);
        long now = Totp.step(clock.instant());
        Long found = null;
        for (long step = now - 1; step <= now + 1; step++) {
            if (MessageDigest.isEqual(Totp.code(secret, step).getBytes(StandardCharsets.US_ASCII), typed)) {
                found = step;
            }
        }
        return Optional.ofNullable(found);
    }

    private Optional<byte[]> secret(UUID user, boolean enabled) {
        return jdbc.query("SELECT secret_sealed, master_key_id FROM console_mfa WHERE user_id = ? AND (enabled_at IS NOT NULL) = ?",
                (rs, i) -> open(user, rs.getBytes(1), rs.getString(2)), user, enabled).stream().findFirst();
    }

    private byte[] seal(UUID user, byte[] secret) {
        return Aead.encrypt(master.current(), secret, "console-mfa|" + user);
    }

    private byte[] open(UUID user, byte[] sealed, String keyId) {
        byte[] key = master.byId(keyId).orElseThrow(() -> new IllegalStateException(
                "the second factor of " + user + " is sealed with master key " + keyId + ", which is not configured (LMAAS_PREVIOUS_MASTER_KEYS)"));
        try {
            return Aead.decrypt(key, sealed, "console-mfa|" + user);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the stored second factor of " + user + " failed authentication", e);
        }
    }

    private static Enrolment enrolment(ConsoleAccount account, byte[] secret) {
        return new Enrolment(Totp.toBase32(secret), Totp.otpauthUri(ISSUER, account.email(), secret));
    }
}
