package dev.lmaas.platform.api;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lmaas.api.*}: the control plane's HTTP surfaces.
 *
 * @param maxBodyBytes largest request body accepted by the machine APIs (413 above)
 * @param publicUrl the URL people and nodes use to reach this control plane (for links and run.json)
 */
@Validated
@ConfigurationProperties("lmaas.api")
public record ApiProperties(@Min(1024) Long maxBodyBytes, String publicUrl, Duration idempotencyWindow) {

    public ApiProperties {
        maxBodyBytes = maxBodyBytes == null ? 2L * 1024 * 1024 : maxBodyBytes;
        idempotencyWindow = idempotencyWindow == null ? Duration.ofHours(24) : idempotencyWindow;
    }
}
