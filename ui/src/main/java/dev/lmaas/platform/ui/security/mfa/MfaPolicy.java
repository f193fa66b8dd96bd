package dev.lmaas.platform.ui.security.mfa;

import dev.lmaas.platform.tenant.SecondFactors;
import dev.lmaas.platform.ui.security.ConsolePrincipal;

/**
 * Who must use a second factor: platform admins unless {@code lmaas.console.mfa.required-for-admins=false}; members of an
 * organization whose owner requires it. Read on every request, so a new rule reaches sessions already signed in.
 */
public final class MfaPolicy {

    private final MfaProperties properties;
    private final SecondFactors factors;

    MfaPolicy(MfaProperties properties, SecondFactors factors) {
        this.properties = properties;
        this.factors = factors;
    }

    public SecondFactors.Standing standing(ConsolePrincipal me) {
        return factors.standing(me.userId(), me.hasTenant() ? me.tenant() : null);
    }

    public boolean required(ConsolePrincipal me, SecondFactors.Standing standing) {
        return me.isAdmin() ? properties.requiredForAdmins() : standing.requiredByOrganization();
    }

    /** True when this account must set up a second factor before it may do anything else. */
    public boolean mustEnrol(ConsolePrincipal me) {
        SecondFactors.Standing s = standing(me);
        return !s.enabled() && required(me, s);
    }
}
