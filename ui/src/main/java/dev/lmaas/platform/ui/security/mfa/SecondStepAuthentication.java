package dev.lmaas.platform.ui.security.mfa;

import dev.lmaas.platform.tenant.SecondFactors;
import dev.lmaas.platform.ui.security.ConsolePrincipal;
import java.time.Clock;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Wraps the password check: for an account with a second factor, a right password yields only a
 * {@link MfaPendingAuthentication}, so the session never holds a signed-in context before the code was checked (not even
 * for the moment between the password filter saving the context and a success handler replacing it).
 */
final class SecondStepAuthentication implements AuthenticationProvider {

    private final AuthenticationProvider passwords;
    private final SecondFactors factors;
    private final Clock clock;

    SecondStepAuthentication(AuthenticationProvider passwords, SecondFactors factors, Clock clock) {
        this.passwords = passwords;
        this.factors = factors;
        this.clock = clock;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        Authentication result = passwords.authenticate(authentication);
        if (result != null && result.getPrincipal() instanceof ConsolePrincipal me && factors.enabled(me.userId())) {
            MfaPendingAuthentication pending = new MfaPendingAuthentication(me, clock.instant());
            pending.setDetails(result.getDetails());
            return pending;
        }
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return passwords.supports(authentication);
    }
}
