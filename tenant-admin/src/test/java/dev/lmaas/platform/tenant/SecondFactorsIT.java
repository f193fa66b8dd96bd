package dev.lmaas.platform.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmaas.platform.tenant.SecondFactors.Check;
import dev.lmaas.platform.tenant.crypto.MasterKeys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Second factors on a real PostgreSQL, with a clock the test moves: the ±1 step window, replay refusal (also under a
 * race), single-use recovery codes, the sealed secret, and the audit records of every change.
 */
@TenantAdminIT
class SecondFactorsIT {

    @Autowired JdbcTemplate jdbc;
    @Autowired MasterKeys master;
    @Autowired AuditLog audit;
    @Autowired ConsoleAccounts accounts;

    final MovableClock clock = new MovableClock(Instant.parse("2026-12-04T08:00:10Z"));
    SecondFactors factors;
    ConsoleAccount ada;
    Actor actor;

    @BeforeEach
    void account() {
        factors = new SecondFactors(jdbc, master, audit, Optional.of(clock));
        String email = "ada-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        accounts.signUp("Ada Co", email, "correct horse battery", "127.0.0.1").orElseThrow();
        ada = accounts.findByEmail(email).orElseThrow();
        actor = Actor.user(ada.userId().toString(), ada.email(), "127.0.0.1");
    }

    @Test
    void enrolmentNeedsAFirstValidCodeAndStoresTheSecretSealed() {
        SecondFactors.Enrolment e = factors.begin(ada);
        assertThat(e.secret()).matches("[A-Z2-7]{32}");
        assertThat(e.otpauthUri()).startsWith("otpauth://totp/LMaaS:").contains("secret=" + e.secret());
        assertThat(e.toString()).doesNotContain(e.secret());
        assertThat(factors.pending(ada)).contains(e);
        assertThat(factors.standing(ada.userId(), ada.tenantId())).extracting(SecondFactors.Standing::enabled, SecondFactors.Standing::pending)
                .containsExactly(false, true);
        byte[] stored = jdbc.queryForObject("SELECT secret_sealed FROM console_mfa WHERE user_id = ?", byte[].class, ada.userId());
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(e.secret());
        assertThat(java.util.HexFormat.of().formatHex(stored)).doesNotContain(java.util.HexFormat.of().formatHex(Totp.fromBase32(e.secret())));

        // A second start makes a fresh secret; the first one's codes no longer confirm.
        SecondFactors.Enrolment again = factors.begin(ada);
        assertThat(again.secret()).isNotEqualTo(e.secret());
        assertThat(factors.confirm(ada, code(e, 0), actor)).isEmpty();
        assertThat(factors.confirm(ada, "000000", actor)).isEmpty();
        assertThat(factors.enabled(ada.userId())).isFalse();

        List<String> codes = factors.confirm(ada, code(again, 0), actor).orElseThrow();
        assertThat(codes).hasSize(10).doesNotHaveDuplicates();
        assertThat(factors.enabled(ada.userId())).isTrue();
        assertThat(factors.pending(ada)).isEmpty();
        assertThat(factors.standing(ada.userId(), ada.tenantId()).recoveryCodesLeft()).isEqualTo(10);
        assertThat(jdbc.queryForList("SELECT code_hmac FROM console_mfa_recovery_codes WHERE user_id = ?", String.class, ada.userId()))
                .hasSize(10).noneMatch(h -> codes.stream().anyMatch(c -> h.contains(c.replace("-", ""))));
        assertThatThrownBy(() -> factors.begin(ada)).isInstanceOf(ConflictException.class);
        assertThat(actions()).containsExactly("mfa.enabled");
    }

    @Test
    void codesOfTheStepEitherSideAreAcceptedOnceAndNeverAgain() {
        SecondFactors.Enrolment e = enabled();
        clock.plusSeconds(120);
        assertThat(factors.verify(ada, code(e, -2), actor)).as("two steps old").isEqualTo(Check.WRONG);
        assertThat(factors.verify(ada, code(e, 2), actor)).as("two steps ahead").isEqualTo(Check.WRONG);
        assertThat(factors.verify(ada, code(e, -1), actor)).as("the previous step (a slow typist)").isEqualTo(Check.ACCEPTED);
        assertThat(factors.verify(ada, code(e, -1), actor)).as("the same code again").isEqualTo(Check.REUSED);
        assertThat(factors.verify(ada, code(e, 0), actor)).isEqualTo(Check.ACCEPTED);
        assertThat(factors.verify(ada, code(e, 0), actor)).isEqualTo(Check.REUSED);
        assertThat(factors.verify(ada, code(e, -1), actor)).as("an older step than the last accepted").isEqualTo(Check.REUSED);
        assertThat(factors.verifyCode(ada, code(e, 1))).as("the next step (a fast clock)").isEqualTo(Check.ACCEPTED);
        clock.plusSeconds(30);
        assertThat(factors.verify(ada, code(e, 0), actor)).as("the step used in advance").isEqualTo(Check.REUSED);
        clock.plusSeconds(30);
        assertThat(factors.verify(ada, " " + code(e, 0).substring(0, 3) + " " + code(e, 0).substring(3), actor)).as("spaces are ignored")
                .isEqualTo(Check.ACCEPTED);
        assertThat(factors.verify(ada, "", actor)).isEqualTo(Check.WRONG);
        assertThat(factors.verify(ada, null, actor)).isEqualTo(Check.WRONG);
    }

    @Test
    void ofTwoRequestsWithTheSameCodeOnlyOneIsAccepted() throws Exception {
        SecondFactors.Enrolment e = enabled();
        clock.plusSeconds(60);
        String code = code(e, 0);
        Callable<Check> attempt = () -> factors.verify(ada, code, actor);
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Check> results = pool.invokeAll(List.of(attempt, attempt, attempt, attempt)).stream().map(f -> {
                try {
                    return f.get();
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            }).toList();
            assertThat(results).containsOnlyOnce(Check.ACCEPTED).containsOnly(Check.ACCEPTED, Check.REUSED);
        }
    }

    @Test
    void aRecoveryCodeWorksOnceAndIsAudited() {
        SecondFactors.Enrolment e = enabled();
        List<String> codes = factors.regenerateRecoveryCodes(ada, actor);
        assertThat(factors.verify(ada, codes.get(3).toUpperCase(), actor)).isEqualTo(Check.RECOVERY_CODE_ACCEPTED);
        assertThat(factors.verify(ada, codes.get(3), actor)).isEqualTo(Check.REUSED);
        assertThat(factors.verify(ada, "abcde-fghjk", actor)).isEqualTo(Check.WRONG);
        assertThat(factors.standing(ada.userId(), null).recoveryCodesLeft()).isEqualTo(9);
        assertThat(actions()).containsExactly("mfa.enabled", "mfa.recovery_codes_regenerated", "mfa.recovery_code_used");
        assertThat(e).isNotNull();
    }

    @Test
    void regeneratedCodesReplaceTheOldOnes() {
        enabled();
        List<String> first = factors.regenerateRecoveryCodes(ada, actor);
        List<String> second = factors.regenerateRecoveryCodes(ada, actor);
        assertThat(second).doesNotContainAnyElementsOf(first);
        assertThat(factors.verify(ada, first.getFirst(), actor)).isEqualTo(Check.WRONG);
        assertThat(factors.verify(ada, second.getFirst(), actor)).isEqualTo(Check.RECOVERY_CODE_ACCEPTED);
    }

    @Test
    void disablingRemovesTheSecretAndTheCodes() {
        SecondFactors.Enrolment e = enabled();
        factors.disable(ada, actor);
        assertThat(factors.enabled(ada.userId())).isFalse();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM console_mfa_recovery_codes WHERE user_id = ?", Integer.class, ada.userId())).isZero();
        clock.plusSeconds(60);
        assertThat(factors.verify(ada, code(e, 0), actor)).isEqualTo(Check.WRONG);
        assertThatThrownBy(() -> factors.regenerateRecoveryCodes(ada, actor)).isInstanceOf(ConflictException.class);
        factors.disable(ada, actor); // nothing to turn off: no second record
        assertThat(actions()).containsExactly("mfa.enabled", "mfa.disabled");
    }

    @Test
    void anOrganizationsRuleIsKeptAndEachChangeAudited() {
        assertThat(factors.requiredBy(ada.tenantId())).isFalse();
        factors.require(ada.tenantId(), true, actor);
        factors.require(ada.tenantId(), true, actor);
        assertThat(factors.requiredBy(ada.tenantId())).isTrue();
        assertThat(factors.standing(ada.userId(), ada.tenantId()).requiredByOrganization()).isTrue();
        assertThat(factors.standing(ada.userId(), null).requiredByOrganization()).isFalse();
        factors.require(ada.tenantId(), false, actor);
        assertThat(factors.requiredBy(ada.tenantId())).isFalse();
        assertThat(actions()).containsExactly("mfa.required_changed", "mfa.required_changed");
        assertThat(audit.verify(ada.tenantId()).ok()).isTrue();
    }

    private SecondFactors.Enrolment enabled() {
        SecondFactors.Enrolment e = factors.begin(ada);
        factors.confirm(ada, code(e, 0), actor).orElseThrow();
        return e;
    }

    private String code(SecondFactors.Enrolment e, int stepsFromNow) {
        return Totp.code(Totp.fromBase32(e.secret()), Totp.step(clock.instant()) + stepsFromNow);
    }

    private List<String> actions() {
        return jdbc.queryForList("SELECT action FROM audit_log WHERE tenant_id = ? AND action LIKE 'mfa.%' ORDER BY seq", String.class,
                ada.tenantId().value());
    }

    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void plusSeconds(long s) {
            now = now.plusSeconds(s);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
