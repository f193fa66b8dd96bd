package dev.lmaas.platform.ui.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Password sign-in with a throttle in front. Every attempt the throttle lets through costs exactly
 * one password-hash computation, whether the email exists or not (unknown emails are checked against
 * a hash of a random password made with the same encoder), so the answer's timing does not tell
 * which emails have accounts. A throttled attempt is refused before any look-up. The tenant's state
 * is checked only after the password matched, so nobody learns that an account is suspended without
 * knowing its password.
 */
class ThrottledAuthentication implements AuthenticationProvider {

    /** BCrypt reads at most 72 bytes; no stored password is longer (sign-up and change refuse it). */
    static final int MAX_PASSWORD_BYTES = 72;

    /** Refused because of recent failures; carries how long to wait. */
    static final class TooManyFailuresException extends LockedException {
        private final Duration wait;

        TooManyFailuresException(Duration wait) {
            super("Too many failed sign-in attempts; retry in " + wait.toSeconds() + " s");
            this.wait = wait;
        }

        /** Whole seconds to wait, at least one. */
        long seconds() {
            return Math.max(1, (wait.toMillis() + 999) / 1000);
        }
    }

    private final UserDetailsService users;
    private final PasswordEncoder encoder;
    private final LoginThrottle throttle;
    private final String unknownUserHash;

    ThrottledAuthentication(UserDetailsService users, PasswordEncoder encoder, LoginThrottle throttle) {
        this.users = users;
        this.encoder = encoder;
        this.throttle = throttle;
        // Made once, by the same encoder at the same cost as real hashes, so checking against it takes as long.
        this.unknownUserHash = encoder.encode(UUID.randomUUID().toString());
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String email = authentication.getName();
        String address = authentication.getDetails() instanceof WebAuthenticationDetails d ? d.getRemoteAddress() : null;
        Duration wait = throttle.waitLeft(email, address);
        if (!wait.isZero()) {
            throw new TooManyFailuresException(wait);
        }
        String presented = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
        Optional<UserDetails> user = find(email);
        String hash = user.map(UserDetails::getPassword).orElse(unknownUserHash);
        boolean matches;
        if (presented.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            encoder.matches("", hash); // the same work as any other attempt; such a password can never be right
            matches = false;
        } else {
            matches = encoder.matches(presented, hash) && user.isPresent();
        }
        if (!matches) {
            throttle.failed(email, address);
            throw new BadCredentialsException("Bad credentials");
        }
        throttle.succeeded(email, address);
        UserDetails u = user.get();
        if (!u.isEnabled()) {
            throw new DisabledException("The tenant is not active");
        }
        var result = UsernamePasswordAuthenticationToken.authenticated(u, null, u.getAuthorities());
        result.setDetails(authentication.getDetails());
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private Optional<UserDetails> find(String email) {
        try {
            return Optional.ofNullable(users.loadUserByUsername(email == null ? "" : email));
        } catch (UsernameNotFoundException e) {
            return Optional.empty();
        }
    }
}
