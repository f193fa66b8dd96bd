package dev.lmaas.platform.ui;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The console on its own, for tests and for looking at it by hand: tenant-admin on an embedded
 * PostgreSQL, and in-memory fakes for every port (see {@code fakes}). Run it with
 * {@code ./mvnw -pl ui test-compile exec:java} or from an IDE; sign in as {@code ops@lmaas.test}.
 */
@SpringBootApplication(scanBasePackages = {"dev.lmaas.platform.ui", "dev.lmaas.platform.tenant", "dev.lmaas.platform.db"})
@AutoConfigurationPackage(basePackages = "dev.lmaas.platform")
@EnableScheduling
public class ConsoleTestApplication {

    public static void main(String[] args) {
        SpringApplication.run(ConsoleTestApplication.class, args);
    }
}
