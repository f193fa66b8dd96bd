package dev.lmaas.platform.db;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lmaas.db.*}: how the control plane reaches PostgreSQL when {@code spring.datasource.url}
 * is not set. {@code url} (usually from {@code DATABASE_URL}) names an external server; without it
 * an embedded server is started in the data directory, its binaries unpacked in {@code binariesDir}
 * (a 0700 directory of this user's; default {@code ~/.cache/lmaas/postgres}).
 */
@Validated
@ConfigurationProperties("lmaas.db")
public record DatabaseProperties(String url, @Min(1) @Max(500) Integer poolSize, @Min(0) @Max(65535) Integer embeddedPort,
                                 String binariesDir) {

    public DatabaseProperties {
        poolSize = poolSize == null ? 20 : poolSize;
        embeddedPort = embeddedPort == null ? 0 : embeddedPort;
    }
}
