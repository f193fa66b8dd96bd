package dev.lmaas.platform.ui.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmaas.platform.tenant.ConsoleAccount;
import dev.lmaas.platform.tenant.MemberRole;
import dev.lmaas.platform.tenant.Role;
import dev.lmaas.platform.tenant.TenantId;
import dev.lmaas.platform.tenant.TenantStatus;
import dev.lmaas.platform.ui.security.mfa.MfaPendingAuthentication;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.core.convert.ConversionService;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;

/** A half-finished sign-in grants nothing, and goes to the session store and back like every other session content. */
class MfaSessionTest {

    final ConversionService conversions = SessionSerialization.conversionService(getClass().getClassLoader());
    final ConsoleAccount account = new ConsoleAccount(UUID.randomUUID(), new TenantId(UUID.randomUUID()), "owner@example.test", "$2a$10$hash",
            Role.CUSTOMER, TenantStatus.ACTIVE, MemberRole.OWNER);

    @Test
    void aPendingSignInIsNotAuthenticatedHasNoAuthorityAndNoConsolePrincipal() {
        MfaPendingAuthentication pending = new MfaPendingAuthentication(new ConsolePrincipal(account), Instant.now());
        assertThat(pending.isAuthenticated()).isFalse();
        assertThat(pending.getAuthorities()).isEmpty();
        assertThat(pending.getPrincipal()).isEqualTo("owner@example.test").isNotInstanceOf(ConsolePrincipal.class);
        assertThat(pending.getCredentials()).isNull();
        assertThatThrownBy(() -> pending.setAuthenticated(true)).isInstanceOf(IllegalArgumentException.class);
        pending.eraseCredentials();
        assertThat(pending.toString()).doesNotContain("$2a$");
    }

    @Test
    void aPendingSignInLastsTenMinutes() {
        Instant since = Instant.parse("2026-12-04T08:00:00Z");
        MfaPendingAuthentication pending = new MfaPendingAuthentication(new ConsolePrincipal(account), since);
        assertThat(pending.expired(since.plusSeconds(600))).isFalse();
        assertThat(pending.expired(since.plusSeconds(601))).isTrue();
    }

    @Test
    void aPendingSignInRoundTripsThroughTheSessionStore() {
        ConsolePrincipal me = new ConsolePrincipal(account);
        me.eraseCredentials(); // as the provider manager leaves it
        SecurityContext context = new SecurityContextImpl(new MfaPendingAuthentication(me, Instant.parse("2026-12-04T08:00:00Z")));
        SecurityContext back = (SecurityContext) conversions.convert(conversions.convert(context, byte[].class), Object.class);
        assertThat(back.getAuthentication()).isInstanceOf(MfaPendingAuthentication.class).isEqualTo(context.getAuthentication());
        assertThat(back.getAuthentication().isAuthenticated()).isFalse();
        assertThat(back.getAuthentication().getName()).isEqualTo("owner@example.test");
    }

    @Test
    void aHalfSignedInSessionIsIndexedByItsAccountSoSignOutEverywhereEndsItToo() {
        org.springframework.session.MapSession session = new org.springframework.session.MapSession();
        assertThat(ConsoleSessions.indexOf(session)).isNull();
        session.setAttribute("SPRING_SECURITY_CONTEXT", new SecurityContextImpl(new MfaPendingAuthentication(new ConsolePrincipal(account), Instant.now())));
        assertThat(ConsoleSessions.indexOf(session)).isEqualTo(account.userId().toString());
    }
}
