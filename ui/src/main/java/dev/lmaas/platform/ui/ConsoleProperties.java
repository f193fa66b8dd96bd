package dev.lmaas.platform.ui;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lmaas.console.*}: the web console's settings; the defaults suit a single-machine install.
 *
 * @param supportContact whom customers contact about a suspended account or a plan change in local mode; the footer
 *                       names it only when it is set
 * @param loginFreeFailures failed sign-ins on one account from one client address before each further
 *                          attempt waits (1 s, doubling up to {@code loginMaxDelay}); never a lockout
 * @param loginFreeFailuresPerAddress the same from one client address on any account; higher, because offices share an address
 * @param loginFreeFailuresPerAccount the same on one account from any address (guessing spread over many addresses)
 * @param loginMaxDelay the longest wait one client address is asked for
 * @param loginAccountMaxDelay the longest wait the account-wide back-off imposes: all its owner can be delayed by
 * @param signupFreePerAddress sign-ups from one client address before further ones wait (1 min, doubling up to 1 h)
 * @param trustedProxies addresses of reverse proxies whose {@code X-Forwarded-For} / {@code X-Forwarded-Proto} are
 *                       believed (exact IP addresses); empty, the default, believes nobody
 * @param apiReference where the API reference lives (linked from every page)
 */
@Validated
@ConfigurationProperties("lmaas.console")
public record ConsoleProperties(String supportContact, Integer loginFreeFailures, Integer loginFreeFailuresPerAddress,
                                Integer loginFreeFailuresPerAccount, Duration loginMaxDelay, Duration loginAccountMaxDelay,
                                Integer signupFreePerAddress, List<String> trustedProxies, String apiReference) {

    /** What the pages say when no contact is configured (in sentences; the footer then shows none). */
    public static final String DEFAULT_SUPPORT = "the operator of this LMaaS installation";

    public ConsoleProperties {
        supportContact = supportContact == null || supportContact.isBlank() ? DEFAULT_SUPPORT : supportContact.strip();
        loginFreeFailures = loginFreeFailures == null ? 3 : loginFreeFailures;
        loginFreeFailuresPerAddress = loginFreeFailuresPerAddress == null ? 20 : loginFreeFailuresPerAddress;
        loginFreeFailuresPerAccount = loginFreeFailuresPerAccount == null ? 100 : loginFreeFailuresPerAccount;
        loginMaxDelay = loginMaxDelay == null ? Duration.ofMinutes(15) : loginMaxDelay;
        loginAccountMaxDelay = loginAccountMaxDelay == null ? Duration.ofSeconds(30) : loginAccountMaxDelay;
        signupFreePerAddress = signupFreePerAddress == null ? 5 : signupFreePerAddress;
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        apiReference = apiReference == null || apiReference.isBlank() ? "/swagger-ui.html" : apiReference;
    }

    /** True when the operator named a support contact ({@code lmaas.console.support-contact}). */
    public boolean supportConfigured() {
        return !DEFAULT_SUPPORT.equals(supportContact);
    }
}
