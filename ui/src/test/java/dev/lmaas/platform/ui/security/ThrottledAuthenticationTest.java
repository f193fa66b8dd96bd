package dev.lmaas.platform.ui.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmaas.platform.tenant.ConsoleAccount;
import dev.lmaas.platform.tenant.Role;
import dev.lmaas.platform.tenant.TenantId;
import dev.lmaas.platform.tenant.TenantStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** The timing oracle: every checked attempt computes exactly one password hash, known email or not (counted, not timed). */
class ThrottledAuthenticationTest {

    /** The real BCrypt, counting its checks. */
    static final class CountingEncoder implements PasswordEncoder {
        final PasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        final AtomicInteger matches = new AtomicInteger();

        @Override public String encode(CharSequence raw) { return bcrypt.encode(raw); }
        @Override public boolean matches(CharSequence raw, String encoded) {
            matches.incrementAndGet();
            return bcrypt.matches(raw, encoded);
        }
    }

    final CountingEncoder encoder = new CountingEncoder();
    final String knownHash = encoder.encode("correct horse battery");
    final UserDetailsService users = email -> {
        if (!"known@example.test".equalsIgnoreCase(email)) {
            throw new UsernameNotFoundException("none");
        }
        return new ConsolePrincipal(new ConsoleAccount(UUID.randomUUID(), new TenantId(UUID.randomUUID()), email, knownHash,
                Role.CUSTOMER, TenantStatus.ACTIVE, dev.lmaas.platform.tenant.MemberRole.OWNER));
    };
    final ThrottledAuthentication auth = new ThrottledAuthentication(users, encoder,
            new LoginThrottle(new InMemoryFailureCounts(), 3, 100, 100, Duration.ofMinutes(15), Duration.ofSeconds(30), Clock.systemUTC()));

    @Test
    void anUnknownEmailCostsOneHashLikeAWrongPassword() {
        int before = encoder.matches.get();
        assertThatThrownBy(() -> auth.authenticate(attempt("nobody@example.test", "wrong password!", "10.0.0.1")))
                .isInstanceOf(BadCredentialsException.class);
        assertThat(encoder.matches.get() - before).isEqualTo(1);

        before = encoder.matches.get();
        assertThatThrownBy(() -> auth.authenticate(attempt("known@example.test", "wrong password!", "10.0.0.2")))
                .isInstanceOf(BadCredentialsException.class);
        assertThat(encoder.matches.get() - before).isEqualTo(1);

        before = encoder.matches.get();
        assertThat(auth.authenticate(attempt("known@example.test", "correct horse battery", "10.0.0.3")).isAuthenticated()).isTrue();
        assertThat(encoder.matches.get() - before).isEqualTo(1);
    }

    @Test
    void aPasswordOverSeventyTwoBytesIsAWrongPasswordAtTheSameCost() {
        int before = encoder.matches.get();
        assertThatThrownBy(() -> auth.authenticate(attempt("known@example.test", "x".repeat(73), "10.0.1.1")))
                .isInstanceOf(BadCredentialsException.class);
        assertThat(encoder.matches.get() - before).isEqualTo(1);
    }

    @Test
    void aThrottledAttemptComputesNoHash() {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> auth.authenticate(attempt("nobody@example.test", "wrong password!", "10.0.2.1")))
                    .isInstanceOf(BadCredentialsException.class);
        }
        int before = encoder.matches.get();
        assertThatThrownBy(() -> auth.authenticate(attempt("nobody@example.test", "wrong password!", "10.0.2.1")))
                .isInstanceOf(ThrottledAuthentication.TooManyFailuresException.class);
        assertThat(encoder.matches.get()).isEqualTo(before);
    }

    private static UsernamePasswordAuthenticationToken attempt(String email, String password, String address) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(address);
        var token = UsernamePasswordAuthenticationToken.unauthenticated(email, password);
        token.setDetails(new WebAuthenticationDetails(request));
        return token;
    }
}
