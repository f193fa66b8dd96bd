package dev.lmaas.platform.tenant;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lmaas.tenant.*}. Secrets default to files generated in the data directory (0600), so a
 * single-machine install needs no configuration; several replicas must share {@code keyPepper}.
 *
 * @param keyPepper server pepper for key HMACs (env {@code LMAAS_KEY_PEPPER}); generated if blank
 * @param adminKey a bootstrap admin key to accept (env {@code LMAAS_ADMIN_KEY}); generated on first start if blank
 * @param rotationGrace how long a rotated key's old secret stays valid by default
 * @param passwordStrength BCrypt cost for console passwords
 * @param cacheResync how often the key cache reloads everything, in case a notification was lost
 * @param masterKey base64 of the 32-byte master key (env {@code LMAAS_MASTER_KEY}); generated into the data directory if blank
 * @param previousMasterKeys comma-separated earlier master keys, still accepted to unwrap (and rewrap) data keys
 * @param previousKeyPeppers comma-separated earlier key peppers (env {@code LMAAS_PREVIOUS_KEY_PEPPERS}): keys hashed
 *                           under them still verify and are re-hashed under the current pepper on their next use
 */
@Validated
@ConfigurationProperties("lmaas.tenant")
public record TenantAdminProperties(String keyPepper, String adminKey, Duration rotationGrace, Integer passwordStrength,
                                    Duration cacheResync, String masterKey, String previousMasterKeys,
                                    String previousKeyPeppers) {

    public TenantAdminProperties {
        rotationGrace = rotationGrace == null ? Duration.ofHours(24) : rotationGrace;
        passwordStrength = passwordStrength == null ? 10 : passwordStrength;
        cacheResync = cacheResync == null ? Duration.ofSeconds(60) : cacheResync;
    }
}
