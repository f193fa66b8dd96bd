package dev.lmaas.platform.ui.security;

import java.time.Duration;
import java.time.Instant;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Password sign-in with a throttle in front: a locked account or address is refused before the
 * password is even checked, and a wrong password counts as a failure. The tenant's state is checked
 * only after the password matched, so nobody learns that an account is suspended without knowing
 * its password.
 */
class ThrottledAuthentication implements AuthenticationProvider {

    /** Refused because of too many failures; carries when the lock ends. */
    static final class TooManyFailuresException extends LockedException {
        TooManyFailuresException(Instant until) {
            super("Too many failed sign-in attempts; locked until " + until);
        }
    }

    private final DaoAuthenticationProvider passwords;
    private final LoginThrottle throttle;

    ThrottledAuthentication(ConsoleUserDetailsService users, PasswordEncoder encoder, LoginThrottle throttle) {
        this.throttle = throttle;
        this.passwords = new DaoAuthenticationProvider(users);
        passwords.setPasswordEncoder(encoder);
        passwords.setPreAuthenticationChecks(user -> {
        });
        passwords.setPostAuthenticationChecks(user -> {
            if (!user.isEnabled()) {
                throw new DisabledException("The tenant is not active");
            }
        });
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String email = authentication.getName();
        String address = authentication.getDetails() instanceof WebAuthenticationDetails d ? d.getRemoteAddress() : null;
        var locked = throttle.lockedUntil(email, address);
        if (locked.isPresent()) {
            throw new TooManyFailuresException(locked.get());
        }
        try {
            Authentication result = passwords.authenticate(authentication);
            throttle.succeeded(email);
            return result;
        } catch (BadCredentialsException e) {
            throttle.failed(email, address);
            throw e;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return passwords.supports(authentication);
    }

    static long minutesLeft(Instant until) {
        return Math.max(1, (Duration.between(Instant.now(), until).getSeconds() + 59) / 60);
    }
}
