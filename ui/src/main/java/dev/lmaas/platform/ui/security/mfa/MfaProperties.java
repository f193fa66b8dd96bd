package dev.lmaas.platform.ui.security.mfa;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code lmaas.console.mfa.*}: who must use a second factor in the console.
 *
 * @param requiredForAdmins platform admins must set up an authenticator app before they can do anything else (default
 *                          true); members are required only when their organization's owner says so
 */
@ConfigurationProperties("lmaas.console.mfa")
public record MfaProperties(Boolean requiredForAdmins) {

    public MfaProperties {
        requiredForAdmins = requiredForAdmins == null || requiredForAdmins;
    }
}
