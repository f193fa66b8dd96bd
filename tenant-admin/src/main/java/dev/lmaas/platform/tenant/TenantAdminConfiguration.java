package dev.lmaas.platform.tenant;

import dev.lmaas.platform.db.DataDirectory;
import dev.lmaas.platform.tenant.crypto.MasterKeys;
import dev.lmaas.platform.tenant.key.KeyHasher;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Wires the tenant-admin module: the key pepper and the console's password hash. */
@Configuration
@EnableConfigurationProperties(TenantAdminProperties.class)
class TenantAdminConfiguration {

    @Bean
    KeyHasher keyHasher(TenantAdminProperties properties, DataDirectory dataDirectory) {
        String pepper = properties.keyPepper() == null || properties.keyPepper().isBlank()
                ? dataDirectory.secret("secrets/key-pepper", 32)
                : properties.keyPepper();
        String previous = properties.previousKeyPeppers() == null ? "" : properties.previousKeyPeppers();
        java.util.List<byte[]> older = java.util.Arrays.stream(previous.split(",")).map(String::strip).filter(p -> !p.isEmpty())
                .map(p -> p.getBytes(StandardCharsets.UTF_8)).toList();
        return new KeyHasher(pepper.getBytes(StandardCharsets.UTF_8), older);
    }

    @Bean
    MasterKeys masterKeys(TenantAdminProperties properties, DataDirectory dataDirectory) {
        return new MasterKeys(properties.masterKey(), properties.previousMasterKeys(), dataDirectory);
    }

    @Bean
    PasswordEncoder passwordEncoder(TenantAdminProperties properties) {
        return new BCryptPasswordEncoder(properties.passwordStrength());
    }
}
