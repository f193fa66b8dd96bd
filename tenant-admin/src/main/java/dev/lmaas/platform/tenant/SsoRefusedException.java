package dev.lmaas.platform.tenant;

/** A single sign-on that makes nobody a member and signs nobody in, with the reason the refusal page explains. */
public class SsoRefusedException extends RuntimeException {

    /** Why; the console shows each one in words (message keys {@code sso.refused.<code>}). */
    public enum Reason {
        /** The provider did not vouch for the e-mail address (email_verified is not true), or sent none. */
        UNVERIFIED_EMAIL,
        /** No organization uses this e-mail domain for single sign-on, and no invitation waits for the address. */
        DOMAIN_NOT_MAPPED,
        /** The organization is suspended (or deleted): as with a password, nobody of it signs in. */
        ORGANIZATION_SUSPENDED,
        /** The person was removed from (or left) the organization: only a new invitation brings them back. */
        REMOVED,
        /** A platform admin's account, or an account already linked to another person at this provider. */
        NOT_ELIGIBLE;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Reason reason;
    private final TenantId tenant;

    public SsoRefusedException(Reason reason) {
        this(reason, null);
    }

    /** A refusal that concerns a known organization (its audit chain hears of it). */
    public SsoRefusedException(Reason reason, TenantId tenant) {
        super("Single sign-on refused: " + reason.code());
        this.reason = reason;
        this.tenant = tenant;
    }

    public Reason reason() {
        return reason;
    }

    /** The organization the refused person tried to reach, when known; null otherwise. */
    public TenantId tenant() {
        return tenant;
    }
}
