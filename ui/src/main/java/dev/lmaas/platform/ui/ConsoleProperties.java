package dev.lmaas.platform.ui;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lmaas.console.*}: the web console's settings; the defaults suit a single-machine install.
 *
 * @param supportContact whom customers contact for a forgotten password or a suspended account
 * @param loginMaxFailures failed sign-ins on one account before it is locked for {@code loginLockout}
 * @param loginMaxFailuresPerAddress failed sign-ins from one client address (any account) before it is locked;
 *                                   higher than per account, because offices share an address
 * @param loginLockout how long a lock lasts
 * @param apiReference where the API reference lives (linked from every page)
 */
@Validated
@ConfigurationProperties("lmaas.console")
public record ConsoleProperties(String supportContact, Integer loginMaxFailures, Integer loginMaxFailuresPerAddress, Duration loginLockout,
                                String apiReference) {

    public ConsoleProperties {
        supportContact = supportContact == null || supportContact.isBlank() ? "the operator of this LMaaS installation" : supportContact.strip();
        loginMaxFailures = loginMaxFailures == null ? 5 : loginMaxFailures;
        loginMaxFailuresPerAddress = loginMaxFailuresPerAddress == null ? 20 : loginMaxFailuresPerAddress;
        loginLockout = loginLockout == null ? Duration.ofMinutes(15) : loginLockout;
        apiReference = apiReference == null || apiReference.isBlank() ? "/swagger-ui.html" : apiReference;
    }
}
