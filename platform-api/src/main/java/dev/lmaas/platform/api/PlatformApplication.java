package dev.lmaas.platform.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The control plane: tenant API, gateway to inference nodes, admin API and console. */
@SpringBootApplication(scanBasePackages = "dev.lmaas.platform")
// Entities and repositories live in every module under dev.lmaas.platform, not only in this one.
@AutoConfigurationPackage(basePackages = "dev.lmaas.platform")
@EnableScheduling
public class PlatformApplication {

    public static void main(String[] args) {
        SpringApplication.run(PlatformApplication.class, args);
    }
}
