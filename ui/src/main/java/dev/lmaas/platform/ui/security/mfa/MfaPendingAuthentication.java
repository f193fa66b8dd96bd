package dev.lmaas.platform.ui.security.mfa;

import dev.lmaas.platform.ui.security.ConsolePrincipal;
import java.io.Serial;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * Half signed in: the password was right, the second factor is still to come. It grants nothing: it is never
 * authenticated, has no authority, and its principal is only the e-mail (not a {@link ConsolePrincipal}, which every
 * page looks for). {@link MfaGate} lets it reach the code page and nothing else. Kept in the session (hence
 * serializable, with classes {@code SessionSerialization} accepts) for at most {@link #LIFETIME}.
 */
public final class MfaPendingAuthentication extends AbstractAuthenticationToken {

    @Serial
    private static final long serialVersionUID = 1L;
    /** How long the code page waits for a code after the password; then the password is asked again. */
    public static final Duration LIFETIME = Duration.ofMinutes(10);

    private final ConsolePrincipal account;
    private final Instant since;

    public MfaPendingAuthentication(ConsolePrincipal account, Instant since) {
        super(List.of());
        this.account = account;
        this.since = since;
        super.setAuthenticated(false);
    }

    /** Who signs in (as at the password step; its credentials already erased). */
    ConsolePrincipal account() {
        return account;
    }

    /** The account signing in (its sessions are indexed by it, so "sign out everywhere" ends a half-finished one too). */
    public java.util.UUID userId() {
        return account.userId();
    }

    public boolean expired(Instant now) {
        return now.isAfter(since.plus(LIFETIME));
    }

    @Override
    public Object getPrincipal() {
        return account.email();
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public void setAuthenticated(boolean authenticated) {
        if (authenticated) {
            throw new IllegalArgumentException("a half-finished sign-in is never authenticated");
        }
        super.setAuthenticated(false);
    }

    @Override
    public void eraseCredentials() {
        account.eraseCredentials();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MfaPendingAuthentication p && p.account.equals(account) && p.since.equals(since);
    }

    @Override
    public int hashCode() {
        return account.hashCode();
    }

    @Override
    public String toString() {
        return "MfaPendingAuthentication[" + account + "]";
    }
}
