package dev.lmaas.platform.tenant;

/**
 * Who an OpenID Connect provider says signed in, from its (already validated) ID token: the issuer and subject that
 * name the person for good, and the e-mail address with whether the provider verified it.
 */
public record OidcIdentity(String issuer, String subject, String email, boolean emailVerified) {

    @Override
    public String toString() {
        return "OidcIdentity[" + issuer + ", " + subject + "]"; // the address is personal data: not in logs
    }
}
