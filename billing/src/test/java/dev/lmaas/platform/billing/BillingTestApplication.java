package dev.lmaas.platform.billing;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The billing module on its own: embedded PostgreSQL (db module), Flyway, billing beans. */
@SpringBootApplication(scanBasePackages = {"dev.lmaas.platform.billing", "dev.lmaas.platform.db"})
public class BillingTestApplication {
}
